import Core
/// How IQL rescales rewards before training, chosen by task family (SPEC §2).
public enum RewardTransform: String, Hashable, Sendable, CaseIterable {
    /// halfcheetah, hopper, walker2d, ant: `r ← r / (max_return − min_return) · 1000`, over
    /// trajectories split by `episodeEnds`, returns summed in float32 in order (as the original does).
    case locomotion
    /// antmaze: `r ← r − 1`.
    case antmaze
    /// Rewards unchanged.
    case none

    /// The transform the original IQL applies to a dataset of this name.
    public init(for name: DatasetName) {
        switch name.family {
        case .locomotion: self = .locomotion
        case .antmaze: self = .antmaze
        case .kitchen, .adroit, nil: self = .none
        }
    }

    /// Applies the transform in place.
    /// - Returns: for `.locomotion`, the return range `max − min` that rewards were divided by.
    /// - Throws: `.unavailable` when locomotion scaling is impossible (no transitions, or all trajectory returns equal).
    @discardableResult
    public func apply(to transitions: inout Transitions) throws(DatasetError) -> Float? {
        switch self {
        case .none:
            return nil
        case .antmaze:
            for index in transitions.rewards.indices { transitions.rewards[index] -= 1 }
            return nil
        case .locomotion:
            let range = Self.returnRange(of: transitions)
            guard range > 0, range.isFinite else {
                throw .unavailable(
                    file: transitions.name.name, key: "rewards",
                    reason: "locomotion reward scaling needs trajectories with different returns (range \(range))")
            }
            for index in transitions.rewards.indices {
                transitions.rewards[index] = transitions.rewards[index] / range * 1000
            }
            return range
        }
    }

    /// max − min of `trajectoryReturns(of:)`, the locomotion divisor; 0 without transitions.
    public static func returnRange(of transitions: Transitions) -> Float {
        let returns = trajectoryReturns(of: transitions)
        return (returns.max() ?? 0) - (returns.min() ?? 0)
    }

    /// Per-trajectory returns as the original computes them: a float32 running sum in order.
    public static func trajectoryReturns(of transitions: Transitions) -> [Float] {
        let trajectories = Episodes.trajectories(of: transitions)
        return trajectories.ranges.map { range in
            var total: Float = 0
            for index in range { total += transitions.rewards[index] }
            return total
        }
    }
}
