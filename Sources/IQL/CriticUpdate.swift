import NN

extension Learner {
    /// y = r + γ·mask·V(s′) into `buffers.tdTargets`.
    func computeTDTargets(value: Parameters) {
        let b = buffers, n = b.batchSize
        forward(self.value.mlp, value, on: b.nextObservations, into: b.nextValueWorkspace)
        for i in 0..<n { b.tdTargets[i] = b.rewards[i] + config.discount * b.masks[i] * b.nextValueWorkspace.output[i] }
    }

    /// Critic step (SPEC §3.3), bootstrapping from the value just updated:
    ///
    ///     y = r + γ·mask·V_new(s′),   L_Q = mean (Q1(s, a) − y)² + mean (Q2(s, a) − y)²
    ///
    /// L_Q and ∂L_Q/∂θ_Q (into `buffers.criticGradients`) from y (`computeTDTargets`) and the
    /// forward passes Q1(s, a), Q2(s, a) of `parameters` (`q1Workspace`, `q2Workspace`).
    /// `update` computes the two terms separately (`criticTerm`), Q1's beside the actor's step,
    /// then takes the Adam step and the target update θ_t ← τ_p·θ + (1 − τ_p)·θ_t.
    func criticLossAndGradients(critic parameters: Parameters) -> (loss: Float, meanQ: Float) {
        let loss = criticTerm(.q1, critic: parameters) + criticTerm(.q2, critic: parameters)
        return (loss, mean(buffers.q1Workspace.output, count: buffers.batchSize))
    }

    /// One of the twin critics.
    enum Twin { case q1, q2 }

    /// One critic's term of L_Q, mean (Q_i(s, a) − y)², with its gradient ∂/∂θ_Qi written to Q_i's
    /// slices of `buffers.criticGradients` (the other critic's slices are left alone).
    func criticTerm(_ twin: Twin, critic parameters: Parameters, threads: ThreadPair? = nil) -> Float {
        let b = buffers, n = b.batchSize
        let (network, workspace, outputGradient) = twin == .q1
            ? (critic.q1, b.q1Workspace, b.q1Gradient) : (critic.q2, b.q2Workspace, b.q2Gradient)
        let loss = meanSquaredError(predictions: workspace.output, targets: b.tdTargets, count: n, gradient: outputGradient)
        parameters.values.withUnsafeBufferPointer { parameters in
            b.criticGradients.withUnsafeMutableBufferPointer { gradients in
                network.backward(parameters: parameters.baseAddress!, gradients: gradients.baseAddress!, input: b.stateActions,
                                 outputGradient: outputGradient, batch: n, workspace: workspace, inputGradient: nil, threads: threads)
            }
        }
        return loss
    }
}
