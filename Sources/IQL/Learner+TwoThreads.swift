import NN

/// The update of `Learner.update` on two threads (this one and `threads`' helper), with
/// exactly its numbers: the same functions on the same inputs, only some at the same time.
///
/// Work that does not depend on the new value (the target and online critics' forward passes, the
/// policy's) fills the rounds around the value loss; the actor's loss runs beside the first
/// critic's term of L_Q; the second critic's backward pass runs each layer's two matrix products
/// at once; every Adam step and the target update split their parameters in halves. Each thread
/// writes only its own buffers, so no float is computed differently. A thread that finishes its
/// part of a round first computes column panels of the other's current matrix product (the
/// `ProductShare` each closure is handed), and between rounds the idle helper does the same for
/// this thread's products (`threads.callerShare`), so a slower core does not hold a round up.
///
/// | round | this thread                               | helper thread                              |
/// |-------|-------------------------------------------|--------------------------------------------|
/// | 1     | Q1_t(s, a), V(s)                          | Q2_t(s, a), Q1(s, a)                       |
/// | 2     | L_V and ∂L_V/∂θ_V                         | Q2(s, a), policy forward                   |
/// | 2′    | Adam on V: first half                     | Adam on V: second half                     |
/// | 3     | V_new(s), weights, L_π and ∂L_π/∂θ_π      | V_new(s′), targets y, Q1's term of L_Q     |
/// | 4     | Q2's term: dW of each layer (the head:    | Q2's term: dx of each layer (the head:     |
/// |       | dw and dL/dh for half of the columns)     | the other half)                            |
/// | 5     | Adam on Q and π, target update: halves    | the other halves                           |
///
/// Behaviour cloning's update (the actor step alone) runs on this thread, its backward pass and
/// Adam step split as above.
extension Learner {
    func updateOnTwoThreads<G: RandomNumberGenerator>(_ threads: ThreadPair, dropoutUsing generator: inout G) -> UpdateMetrics {
        let actorLearningRate = self.actorLearningRate
        defer { state.step += 1 }
        let b = buffers, between = threads.callerShare
        guard config.algorithm == .iql else {
            forwardActor(state.actor.parameters, dropoutUsing: &generator, sharing: between)
            _ = computeAdvantageWeights(value: state.value.parameters)
            let actor = ActorStep(loss: actorLoss(actor: state.actor.parameters))
            backwardOnBothThreads(policy.mlp, state.actor.parameters, input: batch.observations, outputGradient: b.meanGradient,
                                  workspace: b.actorWorkspace, into: &b.actorGradients, threads)
            adamStepOnBothThreads(&state.actor, gradients: b.actorGradients, learningRate: actorLearningRate, threads)
            return UpdateMetrics(behaviourCloning: actor, actorLearningRate: actorLearningRate)
        }
        threads.run({ share in
            self.forward(self.critic.q1, self.state.targetCritic, on: self.batch.stateActions, into: b.targetQ1Workspace, sharing: share)
            self.forward(self.value.mlp, self.state.value.parameters, on: self.batch.observations, into: b.valueWorkspace, sharing: share)
        }, { share in
            self.forward(self.critic.q2, self.state.targetCritic, on: self.batch.stateActions, into: b.targetQ2Workspace, sharing: share)
            self.forward(self.critic.q1, self.state.critic.parameters, on: self.batch.stateActions, into: b.q1Workspace, sharing: share)
        })
        var value = ValueStep()
        threads.run({ share in
            value = self.valueLoss()
            self.backward(self.value.mlp, self.state.value.parameters, input: self.batch.observations, outputGradient: b.valueGradient,
                          workspace: b.valueWorkspace, into: &b.valueGradients, sharing: share)
        }, { share in
            self.forward(self.critic.q2, self.state.critic.parameters, on: self.batch.stateActions, into: b.q2Workspace, sharing: share)
            self.forwardActor(self.state.actor.parameters, dropoutUsing: &generator, sharing: share)
        })
        adamStepOnBothThreads(&state.value, gradients: b.valueGradients, learningRate: config.valueLearningRate, threads)
        var actor = ActorStep(), critic = CriticStep()
        threads.run({ share in
            actor.meanAdvantage = self.computeAdvantageWeights(value: self.state.value.parameters, sharing: share)
            actor.loss = self.actorLoss(actor: self.state.actor.parameters)
            self.backward(self.policy.mlp, self.state.actor.parameters, input: self.batch.observations, outputGradient: b.meanGradient,
                          workspace: b.actorWorkspace, into: &b.actorGradients, sharing: share)
        }, { share in
            self.computeTDTargets(value: self.state.value.parameters, sharing: share)
            critic.loss = self.criticLoss(.q1)
            self.criticBackward(.q1, critic: self.state.critic.parameters, sharing: share)
        })
        critic.loss += criticLoss(.q2)
        backwardOnBothThreads(self.critic.q2, state.critic.parameters, input: batch.stateActions, outputGradient: b.q2Gradient,
                              workspace: b.q2Workspace, into: &b.criticGradients, threads)
        critic.meanQ = mean(b.q1Workspace.output, count: batch.size)
        adamStepOnBothThreads(&state.critic, gradients: b.criticGradients, learningRate: config.criticLearningRate, threads)
        adamStepOnBothThreads(&state.actor, gradients: b.actorGradients, learningRate: actorLearningRate, threads)
        moveTargetOnBothThreads(threads)
        return UpdateMetrics(value: value, actor: actor, critic: critic, actorLearningRate: actorLearningRate)
    }

