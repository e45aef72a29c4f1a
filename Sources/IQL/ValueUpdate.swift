import Foundation
import NN

extension Learner {
    /// Value step (SPEC §3.1), with the critic's **target** copy:
    ///
    ///     q = min(Q1_t(s, a), Q2_t(s, a)),   L_V = mean |τ − 1(u < 0)| · u²,   u = q − V(s)
    ///
    /// L_V and ∂L_V/∂θ_V (into `buffers.valueGradients`; `update` then takes the Adam step).
    /// Needs the forward passes Q1_t, Q2_t (`targetQ1Workspace`, `targetQ2Workspace`) and V(s)
    /// (`valueWorkspace`); leaves q in `buffers.targetQ` for the actor.
    func valueLossAndGradients(value parameters: Parameters) -> (loss: Float, meanValue: Float) {
        let b = buffers, n = b.batchSize
        for i in 0..<n { b.targetQ[i] = min(b.targetQ1Workspace.output[i], b.targetQ2Workspace.output[i]) }
        let v = b.valueWorkspace.output
        let loss = expectileLoss(predictions: v, targets: b.targetQ, count: n, expectile: config.expectile, gradient: b.valueGradient)
        parameters.values.withUnsafeBufferPointer { parameters in
            b.valueGradients.withUnsafeMutableBufferPointer { gradients in
                value.mlp.backward(parameters: parameters.baseAddress!, gradients: gradients.baseAddress!, input: b.observations,
                                   outputGradient: b.valueGradient, batch: n, workspace: b.valueWorkspace, inputGradient: nil)
            }
        }
        return (loss, mean(v, count: n))
    }

    /// `network` with `parameters` on `input` (the batch's rows), into `workspace`.
    func forward(_ network: MLP, _ parameters: Parameters, on input: UnsafePointer<Float>, into workspace: MLP.Workspace) {
        parameters.values.withUnsafeBufferPointer { parameters in
            network.forward(parameters: parameters.baseAddress!, input: input, batch: buffers.batchSize, workspace: workspace)
        }
    }

    /// The mean of `count` floats.
    func mean(_ values: UnsafePointer<Float>, count: Int) -> Float {
        var total: Float = 0
        for i in 0..<count { total += values[i] }
        return total / Float(count)
    }
}
