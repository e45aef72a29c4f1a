import D4RL
import Foundation
import NN

/// Implicit Q-Learning exactly as the original implementation updates (SPEC §3), or behaviour
/// cloning with the same actor.
///
/// `update` owns the order: value → actor → critic → target, each step in its own file
/// (`ValueUpdate.swift`, `ActorUpdate.swift`, `CriticUpdate.swift`). On two threads the same
/// work runs in the schedule of `Learner+TwoThreads.swift`, with the same numbers. Updates
/// allocate nothing.
///
///     var generator = SplitMix64(seed: 0)
///     let learner = Learner(config: config, observationDim: 11, actionDim: 3, using: &generator)
///     sampler.fill(learner.batch, using: &generator)
///     let metrics = learner.update(dropoutUsing: &generator)
public final class Learner {
    public let config: IQLConfig
    public let observationDim: Int
    public let actionDim: Int
    /// Parameters, optimiser states and step: what checkpoints save.
    public internal(set) var state: LearnerState
    /// The batch the next update reads (`config.batchSize` rows): fill it before each `update`.
    public let batch: Batch

    let critic: TwinCritic
    let value: ValueFunction
    let policy: GaussianPolicy
    let adam: Adam
    /// The actor's cosine schedule, nil when its learning rate is constant.
    let actorSchedule: CosineDecay?
    let buffers: UpdateBuffers
    /// The helper thread of two-thread updates; nil when updates run on the calling thread alone.
    let threads: ThreadPair?
    /// One row of the actor's forward pass, for acting online.
    let actingWorkspace: MLP.Workspace

    /// True when updates run on two threads (see `init`'s `twoThreads`).
    public var usesTwoThreads: Bool { threads != nil }

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
        threads = twoThreads ? ThreadPair(concurrent: true) : nil
        self.observationDim = observationDim
        self.actionDim = actionDim
        self.state = state
        critic = layouts.critic
        value = layouts.value
        policy = layouts.policy
        adam = Adam(beta1: config.adamBeta1, beta2: config.adamBeta2, epsilon: config.adamEpsilon)
        actorSchedule = config.decaysActorLearningRate
            ? CosineDecay(initialValue: config.actorLearningRate, decaySteps: config.maxSteps) : nil
        batch = Batch(size: config.batchSize, observationDim: observationDim, actionDim: actionDim)
        actingWorkspace = MLP.Workspace(for: policy.mlp, batchCapacity: 1)
        buffers = UpdateBuffers(
            batchSize: config.batchSize, actionDim: actionDim, critic: critic, value: value, policy: policy,
            parameterCounts: (state.critic.parameters.count, state.value.parameters.count, state.actor.parameters.count))
    }

    /// One update on `batch`, in the original order (SPEC §3): value → actor → critic → target;
    /// behaviour cloning takes the actor step alone, every weight 1. With a second thread the
    /// same work runs as `updateOnTwoThreads` schedules it, with the same numbers.
    ///
    /// Subnormal Floats count as zero during the update (`withSubnormalsFlushedToZero`), as in
    /// XLA; the calling thread's mode is restored afterwards.
    ///
    /// - Parameter generator: draws the actor's dropout masks (nothing when dropout is off).
    @discardableResult
    public func update<G: RandomNumberGenerator>(dropoutUsing generator: inout G) -> UpdateMetrics {
        withSubnormalsFlushedToZero {
            if let threads { return updateOnTwoThreads(threads, dropoutUsing: &generator) }
            let actorLearningRate = actorLearningRate
            defer { state.step += 1 }
            guard config.algorithm == .iql else {
                let actor = updateActor(learningRate: actorLearningRate, dropoutUsing: &generator)
                return UpdateMetrics(behaviourCloning: actor, actorLearningRate: actorLearningRate)
            }
            let value = updateValue()                                                           // 1. V toward the τ-expectile of Q_t
            let actor = updateActor(learningRate: actorLearningRate, dropoutUsing: &generator)  // 2. π weighted by exp(β·(Q_t − V))
            let critic = updateCritic()                                                         // 3. Q toward r + γ·mask·V(s′)
            state.targetCritic.moveTowards(state.critic.parameters, rate: config.targetUpdateRate)  // 4. θ_t ← τ_p·θ + (1 − τ_p)·θ_t
            return UpdateMetrics(value: value, actor: actor, critic: critic, actorLearningRate: actorLearningRate)
        }
    }

    /// An exploration action of the current actor for one observation (preprocessed as the
    /// training data): a sample of π(·|s) = N(tanh(m(s)), σ²) clipped to [−1, 1], with
    /// σ = exp(clip(log_std)) and |A| `nextStandardNormal()` draws from `generator`: the original
    /// fine-tuning's `sample_actions` at temperature 1. No dropout.
    public func sampleAction<G: RandomNumberGenerator>(for observation: [Float], using generator: inout G) -> [Float] {
        precondition(observation.count == observationDim, "expected \(observationDim) observation values, got \(observation.count)")
        let actor = state.actor.parameters
        policy.mlp.forward(actor, input: observation, batch: 1, workspace: actingWorkspace)
        return (0..<actionDim).map { j in
            let logStd = min(max(actor.values[policy.logStd.offset + j], policy.logStdMin), policy.logStdMax)
            let sample = tanh(actingWorkspace.output[j]) + exp(logStd) * Float(generator.nextStandardNormal())
            return min(max(sample, -1), 1)
        }
    }

    /// The actor's learning rate for the next update.
    var actorLearningRate: Float { actorSchedule?.value(atStep: state.step) ?? config.actorLearningRate }

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
