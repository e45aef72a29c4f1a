/// One episode of a Minari dataset, flattened: T steps and the T + 1 observations around them
/// (the last is the observation the episode ended in).
public struct MinariEpisode: Sendable, Equatable {
    /// i of the file's `episode_<i>` group.
    public var index: Int
    /// The reset seed (`@seed`), when recorded.
    public var seed: Int64?
    /// T, the number of steps.
    public var length: Int { rewards.count }
    /// (T + 1) × observationDim: the selected observation keys side by side, in order.
    public var observations: [Float]
    /// T × actionDim.
    public var actions: [Float]
    /// T rewards, as stored (float64 in minari's own files).
    public var rewards: [Double]
    /// T flags: the environment terminated after this step.
    public var terminations: [Bool]
    /// T flags: the time limit (or a cut) ended the episode after this step.
    public var truncations: [Bool]

    /// Σ r over the steps, in Double.
    public var undiscountedReturn: Double { rewards.reduce(0, +) }
    /// The episode ended by a termination (its last step is terminal).
    public var isTerminated: Bool { terminations.last ?? false }
    /// The episode's last step is truncated (as minari counts it: an episode whose last step is
    /// both terminated and truncated counts as both).
    public var isTruncated: Bool { truncations.last ?? false }
}
