import D4RL
import NN

/// The numbers one update reports (SPEC §3): losses and the means the original logs.
public struct UpdateMetrics: Equatable, Sendable {
    /// Expectile value loss L_V (nil for behaviour cloning).
    public var valueLoss: Float?
    /// Advantage-weighted actor loss L_π (plain negative log-likelihood for BC).
    public var actorLoss: Float
    /// Twin critic loss L_Q, the sum of the two mean squared errors (nil for BC).
    public var criticLoss: Float?
    /// Mean Q1(s, a) of the online critic before its step.
    public var meanQ: Float?
    /// Mean V(s) before the value step.
    public var meanValue: Float?
    /// Mean advantage q − V_new(s) used for the actor weights.
    public var meanAdvantage: Float?
    /// The actor's learning rate for this update.
    public var actorLearningRate: Float

    /// True when every loss is finite.
    public var isFinite: Bool {
        actorLoss.isFinite && (valueLoss?.isFinite ?? true) && (criticLoss?.isFinite ?? true)
    }
}

/// Implicit Q-Learning exactly as the original implementation updates
/// (SPEC §3), or behaviour cloning with the same actor.
///
/// `update(_:)` owns the order: value → actor → critic → target. Each step
/// lives in its own file (`ValueUpdate.swift`, `ActorUpdate.swift`,
/// `CriticUpdate.swift`) and reads like the paper. Updates allocate nothing.
///
///     var generator = SplitMix64(seed: 0)
///     let learner = Learner(config: config, observationDim: 11, actionDim: 3, using: &generator)
///     sampler.fill(&batch, using: &generator)
///     let metrics = learner.update(batch, dropoutUsing: &generator)
public final class Learner {
    public let config: IQLConfig
    public let observationDim: Int
    public let actionDim: Int
    /// Parameters, optimiser states and step: what checkpoints save.
    public internal(set) var state: LearnerState

    let critic: TwinCritic
    let value: ValueFunction
    let policy: GaussianPolicy
    let adam: Adam
    let actorSchedule: CosineDecay
    let buffers: UpdateBuffers
    /// This thread and a helper, for the two halves of every update (or this thread alone).
    let threads: ThreadPair

    /// True when updates run on two threads (see `init`'s `twoThreads`).
    public var usesTwoThreads: Bool { threads.isConcurrent }

    /// A new learner with orthogonally initialised kernels (gain √2, output
    /// layers included), zero biases and log-std, and a target critic equal to
    /// the critic. Draws from `generator` in the order Q1, Q2, V, π.
    ///
    /// - Parameter twoThreads: whether updates use a helper thread (the default on a machine
    ///   with two or more cores) or only the calling thread; the numbers are the same.
    public convenience init<G: RandomNumberGenerator>(
        config: IQLConfig, observationDim: Int, actionDim: Int, using generator: inout G,
        twoThreads: Bool = ThreadPair.machineHasSecondCore
    ) {
        var layouts = Self.layouts(config: config, observationDim: observationDim, actionDim: actionDim)
        let gain = Float(2).squareRoot()
        layouts.critic.q1.initialize(&layouts.parameters.critic, gain: gain, using: &generator)
        layouts.critic.q2.initialize(&layouts.parameters.critic, gain: gain, using: &generator)
        layouts.value.mlp.initialize(&layouts.parameters.value, gain: gain, using: &generator)
        layouts.policy.mlp.initialize(&layouts.parameters.actor, gain: gain, using: &generator)
        let adam = Adam(beta1: config.adamBeta1, beta2: config.adamBeta2, epsilon: config.adamEpsilon)
        let parameters = layouts.parameters
        let state = LearnerState(
            step: 0, critic: Trainable(parameters: parameters.critic, adam: adam), targetCritic: parameters.critic,
            value: Trainable(parameters: parameters.value, adam: adam), actor: Trainable(parameters: parameters.actor, adam: adam))
        try! self.init(config: config, observationDim: observationDim, actionDim: actionDim, state: state, twoThreads: twoThreads)
    }

