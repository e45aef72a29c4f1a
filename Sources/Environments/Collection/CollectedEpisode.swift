/// The rows of one rolled-out episode, before it is cut to fit a dataset.
///
/// Row t holds the state (qpos, qvel) and observation s_t before the step, the action a_t
/// applied, the reward r_t and the observation s_{t+1} after it.
public struct CollectedEpisode: Sendable {
    public var observationDim: Int
    public var actionDim: Int
    /// length × observationDim.
    public var observations: [Float] = []
    /// length × actionDim: the actions exactly as applied (after noise and clipping).
    public var actions: [Float] = []
    /// Rewards in double precision, as the environment computed them.
    public var rewards: [Double] = []
    /// length × observationDim.
    public var nextObservations: [Float] = []
    /// length × nq: the state before each step.
    public var qpos: [Double] = []
    /// length × nv.
    public var qvel: [Double] = []
    /// The robot left its healthy range after the last row.
    public var terminated = false

    public init(observationDim: Int, actionDim: Int) {
        self.observationDim = observationDim
        self.actionDim = actionDim
    }

    /// Number of rows (steps).
    public var length: Int { rewards.count }

    /// Σ r_t over the first `rows` rows (default: all).
    public func undiscountedReturn(rows: Int? = nil) -> Double {
        rewards.prefix(rows ?? length).reduce(0, +)
    }
}
