import Core
import Foundation
import D4RL
import NN

/// Soft Actor-Critic with automatic entropy tuning (Haarnoja et al. 2018), updated as rlkit
/// updates it: every gradient from the parameters before the update, then Adam steps on
/// log α, π and the critics, then the target critics' soft update, all once per update.
///
/// `update` owns the order; each formula is its own file (`SquashedGaussian.swift`,
/// `ActorLoss.swift`, `TemperatureLoss.swift`, `SoftBellmanTargets.swift`, and NN's
/// `meanSquaredError`). Updates allocate nothing.
///
///     var generator = SplitMix64(seed: 0)
///     let learner = SACLearner(config: SACConfig(), observationDim: 11, actionDim: 3, using: &generator)
///     replay.fill(learner.batch, using: &generator)
///     learner.drawNoise(using: &generator)
///     let metrics = learner.update()
public final class SACLearner {
    public let config: SACConfig
    public let observationDim: Int
    public let actionDim: Int
    /// H̄ = −|A|.
    public let targetEntropy: Float
    /// Parameters, optimiser states and step: what checkpoints save.
    public internal(set) var state: SACState
    /// The batch the next update reads (`config.batchSize` rows): fill it before each `update`.
    public let batch: Batch
    /// ε of the policy's samples at s, batch × |A|: fill it (`drawNoise`) before each `update`.
    public let noise: UnsafeMutablePointer<Float>
    /// ε of the policy's samples at s′, batch × |A|.
    public let nextNoise: UnsafeMutablePointer<Float>

    let critic: TwinCritic
    let policy: SquashedGaussianPolicy
    let adam = Adam()
    let buffers: SACBuffers
    /// One row of the policy's forward pass, for acting.
    let actingWorkspace: MLP.Workspace
    /// The helper thread of two-thread updates; nil when updates run on the calling thread alone.
    let threads: ThreadPair?

    /// True when updates run on two threads (see `init`'s `twoThreads`).
    public var usesTwoThreads: Bool { threads != nil }

    /// A new learner: PyTorch's default initialisation (`initializeUniformFanIn`) of Q1, Q2 and
    /// π, drawn from `generator` in that order; the target critic equal to the critic; log α = 0.
    ///
    /// - Parameter twoThreads: whether updates run steps 1 and 3 side by side on a helper thread
    ///   (the default on a machine with two or more cores) or on the calling thread; the numbers are the same.
    public convenience init<G: RandomNumberGenerator>(config: SACConfig, observationDim: Int, actionDim: Int, using generator: inout G,
                                                      twoThreads: Bool = ThreadPair.machineHasSecondCore) {
        var layouts = Self.layouts(config: config, observationDim: observationDim, actionDim: actionDim)
        layouts.critic.q1.initializeUniformFanIn(&layouts.parameters.critic, using: &generator)
        layouts.critic.q2.initializeUniformFanIn(&layouts.parameters.critic, using: &generator)
        layouts.policy.mlp.initializeUniformFanIn(&layouts.parameters.actor, using: &generator)
        let adam = Adam(), parameters = layouts.parameters
        let state = SACState(
            step: 0, critic: Trainable(parameters: parameters.critic, adam: adam), targetCritic: parameters.critic,
            actor: Trainable(parameters: parameters.actor, adam: adam),
            logTemperature: Trainable(parameters: parameters.logTemperature, adam: adam))
        try! self.init(config: config, observationDim: observationDim, actionDim: actionDim, state: state, twoThreads: twoThreads)
    }

    /// A learner continuing from `state` (e.g. a checkpoint's); `twoThreads` as above.
    /// - Throws: `SACError.layoutMismatch` when the state's tensors do not fit the configuration.
    public init(config: SACConfig, observationDim: Int, actionDim: Int, state: SACState,
                twoThreads: Bool = ThreadPair.machineHasSecondCore) throws(SACError) {
        let layouts = Self.layouts(config: config, observationDim: observationDim, actionDim: actionDim)
        let expected = [layouts.parameters.critic, layouts.parameters.critic, layouts.parameters.actor, layouts.parameters.logTemperature]
        for (name, (expected, actual)) in zip(SACState.networkNames, zip(expected, state.networks)) where expected.tensors != actual.tensors {
            throw .layoutMismatch(network: name, expected: expected.tensors.map(\.shape), found: actual.tensors.map(\.shape))
        }
        self.config = config
        threads = twoThreads ? ThreadPair(concurrent: true) : nil
        self.observationDim = observationDim
        self.actionDim = actionDim
        targetEntropy = -Float(actionDim)
        self.state = state
        critic = layouts.critic
        policy = layouts.policy
        batch = Batch(size: config.batchSize, observationDim: observationDim, actionDim: actionDim)
        noise = .allocateZeroedCacheAligned(config.batchSize * actionDim)
        nextNoise = .allocateZeroedCacheAligned(config.batchSize * actionDim)
        actingWorkspace = MLP.Workspace(for: policy.mlp, batchCapacity: 1)
        buffers = SACBuffers(batchSize: config.batchSize, observationDim: observationDim, actionDim: actionDim, critic: critic,
                             policy: policy, parameterCounts: (state.critic.parameters.count, state.actor.parameters.count))
    }

