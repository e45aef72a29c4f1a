import D4RL

/// Every hyperparameter of one IQL (or behaviour-cloning) run, with the
/// original implementation's values as defaults (SPEC §3, the `locomotion` preset).
///
/// Names follow the project glossary: `targetUpdateRate` is the paper's τ_p
/// (the soft target update), distinct from the expectile τ.
public struct IQLConfig: Hashable, Sendable {
    /// What the actor is trained to imitate.
    public enum Algorithm: String, Hashable, Sendable, CaseIterable {
        /// Implicit Q-Learning: advantage-weighted regression on an expectile value function.
        case iql
        /// Behaviour cloning: the same actor loss with every weight 1, no critic or value.
        case bc
    }

    public var algorithm: Algorithm = .iql
    /// Hidden layer widths of every network (critic, value, actor).
    public var hiddenDims: [Int] = [256, 256]
    /// τ, the expectile the value function regresses to: `L_V = mean(|τ − 1(u < 0)|·u²)`, u = q − V(s).
    public var expectile: Float = 0.7
    /// β, inverse temperature in the advantage weight `exp(β·(q − V(s)))`.
    public var temperature: Float = 3.0
    /// Cap on the advantage weight (the original's literal 100).
    public var maxAdvantageWeight: Float = 100
    /// Dropout rate after each hidden layer of the actor, during actor updates only (0 = none).
    public var dropoutRate: Float = 0
    /// Adam learning rate of the actor at step 0; decays to 0 at `maxSteps` by a cosine when
    /// `decaysActorLearningRate`.
    public var actorLearningRate: Float = 3e-4
    /// Whether the actor's learning rate follows the cosine schedule (the original's
    /// `opt_decay_schedule = "cosine"`) or stays constant (its fine-tuning configuration's
    /// `opt_decay_schedule = None`, which `iql-train --finetune-steps` uses).
    public var decaysActorLearningRate = true
    /// Adam learning rate of the value function (constant).
    public var valueLearningRate: Float = 3e-4
    /// Adam learning rate of the twin critic (constant).
    public var criticLearningRate: Float = 3e-4
    /// γ, the discount in `y = r + γ·mask·V(s′)`.
    public var discount: Float = 0.99
    /// τ_p, the soft target update `θ_t ← τ_p·θ + (1 − τ_p)·θ_t`.
    public var targetUpdateRate: Float = 0.005
    /// Transitions per update.
    public var batchSize: Int = 256
    /// Length of the actor's cosine schedule (when it decays), and the default training length.
    public var maxSteps: Int = 1_000_000
    /// Bounds the actor's state-independent log standard deviation is clipped to.
    public var logStdMin: Float = -5
    public var logStdMax: Float = 2
    /// Adam's β1, β2 and ε (shared by the three optimisers).
    public var adamBeta1: Float = 0.9
    public var adamBeta2: Float = 0.999
    public var adamEpsilon: Float = 1e-8

    public init() {}

    /// The original implementation's configuration for a preset.
    public init(preset: Preset) {
        self.init()
        expectile = preset.expectile
        temperature = preset.temperature
        dropoutRate = preset.dropoutRate
    }
}