    /// `backward` with each step's two matrix products at the same time, one on each thread (a
    /// one-unit head: half of its columns each); layer 0's step on this thread.
    private func backwardOnBothThreads(
        _ network: MLP, _ parameters: Parameters, input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        workspace: MLP.Workspace, into gradients: inout [Float], _ threads: ThreadPair
    ) {
        parameters.values.withUnsafeBufferPointer { parameters in
            gradients.withUnsafeMutableBufferPointer { gradients in
                func step(_ l: Int, _ part: MLP.BackwardPart, _ share: ProductShare?) {
                    network.backwardStep(l, part, parameters: parameters.baseAddress!, gradients: gradients.baseAddress!, input: input,
                                         outputGradient: outputGradient, batch: batch.size, workspace: workspace,
                                         inputGradient: nil, sharing: share)
                }
                for l in stride(from: network.layers.count - 1, through: 0, by: -1) {
                    if network.hasUnitStep(l, workspace: workspace) {
                        threads.split(network.layers[l].inputCount) { columns in step(l, .unitColumns(columns), nil) }
                    } else if l > 0 {
                        threads.run({ step(l, .parameterGradients, $0) }, { step(l, .inputGradient, $0) })
                    } else {
                        step(l, .whole, threads.callerShare)
                    }
                }
            }
        }
    }

    /// `adamStep` with each thread updating half of the parameters.
    private func adamStepOnBothThreads(_ network: inout Trainable, gradients: [Float], learningRate: Float, _ threads: ThreadPair) {
        let step = adam.beginStep(&network.optimizer, learningRate: learningRate)
        network.parameters.values.withUnsafeMutableBufferPointer { theta in
            network.optimizer.firstMoment.withUnsafeMutableBufferPointer { m in
                network.optimizer.secondMoment.withUnsafeMutableBufferPointer { v in
                    gradients.withUnsafeBufferPointer { g in
                        threads.split(theta.count) { step.apply(theta, gradients: g.baseAddress!, firstMoment: m, secondMoment: v, elements: $0) }
                    }
                }
            }
        }
    }

    /// The target update θ_t ← τ_p·θ + (1 − τ_p)·θ_t with each thread moving half of the parameters.
    private func moveTargetOnBothThreads(_ threads: ThreadPair) {
        let source = state.critic.parameters, rate = config.targetUpdateRate
        precondition(state.targetCritic.tensors == source.tensors, "target and critic layouts differ")
        state.targetCritic.values.withUnsafeMutableBufferPointer { target in
            source.values.withUnsafeBufferPointer { source in
                threads.split(target.count) { Parameters.moveTowards(target, source, rate: rate, elements: $0) }
            }
        }
    }
}