    deinit {
        noise.deallocate()
        nextNoise.deallocate()
    }

    /// Fills `noise`, then `nextNoise`, row-major, with `nextStandardNormal()` draws.
    public func drawNoise<G: RandomNumberGenerator>(using generator: inout G) {
        let count = batch.size * actionDim
        for k in 0..<count { noise[k] = Float(generator.nextStandardNormal()) }
        for k in 0..<count { nextNoise[k] = Float(generator.nextStandardNormal()) }
    }

    /// α = exp(log α).
    public var temperature: Float { exp(state.logTemperature.parameters.values[0]) }

    /// A sample tanh(μ(s) + σ(s)·ε) of the current policy for one observation, ε of |A|
    /// `nextStandardNormal()` draws from `generator`.
    public func sampleAction<G: RandomNumberGenerator>(for observation: [Float], using generator: inout G) -> [Float] {
        policy.sampleAction(state.actor.parameters, for: observation, workspace: actingWorkspace, using: &generator)
    }

    /// The current policy, to act with.
    public var currentPolicy: SACPolicy {
        SACPolicy(hiddenDims: config.hiddenDims, observationDim: observationDim, actionDim: actionDim, actor: state.actor.parameters)
    }

    /// One update on `batch` with `noise` and `nextNoise`:
    ///
    /// 1. policy: L_π = mean α·log π(ã|s) − min Q(s, ã) and its gradient;
    /// 2. temperature: L_α = −mean log α·(log π(ã|s) + H̄), on the same samples;
    /// 3. critics: y = r + γ·mask·(min Q_t(s′, a′) − α·log π(a′|s′)), L_Q = mean (Q1 − y)² + mean (Q2 − y)²;
    /// 4. Adam steps on log α, π, then the critics; θ_t ← τ·θ + (1 − τ)·θ_t.
    ///
    /// Steps 1 and 3 read only the parameters before the update and write their own buffers, so
    /// with a second thread they run side by side, each thread helping with the other's matrix
    /// products when it finishes first; the numbers are those of the sequential order.
    /// Subnormal Floats count as zero during the update, as in IQL's.
    @discardableResult
    public func update() -> SACMetrics {
        withSubnormalsFlushedToZero {
            let alpha = temperature
            var actor: (loss: Float, entropy: Float) = (0, 0), critic: (loss: Float, meanQ: Float) = (0, 0)
            if let threads {
                threads.run({ share in actor = self.policyGradient(temperature: alpha, sharing: share) },     // 1. ‖
                            { share in critic = self.criticGradient(temperature: alpha, sharing: share) })    // 3.
            } else {
                actor = policyGradient(temperature: alpha)                                          // 1.
                critic = criticGradient(temperature: alpha)                                         // 3.
            }
            let temperatureStep = temperatureLoss(                                                // 2.
                logTemperature: state.logTemperature.parameters.values[0], logProbabilities: buffers.logProbabilities,
                count: batch.size, targetEntropy: targetEntropy)
            buffers.temperatureGradient[0] = temperatureStep.gradient
            adam.step(&state.logTemperature, gradients: buffers.temperatureGradient, learningRate: config.learningRate)  // 4.
            adam.step(&state.actor, gradients: buffers.actorGradients, learningRate: config.learningRate)
            adam.step(&state.critic, gradients: buffers.criticGradients, learningRate: config.learningRate)
            state.targetCritic.moveTowards(state.critic.parameters, rate: config.targetUpdateRate)
            state.step += 1
            return SACMetrics(criticLoss: critic.loss, actorLoss: actor.loss, temperatureLoss: temperatureStep.loss,
                              temperature: alpha, entropy: actor.entropy, meanQ: critic.meanQ)
        }
    }

    /// The network layouts of a configuration, with zero parameters.
    public static func layouts(config: SACConfig, observationDim: Int, actionDim: Int)
        -> (critic: TwinCritic, policy: SquashedGaussianPolicy, parameters: (critic: Parameters, actor: Parameters, logTemperature: Parameters))
    {
        var criticParameters = Parameters(), actorParameters = Parameters(), logTemperature = Parameters()
        let critic = TwinCritic(observationDim: observationDim, actionDim: actionDim, hiddenDims: config.hiddenDims, in: &criticParameters)
        let policy = SquashedGaussianPolicy(observationDim: observationDim, actionDim: actionDim, hiddenDims: config.hiddenDims,
                                            in: &actorParameters)
        logTemperature.append("log_alpha", shape: [])
        return (critic, policy, (criticParameters, actorParameters, logTemperature))
    }
}

/// Why a SAC learner cannot be built from a given state.
public enum SACError: Error, Equatable, CustomStringConvertible {
    case layoutMismatch(network: String, expected: [[Int]], found: [[Int]])

    public var description: String {
        switch self {
        case .layoutMismatch(let network, let expected, let found):
            return "\(network) tensors have shapes \(found), the configuration needs \(expected)"
        }
    }
}
