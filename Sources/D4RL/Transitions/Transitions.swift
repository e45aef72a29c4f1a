import Core
/// Training transitions (s, a, r, s′, mask) in one contiguous row-major
/// `Float` buffer per field, as the original IQL's `Dataset` holds them.
public struct Transitions: Sendable {
    /// The dataset the transitions came from.
    public var name: DatasetName
    public let observationDim: Int
    public let actionDim: Int
    /// count × observationDim.
    public var observations: [Float]
    /// count × actionDim.
    public var actions: [Float]
    /// count rewards (after any `RewardTransform`).
    public var rewards: [Float]
    /// count bootstrap factors: 1 − terminal (timeouts never stop bootstrapping).
    public var masks: [Float]
    /// count × observationDim.
    public var nextObservations: [Float]
    /// count flags, the original's `dones_float`: a trajectory ends after this
    /// transition (terminal, or the next observation does not continue it; the last is always an end).
    public var episodeEnds: [Bool]
    /// count indices: the raw file row each transition was made from.
    public var sourceRows: [Int]

    /// Number of transitions.
    public var count: Int { rewards.count }

    /// Observation of transition `index` as a slice.
    public func observation(_ index: Int) -> ArraySlice<Float> {
        observations[index * observationDim..<(index + 1) * observationDim]
    }

    /// Action of transition `index` as a slice.
    public func action(_ index: Int) -> ArraySlice<Float> {
        actions[index * actionDim..<(index + 1) * actionDim]
    }

    /// Next observation of transition `index` as a slice.
    public func nextObservation(_ index: Int) -> ArraySlice<Float> {
        nextObservations[index * observationDim..<(index + 1) * observationDim]
    }

    /// Whether transition `index` ends in an environment termination (mask 0).
    public func isTerminal(_ index: Int) -> Bool { masks[index] == 0 }

    /// Clips every action component to ±`limit`, as the original IQL does with
    /// limit 1 − 1e-5 so that log-probabilities stay finite at the bounds.
    public mutating func clipActions(to limit: Float = 1 - 1e-5) {
        for index in actions.indices { actions[index] = min(max(actions[index], -limit), limit) }
    }
}
