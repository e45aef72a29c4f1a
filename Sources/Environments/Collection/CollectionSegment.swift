/// One part of a collected dataset: `transitions` rows from one policy, with optional Gaussian
/// action noise. Several segments in a row make a concatenated set, e.g. D4RL's
/// `medium-expert` = medium ++ expert.
///
///     let expert = try BehaviorPolicy(contentsOf: "hopper-expert.h5")
///     let segment = CollectionSegment(policy: expert.stochastic, description: "stochastic:hopper-expert.h5",
///                                     transitions: 100_000, actionNoise: 0.1)
public struct CollectionSegment {
    /// Chooses each action; its random draws come from the episode's generator.
    public var policy: any SamplingPolicy
    /// How the policy is named in the file's metadata, e.g. `stochastic:hopper-expert.h5`.
    public var description: String
    /// Rows to collect; the last episode is cut (as a timeout) at this count.
    public var transitions: Int
    /// σ of the Gaussian noise added to every action component: a ← clip(a + σ·ε, −1, 1),
    /// ε ~ N(0, 1) drawn after the policy's own draws. 0 adds none and draws nothing.
    public var actionNoise: Double

    public init(policy: any SamplingPolicy, description: String, transitions: Int, actionNoise: Double = 0) {
        precondition(transitions > 0, "a segment needs at least one transition, got \(transitions)")
        precondition(actionNoise >= 0 && actionNoise.isFinite, "action noise σ must be finite and ≥ 0, got \(actionNoise)")
        self.policy = policy
        self.description = description
        self.transitions = transitions
        self.actionNoise = actionNoise
    }
}