    /// A learner continuing from `state` (e.g. a checkpoint's); `twoThreads` as above.
    /// - Throws: `LearnerError.layoutMismatch` when the state's tensors do not fit the configuration.
    public init(
        config: IQLConfig, observationDim: Int, actionDim: Int, state: LearnerState,
        twoThreads: Bool = ThreadPair.machineHasSecondCore
    ) throws(LearnerError) {
        let layouts = Self.layouts(config: config, observationDim: observationDim, actionDim: actionDim)
        for (name, expected, actual) in [
            ("critic", layouts.parameters.critic, state.critic.parameters), ("target_critic", layouts.parameters.critic, state.targetCritic),
            ("value", layouts.parameters.value, state.value.parameters), ("actor", layouts.parameters.actor, state.actor.parameters),
        ] where expected.tensors != actual.tensors {
            throw .layoutMismatch(network: name, expected: expected.tensors.map(\.shape), found: actual.tensors.map(\.shape))
        }
        self.config = config
        threads = ThreadPair(concurrent: twoThreads)
        self.observationDim = observationDim
        self.actionDim = actionDim
        self.state = state
        critic = layouts.critic
        value = layouts.value
        policy = layouts.policy
        adam = Adam(beta1: config.adamBeta1, beta2: config.adamBeta2, epsilon: config.adamEpsilon)
        actorSchedule = CosineDecay(initialValue: config.actorLearningRate, decaySteps: config.maxSteps)
        buffers = UpdateBuffers(
            batchSize: config.batchSize, observationDim: observationDim, actionDim: actionDim,
            critic: critic, value: value, policy: policy,
            parameterCounts: (state.critic.parameters.count, state.value.parameters.count, state.actor.parameters.count))
    }

    /// One update on `batch` in the original order: value → actor → critic → target.
    /// Behaviour cloning runs only the actor step, with every weight 1.
    ///
    /// The work runs on two threads (`threads`: this one and a helper). Forward passes that do not
    /// depend on the new value (the target and online critics, V(s), the policy) fill the first two
    /// rounds around the value loss; the actor's loss runs beside the first critic's term of L_Q in
    /// the third; the second critic's backward pass, every Adam step and the target update split
    /// each matrix product or elementwise loop between the threads. Each thread owns what it
    /// writes, so the numbers are those of the sequential order. A thread that finishes its part
    /// of a round first computes column panels of the other's current matrix product (see
    /// `ThreadPair`), so a slower core does not hold the round up by its whole share.
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
    /// Between rounds, the helper computes panels of this thread's matrix products when it is idle
    /// (behaviour cloning's update, whose steps all run on this thread, gains most).
    ///
    /// Subnormal Floats count as zero during the update (`withSubnormalsFlushedToZero`), as in
    /// XLA; the calling thread's mode is restored afterwards.
    ///
    /// - Parameter generator: draws the actor's dropout masks (nothing when dropout is off).
    @discardableResult
    public func update<G: RandomNumberGenerator>(_ batch: Batch, dropoutUsing generator: inout G) -> UpdateMetrics {
        withSubnormalsFlushedToZero { threads.sharingProducts { step(batch, dropoutUsing: &generator) } }
    }

