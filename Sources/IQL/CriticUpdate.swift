import NN

extension Learner {
    /// Critic step (SPEC §3.3), bootstrapping from the value just updated:
    ///
    ///     y = r + γ·mask·V_new(s′),   L_Q = mean (Q1(s, a) − y)² + mean (Q2(s, a) − y)²
    ///
    /// then one Adam step on both critics.
    func updateCritic() -> (loss: Float, meanQ: Float) {
        let step = criticLossAndGradients()
        adamStep(\.critic, \.criticOptimizer, gradients: buffers.criticGradients, learningRate: config.criticLearningRate)
        return step
    }

    /// L_Q and ∂L_Q/∂θ_Q (into `buffers.criticGradients`), without changing any parameter.
    func criticLossAndGradients() -> (loss: Float, meanQ: Float) {
        let b = buffers, n = b.batchSize
        state.value.values.withUnsafeBufferPointer { parameters in
            value.mlp.forward(parameters: parameters.baseAddress!, input: b.nextObservations, batch: n, workspace: b.valueWorkspace)
        }
        for i in 0..<n { b.tdTargets[i] = b.rewards[i] + config.discount * b.masks[i] * b.valueWorkspace.output[i] }

        let loss = state.critic.values.withUnsafeBufferPointer { parameters in
            let p = parameters.baseAddress!
            critic.q1.forward(parameters: p, input: b.stateActions, batch: n, workspace: b.q1Workspace)
            critic.q2.forward(parameters: p, input: b.stateActions, batch: n, workspace: b.q2Workspace)
            let loss1 = meanSquaredError(predictions: b.q1Workspace.output, targets: b.tdTargets, count: n, gradient: b.q1Gradient)
            let loss2 = meanSquaredError(predictions: b.q2Workspace.output, targets: b.tdTargets, count: n, gradient: b.q2Gradient)
            b.criticGradients.withUnsafeMutableBufferPointer { gradients in
                critic.q1.backward(parameters: p, gradients: gradients.baseAddress!, input: b.stateActions,
                                   outputGradient: b.q1Gradient, batch: n, workspace: b.q1Workspace, inputGradient: nil)
                critic.q2.backward(parameters: p, gradients: gradients.baseAddress!, input: b.stateActions,
                                   outputGradient: b.q2Gradient, batch: n, workspace: b.q2Workspace, inputGradient: nil)
            }
            return loss1 + loss2
        }
        return (loss, mean(b.q1Workspace.output, count: n))
    }
}
