import NN

extension Learner {
    /// Value step (SPEC §3.1), with the critic's **target** copy:
    ///
    ///     q = min(Q1_t(s, a), Q2_t(s, a)),   L_V = mean |τ − 1(u < 0)| · u²,   u = q − V(s)
    ///
    /// then one Adam step on V. Leaves q in `buffers.targetQ` for the actor step.
    func updateValue() -> (loss: Float, meanValue: Float) {
        let step = valueLossAndGradients()
        adamStep(\.value, \.valueOptimizer, gradients: buffers.valueGradients, learningRate: config.valueLearningRate)
        return step
    }

    /// L_V and ∂L_V/∂θ_V (into `buffers.valueGradients`), without changing any parameter.
    func valueLossAndGradients() -> (loss: Float, meanValue: Float) {
        let b = buffers, n = b.batchSize
        state.targetCritic.values.withUnsafeBufferPointer { target in
            critic.q1.forward(parameters: target.baseAddress!, input: b.stateActions, batch: n, workspace: b.q1Workspace)
            critic.q2.forward(parameters: target.baseAddress!, input: b.stateActions, batch: n, workspace: b.q2Workspace)
        }
        for i in 0..<n { b.targetQ[i] = min(b.q1Workspace.output[i], b.q2Workspace.output[i]) }

        let v = b.valueWorkspace.output
        let loss = state.value.values.withUnsafeBufferPointer { parameters in
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
