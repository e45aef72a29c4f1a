import NN

/// What the value step reports.
struct ValueStep {
    /// L_V.
    var loss: Float = 0
    /// mean V(s) before the step.
    var meanValue: Float = 0
}

extension Learner {
    /// Value step (SPEC §3.1), with the critic's **target** copy:
    ///
    ///     q = min(Q1_t(s, a), Q2_t(s, a)),   u = q − V(s),   L_V = mean |τ − 1(u < 0)| · u²
    ///
    /// then an Adam step on V. Leaves q in `buffers.targetQ` for the actor step.
    func updateValue() -> ValueStep {
        let b = buffers
        forward(critic.q1, state.targetCritic, on: batch.stateActions, into: b.targetQ1Workspace)
        forward(critic.q2, state.targetCritic, on: batch.stateActions, into: b.targetQ2Workspace)
        forward(value.mlp, state.value.parameters, on: batch.observations, into: b.valueWorkspace)
        let step = valueLoss()
        backward(value.mlp, state.value.parameters, input: batch.observations, outputGradient: b.valueGradient,
                 workspace: b.valueWorkspace, into: &b.valueGradients)
        adamStep(&state.value, gradients: b.valueGradients, learningRate: config.valueLearningRate)
        return step
    }

    /// L_V and ∂L_V/∂V(s) (into `buffers.valueGradient`) from the forward passes Q1_t(s, a),
    /// Q2_t(s, a) and V(s) in their workspaces; q into `buffers.targetQ`.
    func valueLoss() -> ValueStep {
        let b = buffers, n = batch.size
        for i in 0..<n { b.targetQ[i] = min(b.targetQ1Workspace.output[i], b.targetQ2Workspace.output[i]) }
        let v = b.valueWorkspace.output
        let loss = expectileLoss(predictions: v, targets: b.targetQ, count: n, expectile: config.expectile, gradient: b.valueGradient)
        return ValueStep(loss: loss, meanValue: mean(v, count: n))
    }
}
