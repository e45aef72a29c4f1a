/// What one environment step returns.
public struct StepResult: Sendable {
    public var observation: [Float]
    public var reward: Double
    /// The task ended (e.g. the robot fell): no bootstrapping past this step.
    public var terminated: Bool
    /// The time limit ended the episode.
    public var truncated: Bool

    public init(observation: [Float], reward: Double, terminated: Bool, truncated: Bool) {
        self.observation = observation
        self.reward = reward
        self.terminated = terminated
        self.truncated = truncated
    }
}

/// A simulated task with D4RL's episode semantics: `reset` starts an episode
/// from a seeded initial state, `step` applies an action (clipped to the action box by the
/// environment) until `terminated` or `truncated`. Each instance owns its state.
public protocol Environment {
    var observationDim: Int { get }
    var actionDim: Int { get }
    /// The time limit, in steps.
    var maxEpisodeSteps: Int { get }
    /// Starts an episode; the same seed gives the same initial observation.
    mutating func reset(seed: UInt64) -> [Float]
    mutating func step(_ action: [Float]) -> StepResult
}

/// Something that chooses actions: a trained policy, a scripted controller.
public protocol Policy {
    /// The action for one raw (unnormalised) observation.
    func action(for observation: [Float]) -> [Float]
}
