import Foundation
import NN

extension Learner {
    /// Value step (SPEC §3.1), with the critic's **target** copy:
    ///
    ///     q = min(Q1_t(s, a), Q2_t(s, a)),   L_V = mean |τ − 1(u < 0)| · u²,   u = q − V(s)
    ///
    /// then one Adam step on V. Leaves q in `buffers.targetQ` for the actor step.
    func updateValue(_ value: inout Trainable, targetCritic: Parameters) -> (loss: Float, meanValue: Float) {
        computeTargetQ(targetCritic: targetCritic)
        let step = valueLossAndGradients(value: value.parameters)
        adam.update(&value.parameters.values, gradients: buffers.valueGradients, state: &value.optimizer, learningRate: config.valueLearningRate)
        return step
    }

    /// q = min(Q1_t, Q2_t)(s, a) into `buffers.targetQ`, the two target forwards on two threads.
    func computeTargetQ(targetCritic: Parameters) {
        let b = buffers, n = b.batchSize
        targetCritic.values.withUnsafeBufferPointer { target in
            concurrently({
                critic.q1.forward(parameters: target.baseAddress!, input: b.stateActions, batch: n, workspace: b.q1Workspace)
            }, {
                critic.q2.forward(parameters: target.baseAddress!, input: b.stateActions, batch: n, workspace: b.q2Workspace)
            })
        }
        for i in 0..<n { b.targetQ[i] = min(b.q1Workspace.output[i], b.q2Workspace.output[i]) }
    }

    /// L_V and ∂L_V/∂θ_V (into `buffers.valueGradients`) against `buffers.targetQ`.
    func valueLossAndGradients(value parameters: Parameters) -> (loss: Float, meanValue: Float) {
        let b = buffers, n = b.batchSize
        let v = b.valueWorkspace.output
        let loss = parameters.values.withUnsafeBufferPointer { parameters in
            value.mlp.forward(parameters: parameters.baseAddress!, input: b.observations, batch: n, workspace: b.valueWorkspace)
            let loss = expectileLoss(predictions: v, targets: b.targetQ, count: n, expectile: config.expectile, gradient: b.valueGradient)
            b.valueGradients.withUnsafeMutableBufferPointer { gradients in
                value.mlp.backward(parameters: parameters.baseAddress!, gradients: gradients.baseAddress!, input: b.observations,
                                   outputGradient: b.valueGradient, batch: n, workspace: b.valueWorkspace, inputGradient: nil)
            }
            return loss
        }
        return (loss, mean(v, count: n))
    }

    /// The mean of `count` floats.
    func mean(_ values: UnsafePointer<Float>, count: Int) -> Float {
        var total: Float = 0
        for i in 0..<count { total += values[i] }
        return total / Float(count)
    }
}

/// Runs `first` and `second` at the same time, one on each of two threads, and returns when both
/// are done. They must touch disjoint memory (their own buffers and parameter sets).
func concurrently(_ first: () -> Void, _ second: () -> Void) {
    DispatchQueue.concurrentPerform(iterations: 2) { $0 == 0 ? first() : second() }
}
