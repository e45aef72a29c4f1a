import Foundation
import NN

/// What the actor step reports.
struct ActorStep {
    /// L_π.
    var loss: Float = 0
    /// mean of q − V_new(s), nil for behaviour cloning.
    var meanAdvantage: Float?
}

extension Learner {
    /// Actor step (SPEC §3.2), advantage-weighted regression with the value just updated:
    ///
    ///     w = min(exp(β·(q − V_new(s))), 100),   L_π = −mean w · log π(a|s)
    ///
    /// (w = 1 for behaviour cloning), then an Adam step on π at `learningRate` (the cosine
    /// schedule's). `generator` draws the dropout masks of the policy's forward pass.
    func updateActor<G: RandomNumberGenerator>(learningRate: Float, dropoutUsing generator: inout G) -> ActorStep {
        let meanAdvantage = computeAdvantageWeights(value: state.value.parameters)
        forwardActor(state.actor.parameters, dropoutUsing: &generator)
        let loss = actorLoss(actor: state.actor.parameters)
        backward(policy.mlp, state.actor.parameters, input: batch.observations, outputGradient: buffers.meanGradient,
                 workspace: buffers.actorWorkspace, into: &buffers.actorGradients)
        adamStep(&state.actor, gradients: buffers.actorGradients, learningRate: learningRate)
        return ActorStep(loss: loss, meanAdvantage: meanAdvantage)
    }

    /// Fills `buffers.advantageWeights` with min(exp(β·(q − V(s))), cap), q from `buffers.targetQ`
    /// and V(s) by a forward pass of `value`, or with 1 for behaviour cloning; returns the mean
    /// advantage (nil for BC).
    func computeAdvantageWeights(value: Parameters, sharing: ProductShare? = nil) -> Float? {
        let b = buffers, n = batch.size
        guard config.algorithm == .iql else {
            for i in 0..<n { b.advantageWeights[i] = 1 }
            return nil
        }
        forward(self.value.mlp, value, on: batch.observations, into: b.valueWorkspace, sharing: sharing)
        var total: Float = 0
        for i in 0..<n {
            let advantage = b.targetQ[i] - b.valueWorkspace.output[i]
            total += advantage
            b.advantageWeights[i] = min(exp(config.temperature * advantage), config.maxAdvantageWeight)
        }
        return total / Float(n)
    }

    /// The policy's pre-tanh means m(s) (with dropout when configured) into `actorWorkspace`.
    func forwardActor<G: RandomNumberGenerator>(_ actor: Parameters, dropoutUsing generator: inout G, sharing: ProductShare? = nil) {
        actor.values.withUnsafeBufferPointer { parameters in
            policy.mlp.forward(parameters: parameters.baseAddress!, input: batch.observations, batch: batch.size,
                               workspace: buffers.actorWorkspace, dropoutUsing: &generator, sharing: sharing)
        }
    }

    /// L_π, with ∂L_π/∂m into `buffers.meanGradient` and ∂L_π/∂log_std into the log-std slice of
    /// `buffers.actorGradients`, from the last `forwardActor` and the weights of `computeAdvantageWeights`.
    func actorLoss(actor: Parameters) -> Float {
        let b = buffers
        return actor.values.withUnsafeBufferPointer { parameters in
            b.actorGradients.withUnsafeMutableBufferPointer { gradients in
                weightedGaussianLoss(
                    preTanhMeans: b.actorWorkspace.output, actions: batch.actions, weights: b.advantageWeights,
                    count: batch.size, actionDim: actionDim, logStd: parameters.baseAddress! + policy.logStd.offset,
                    logStdBounds: policy.logStdMin...policy.logStdMax,
                    meanGradient: b.meanGradient, logStdGradient: gradients.baseAddress! + policy.logStd.offset)
            }
        }
    }
}
