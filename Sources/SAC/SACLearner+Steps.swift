import NN

extension SACLearner {
    /// Step 1: samples ã ~ π(·|s), evaluates both critics there, and writes ∂L_π/∂θ_π into
    /// `buffers.actorGradients` (through G = ∂(−mean min Q)/∂ã from the critics' input gradients).
    /// Returns L_π and the entropy estimate −mean log π(ã|s).
    /// `sharing`: where the products are offered to a partner thread (`ThreadPair`); same numbers.
    func policyGradient(temperature alpha: Float, sharing: ProductShare? = nil) -> (loss: Float, entropy: Float) {
        let b = buffers, n = batch.size, d = actionDim
        policy.mlp.forward(state.actor.parameters, input: batch.observations, batch: n, workspace: b.actorWorkspace, sharing: sharing)
        sample(b.actorWorkspace.output, noise: noise, into: b.sampledActions, b.logProbabilities,
               stateActions: b.sampledStateActions, observations: batch.observations)
        let critics = state.critic.parameters
        critic.q1.forward(critics, input: b.sampledStateActions, batch: n, workspace: b.sampledQ1Workspace, sharing: sharing)
        critic.q2.forward(critics, input: b.sampledStateActions, batch: n, workspace: b.sampledQ2Workspace, sharing: sharing)
        let q1 = b.sampledQ1Workspace.output, q2 = b.sampledQ2Workspace.output
        for i in 0..<n {
            // ∂(−mean min(Q1, Q2))/∂Q_k: −1/n for the smaller critic (Q1 on ties), 0 for the other.
            b.minQ[i] = min(q1[i], q2[i])
            b.sampledQ1Gradient[i] = q1[i] <= q2[i] ? -1 / Float(n) : 0
            b.sampledQ2Gradient[i] = q1[i] <= q2[i] ? 0 : -1 / Float(n)
        }
        critic.q1.inputGradient(critics, input: b.sampledStateActions, outputGradient: b.sampledQ1Gradient, batch: n,
                                workspace: b.sampledQ1Workspace, into: b.sampledQ1InputGradient, sharing: sharing)
        critic.q2.inputGradient(critics, input: b.sampledStateActions, outputGradient: b.sampledQ2Gradient, batch: n,
                                workspace: b.sampledQ2Workspace, into: b.sampledQ2InputGradient, sharing: sharing)
        let width = observationDim + d
        for i in 0..<n {
            for j in 0..<d {
                b.actionGradient[i * d + j] = b.sampledQ1InputGradient[i * width + observationDim + j]
                    + b.sampledQ2InputGradient[i * width + observationDim + j]
            }
        }
        let loss = squashedGaussianActorLoss(
            head: b.actorWorkspace.output, noise: noise, actions: b.sampledActions, logProbabilities: b.logProbabilities,
            minQ: b.minQ, actionGradient: b.actionGradient, temperature: alpha, count: n, actionDim: d,
            logStdBounds: SquashedGaussianPolicy.logStdBounds, headGradient: b.headGradient)
        policy.mlp.backward(state.actor.parameters, into: &b.actorGradients, input: batch.observations, outputGradient: b.headGradient,
                            batch: n, workspace: b.actorWorkspace, sharing: sharing)
        var logProbabilitySum: Float = 0
        for i in 0..<n { logProbabilitySum += b.logProbabilities[i] }
        return (loss, -logProbabilitySum / Float(n))
    }

    /// Step 3: the soft Bellman targets from a′ ~ π(·|s′) and the target critics, both critics'
    /// squared errors at (s, a), and ∂L_Q/∂θ_Q into `buffers.criticGradients`.
    /// Returns L_Q and mean Q1(s, a).
    func criticGradient(temperature alpha: Float, sharing: ProductShare? = nil) -> (loss: Float, meanQ: Float) {
        let b = buffers, n = batch.size
        policy.mlp.forward(state.actor.parameters, input: batch.nextObservations, batch: n, workspace: b.nextActorWorkspace, sharing: sharing)
        sample(b.nextActorWorkspace.output, noise: nextNoise, into: b.nextActions, b.nextLogProbabilities,
               stateActions: b.nextStateActions, observations: batch.nextObservations)
        critic.q1.forward(state.targetCritic, input: b.nextStateActions, batch: n, workspace: b.targetQ1Workspace, sharing: sharing)
        critic.q2.forward(state.targetCritic, input: b.nextStateActions, batch: n, workspace: b.targetQ2Workspace, sharing: sharing)
        softBellmanTargets(rewards: batch.rewards, masks: batch.masks, nextQ1: b.targetQ1Workspace.output,
                           nextQ2: b.targetQ2Workspace.output, nextLogProbabilities: b.nextLogProbabilities, temperature: alpha,
                           discount: config.discount, count: n, targets: b.tdTargets)
        let critics = state.critic.parameters
        // One critic's term of L_Q and its gradient into its slices of `criticGradients`.
        func term(_ q: MLP, _ workspace: MLP.Workspace, _ gradient: UnsafeMutablePointer<Float>) -> Float {
            q.forward(critics, input: batch.stateActions, batch: n, workspace: workspace, sharing: sharing)
            let loss = meanSquaredError(predictions: workspace.output, targets: b.tdTargets, count: n, gradient: gradient)
            q.backward(critics, into: &b.criticGradients, input: batch.stateActions, outputGradient: gradient, batch: n, workspace: workspace,
                       sharing: sharing)
            return loss
        }
        let loss = term(critic.q1, b.q1Workspace, b.q1Gradient) + term(critic.q2, b.q2Workspace, b.q2Gradient)
        var q1Sum: Float = 0
        for i in 0..<n { q1Sum += b.q1Workspace.output[i] }
        return (loss, q1Sum / Float(n))
    }

    /// Squashed-Gaussian samples from the policy output `head` and `noise`, with concat(s, a) beside.
    private func sample(_ head: UnsafePointer<Float>, noise: UnsafePointer<Float>, into actions: UnsafeMutablePointer<Float>,
                        _ logProbabilities: UnsafeMutablePointer<Float>, stateActions: UnsafeMutablePointer<Float>,
                        observations: UnsafePointer<Float>) {
        let n = batch.size, d = actionDim, width = observationDim + d
        sampleSquashedGaussian(head: head, noise: noise, count: n, actionDim: d, logStdBounds: SquashedGaussianPolicy.logStdBounds,
                               actions: actions, logProbabilities: logProbabilities)
        for i in 0..<n {
            (stateActions + i * width).update(from: observations + i * observationDim, count: observationDim)
            (stateActions + i * width + observationDim).update(from: actions + i * d, count: d)
        }
    }
}