    /// `update`'s body, run with subnormals flushed to zero on both threads.
    private func step<G: RandomNumberGenerator>(_ batch: Batch, dropoutUsing generator: inout G) -> UpdateMetrics {
        buffers.load(batch)
        let actorLearningRate = actorSchedule.value(atStep: state.step)
        defer { state.step += 1 }
        let b = buffers
        guard config.algorithm == .iql else {
            forwardActor(state.actor.parameters, dropoutUsing: &generator)
            _ = computeAdvantageWeights(value: state.value.parameters)
            let actorLoss = actorLossAndGradients(actor: state.actor.parameters, threads: threads)
            adamStep(&state.actor, gradients: buffers.actorGradients, learningRate: actorLearningRate)
            return UpdateMetrics(valueLoss: nil, actorLoss: actorLoss, criticLoss: nil, meanQ: nil, meanValue: nil,
                                 meanAdvantage: nil, actorLearningRate: actorLearningRate)
        }
        // Each thread owns its part: moved out of `state` (no copy) and back at the end.
        var value = Trainable.empty, actor = Trainable.empty, critic = Trainable.empty, target = Parameters()
        swap(&value, &state.value)
        swap(&actor, &state.actor)
        swap(&critic, &state.critic)
        swap(&target, &state.targetCritic)
        defer {
            swap(&value, &state.value)
            swap(&actor, &state.actor)
            swap(&critic, &state.critic)
            swap(&target, &state.targetCritic)
        }
        threads.run({
            forward(self.critic.q1, target, on: b.stateActions, into: b.targetQ1Workspace)
            forward(self.value.mlp, value.parameters, on: b.observations, into: b.valueWorkspace)
        }, {
            forward(self.critic.q2, target, on: b.stateActions, into: b.targetQ2Workspace)
            forward(self.critic.q1, critic.parameters, on: b.stateActions, into: b.q1Workspace)
        })
        var valueStep: (loss: Float, meanValue: Float) = (0, 0)
        threads.run({
            valueStep = valueLossAndGradients(value: value.parameters)
        }, {
            forward(self.critic.q2, critic.parameters, on: b.stateActions, into: b.q2Workspace)
            forwardActor(actor.parameters, dropoutUsing: &generator)
        })
        adamStep(&value, gradients: b.valueGradients, learningRate: config.valueLearningRate)
        var meanAdvantage: Float?, actorLoss: Float = 0, q1Loss: Float = 0
        threads.run({
            meanAdvantage = computeAdvantageWeights(value: value.parameters)
            actorLoss = actorLossAndGradients(actor: actor.parameters)
        }, {
            computeTDTargets(value: value.parameters)
            q1Loss = criticTerm(.q1, critic: critic.parameters)
        })
        let q2Loss = criticTerm(.q2, critic: critic.parameters, threads: threads)
        adamStep(&critic, gradients: b.criticGradients, learningRate: config.criticLearningRate)
        adamStep(&actor, gradients: b.actorGradients, learningRate: actorLearningRate)
        target.moveTowards(critic.parameters, rate: config.targetUpdateRate, threads: threads)
        return UpdateMetrics(
            valueLoss: valueStep.loss, actorLoss: actorLoss, criticLoss: q1Loss + q2Loss, meanQ: mean(b.q1Workspace.output, count: b.batchSize),
            meanValue: valueStep.meanValue, meanAdvantage: meanAdvantage, actorLearningRate: actorLearningRate)
    }

    /// One Adam step on `network` with `gradients`, each thread taking half of the parameters.
    func adamStep(_ network: inout Trainable, gradients: [Float], learningRate: Float) {
        gradients.withUnsafeBufferPointer { gradients in
            adam.update(&network.parameters.values, gradients: gradients.baseAddress!, state: &network.optimizer,
                        learningRate: learningRate, threads: threads)
        }
    }

    /// The network layouts of a configuration, with zero parameters.
    static func layouts(config: IQLConfig, observationDim: Int, actionDim: Int)
        -> (critic: TwinCritic, value: ValueFunction, policy: GaussianPolicy,
            parameters: (critic: Parameters, value: Parameters, actor: Parameters))
    {
        var criticParameters = Parameters(), valueParameters = Parameters(), actorParameters = Parameters()
        let critic = TwinCritic(observationDim: observationDim, actionDim: actionDim, hiddenDims: config.hiddenDims, in: &criticParameters)
        let value = ValueFunction(observationDim: observationDim, hiddenDims: config.hiddenDims, in: &valueParameters)
        let policy = GaussianPolicy(observationDim: observationDim, actionDim: actionDim, config: config, in: &actorParameters)
        return (critic, value, policy, (criticParameters, valueParameters, actorParameters))
    }
}

/// Why a learner cannot be built from a given state.
public enum LearnerError: Error, Equatable, CustomStringConvertible {
    case layoutMismatch(network: String, expected: [[Int]], found: [[Int]])

    public var description: String {
        switch self {
        case .layoutMismatch(let network, let expected, let found):
            return "\(network) tensors have shapes \(found), the configuration needs \(expected)"
        }
    }
}
