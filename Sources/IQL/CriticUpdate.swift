import NN

/// What the critic step reports.
struct CriticStep {
    /// L_Q, the sum of the two critics' mean squared errors.
    var loss: Float = 0
    /// mean Q1(s, a) before the step.
    var meanQ: Float = 0
}

extension Learner {
    /// One of the twin critics.
    enum Twin { case q1, q2 }

    /// Critic step (SPEC §3.3), bootstrapping from the value just updated:
    ///
    ///     y = r + γ·mask·V_new(s′),   L_Q = mean (Q1(s, a) − y)² + mean (Q2(s, a) − y)²
    ///
    /// then an Adam step on both critics (one parameter set).
    func updateCritic() -> CriticStep {
        let b = buffers
        forward(critic.q1, state.critic.parameters, on: batch.stateActions, into: b.q1Workspace)
        forward(critic.q2, state.critic.parameters, on: batch.stateActions, into: b.q2Workspace)
        computeTDTargets(value: state.value.parameters)
        let loss = criticLoss(.q1) + criticLoss(.q2)
        criticBackward(.q1, critic: state.critic.parameters)
        criticBackward(.q2, critic: state.critic.parameters)
        adamStep(&state.critic, gradients: b.criticGradients, learningRate: config.criticLearningRate)
        return CriticStep(loss: loss, meanQ: mean(b.q1Workspace.output, count: batch.size))
    }

    /// y = r + γ·mask·V(s′) into `buffers.tdTargets`, V(s′) by a forward pass of `value`.
    func computeTDTargets(value: Parameters, sharing: ProductShare? = nil) {
        let b = buffers
        forward(self.value.mlp, value, on: batch.nextObservations, into: b.nextValueWorkspace, sharing: sharing)
        for i in 0..<batch.size {
            b.tdTargets[i] = batch.rewards[i] + config.discount * batch.masks[i] * b.nextValueWorkspace.output[i]
        }
    }

    /// One critic's term of L_Q, mean (Q_i(s, a) − y)², from its forward pass, with ∂/∂Q_i(s, a)
    /// into its output gradient (`q1Gradient`, `q2Gradient`).
    func criticLoss(_ twin: Twin) -> Float {
        let (workspace, gradient) = twin == .q1 ? (buffers.q1Workspace, buffers.q1Gradient) : (buffers.q2Workspace, buffers.q2Gradient)
        return meanSquaredError(predictions: workspace.output, targets: buffers.tdTargets, count: batch.size, gradient: gradient)
    }

    /// ∂L_Q/∂θ_Qi into Q_i's slices of `buffers.criticGradients` (the other critic's are left alone).
    func criticBackward(_ twin: Twin, critic parameters: Parameters, sharing: ProductShare? = nil) {
        let b = buffers
        let (network, workspace, gradient) = twin == .q1 ? (critic.q1, b.q1Workspace, b.q1Gradient) : (critic.q2, b.q2Workspace, b.q2Gradient)
        backward(network, parameters, input: batch.stateActions, outputGradient: gradient, workspace: workspace,
                 into: &b.criticGradients, sharing: sharing)
    }
}
