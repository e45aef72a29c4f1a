import NN

extension Learner {
    /// Critic step (SPEC §3.3), bootstrapping from the value just updated:
    ///
    ///     y = r + γ·mask·V_new(s′),   L_Q = mean (Q1(s, a) − y)² + mean (Q2(s, a) − y)²
    ///
    /// then one Adam step on both critics and the target update θ_t ← τ_p·θ + (1 − τ_p)·θ_t.
    /// Needs y from `computeTDTargets` and the forward passes Q1(s, a), Q2(s, a) (`q1Workspace`, `q2Workspace`).
    func updateCritic(_ critic: inout Trainable, target: inout Parameters) -> (loss: Float, meanQ: Float) {
        let step = criticLossAndGradients(critic: critic.parameters)
        adam.update(&critic.parameters.values, gradients: buffers.criticGradients, state: &critic.optimizer, learningRate: config.criticLearningRate)
        target.moveTowards(critic.parameters, rate: config.targetUpdateRate)
        return step
    }

    /// y = r + γ·mask·V(s′) into `buffers.tdTargets`.
    func computeTDTargets(value: Parameters) {
        let b = buffers, n = b.batchSize
        forward(self.value.mlp, value, on: b.nextObservations, into: b.nextValueWorkspace)
        for i in 0..<n { b.tdTargets[i] = b.rewards[i] + config.discount * b.masks[i] * b.nextValueWorkspace.output[i] }
    }

    /// L_Q and ∂L_Q/∂θ_Q (into `buffers.criticGradients`) from the forward passes of `parameters`.
    func criticLossAndGradients(critic parameters: Parameters) -> (loss: Float, meanQ: Float) {
        let b = buffers, n = b.batchSize
        let loss1 = meanSquaredError(predictions: b.q1Workspace.output, targets: b.tdTargets, count: n, gradient: b.q1Gradient)
        let loss2 = meanSquaredError(predictions: b.q2Workspace.output, targets: b.tdTargets, count: n, gradient: b.q2Gradient)
        parameters.values.withUnsafeBufferPointer { parameters in
            b.criticGradients.withUnsafeMutableBufferPointer { gradients in
                let p = parameters.baseAddress!, g = gradients.baseAddress!
                critic.q1.backward(parameters: p, gradients: g, input: b.stateActions, outputGradient: b.q1Gradient,
                                   batch: n, workspace: b.q1Workspace, inputGradient: nil)
                critic.q2.backward(parameters: p, gradients: g, input: b.stateActions, outputGradient: b.q2Gradient,
                                   batch: n, workspace: b.q2Workspace, inputGradient: nil)
            }
        }
        return (loss1 + loss2, mean(b.q1Workspace.output, count: n))
    }
}
