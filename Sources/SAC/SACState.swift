import NN

/// Everything a SAC learner learns and remembers, and so everything a checkpoint must hold to
/// continue bit for bit: the critics, their target, the policy, log α, their Adam states and the step.
public struct SACState: Equatable {
    /// Updates taken so far.
    public var step: Int
    /// Q1 and Q2 (`q1/…`, `q2/…`) and their optimiser.
    public var critic: Trainable
    /// The slowly moving copy of the critics the soft Bellman targets come from.
    public var targetCritic: Parameters
    /// π (`layers/…`).
    public var actor: Trainable
    /// log α, one scalar tensor `log_alpha`.
    public var logTemperature: Trainable

    public init(step: Int, critic: Trainable, targetCritic: Parameters, actor: Trainable, logTemperature: Trainable) {
        self.step = step
        self.critic = critic
        self.targetCritic = targetCritic
        self.actor = actor
        self.logTemperature = logTemperature
    }

    /// The four parameter sets' names, in checkpoints and golden files.
    public static let networkNames = ["critic", "target_critic", "actor", "log_alpha"]
    /// The three optimisers' names.
    public static let optimizerNames = ["critic", "actor", "log_alpha"]

    /// The parameter sets in `networkNames` order.
    public var networks: [Parameters] { [critic.parameters, targetCritic, actor.parameters, logTemperature.parameters] }
    /// The Adam states in `optimizerNames` order.
    public var optimizers: [Adam.State] { [critic.optimizer, actor.optimizer, logTemperature.optimizer] }
}

/// What one SAC update reports, all from the parameters before the update.
public struct SACMetrics: Equatable, Sendable {
    /// L_Q, the sum of the two critics' mean squared errors.
    public var criticLoss: Float
    /// L_π.
    public var actorLoss: Float
    /// L_α.
    public var temperatureLoss: Float
    /// α = exp(log α).
    public var temperature: Float
    /// −mean log π(ã|s), the policy's entropy estimate.
    public var entropy: Float
    /// mean Q1(s, a) on the batch.
    public var meanQ: Float

    /// True when every loss is finite.
    public var isFinite: Bool { criticLoss.isFinite && actorLoss.isFinite && temperatureLoss.isFinite }
}
