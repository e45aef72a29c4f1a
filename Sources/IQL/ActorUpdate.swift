import Foundation
import NN

extension Learner {
    /// The policy's pre-tanh means m(s) (with dropout when configured), kept in `actorWorkspace`.
    func forwardActor<G: RandomNumberGenerator>(_ actor: Parameters, dropoutUsing generator: inout G) {
        let b = buffers
        actor.values.withUnsafeBufferPointer { parameters in
            policy.mlp.forward(parameters: parameters.baseAddress!, input: b.observations, batch: b.batchSize,
                               workspace: b.actorWorkspace, dropoutUsing: &generator)
        }
    }

    /// Actor step (SPEC §3.2), advantage-weighted regression with the value just updated:
    ///
    ///     w = min(exp(β·(q − V_new(s))), 100),   L_π = −mean w · log π(a|s)
    ///
    /// (w = 1 for behaviour cloning): L_π and ∂L_π/∂θ_π (into `buffers.actorGradients`; `update`
    /// then takes the Adam step at the cosine-decayed learning rate) from the last `forwardActor`
    /// of `actor` and the weights from `computeAdvantageWeights`. With `threads` (when the step
    /// has both threads to itself, as in behaviour cloning) the backward pass uses both.
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
