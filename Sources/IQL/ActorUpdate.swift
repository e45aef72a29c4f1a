import Foundation
import NN

extension Learner {
    /// Actor step (SPEC §3.2), advantage-weighted regression with the value just updated:
    ///
    ///     w = min(exp(β·(q − V_new(s))), 100),   L_π = −mean w · log π(a|s)
    ///
    /// (w = 1 for behaviour cloning), then one Adam step on π at the cosine-decayed learning rate.
    /// Needs the weights from `computeAdvantageWeights` and the forward pass of `forwardActor`.
    /// With `threads` (when the step has both threads to itself, as in behaviour cloning) the
    /// backward pass and the Adam step use both.
    func updateActor(_ actor: inout Trainable, learningRate: Float, threads: ThreadPair? = nil) -> Float {
        let loss = actorLossAndGradients(actor: actor.parameters, threads: threads)
        adam.update(&actor.parameters.values, gradients: buffers.actorGradients, state: &actor.optimizer,
                    learningRate: learningRate, threads: threads)
        return loss
    }

    /// The policy's pre-tanh means m(s) (with dropout when configured), kept in `actorWorkspace`.
    func forwardActor<G: RandomNumberGenerator>(_ actor: Parameters, dropoutUsing generator: inout G) {
        let b = buffers
        actor.values.withUnsafeBufferPointer { parameters in
            policy.mlp.forward(parameters: parameters.baseAddress!, input: b.observations, batch: b.batchSize,
                               workspace: b.actorWorkspace, dropoutUsing: &generator)
        }
    }

    /// L_π and ∂L_π/∂θ_π (into `buffers.actorGradients`) from the last `forwardActor` of `actor`
    /// and the weights in `buffers.advantageWeights`.
    func actorLossAndGradients(actor: Parameters, threads: ThreadPair? = nil) -> Float {
        let b = buffers, n = b.batchSize
        return actor.values.withUnsafeBufferPointer { parameters in
            let p = parameters.baseAddress!
            return b.actorGradients.withUnsafeMutableBufferPointer { gradients in
                let g = gradients.baseAddress!
                let loss = weightedGaussianLoss(
                    preTanhMeans: b.actorWorkspace.output, actions: b.actions, weights: b.advantageWeights,
                    count: n, actionDim: actionDim, logStd: p + policy.logStd.offset,
                    logStdBounds: policy.logStdMin...policy.logStdMax,
                    meanGradient: b.meanGradient, logStdGradient: g + policy.logStd.offset)
                policy.mlp.backward(parameters: p, gradients: g, input: b.observations, outputGradient: b.meanGradient,
                                    batch: n, workspace: b.actorWorkspace, inputGradient: nil, threads: threads)
                return loss
            }
        }
    }

    /// Fills `buffers.advantageWeights` with min(exp(β·(q − V(s))), cap), q from `buffers.targetQ`,
    /// or with 1 for behaviour cloning; returns the mean advantage (nil for BC).
    func computeAdvantageWeights(value: Parameters) -> Float? {
        let b = buffers, n = b.batchSize
        guard config.algorithm == .iql else {
            for i in 0..<n { b.advantageWeights[i] = 1 }
            return nil
        }
        forward(self.value.mlp, value, on: b.observations, into: b.valueWorkspace)
        var total: Float = 0
        for i in 0..<n {
            let advantage = b.targetQ[i] - b.valueWorkspace.output[i]
            total += advantage
            b.advantageWeights[i] = min(exp(config.temperature * advantage), config.maxAdvantageWeight)
        }
        return total / Float(n)
    }
}
