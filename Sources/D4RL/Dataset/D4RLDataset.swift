import Core
/// A D4RL file's arrays as stored, one row per environment step, before any
/// transition logic (SPEC §1).
///
/// Arrays are row-major `Float` buffers (float64 files are converted on
/// load); `(N, 1)` rewards and terminals are flattened to `N`.
public struct D4RLDataset: Sendable {
    /// The dataset's name, from the file name (`hopper_medium-v2`).
    public var name: DatasetName
    /// Number of rows N (environment steps).
    public var rowCount: Int
    public var observationDim: Int
    public var actionDim: Int
    /// N × observationDim.
    public var observations: [Float]
    /// N × actionDim.
    public var actions: [Float]
    /// N × observationDim when the file stores them (gym-mujoco v1/v2), else nil.
    public var nextObservations: [Float]?
    /// N rewards.
    public var rewards: [Float]
    /// N flags: the environment terminated after this step.
    public var terminals: [Bool]
    /// N flags: the episode was cut by the time limit after this step; nil when the file has no `timeouts`.
    public var timeouts: [Bool]?
    /// Rows whose `terminals` or `timeouts` value was stored as a float NaN or ±Inf (read as set),
    /// by key; empty for every file `init(contentsOf:)` loads with `requireFinite`.
    public var nonFiniteFlagRows: [String: [Int]]

    public init(
        name: DatasetName, observations: [Float], observationDim: Int, actions: [Float], actionDim: Int,
        nextObservations: [Float]?, rewards: [Float], terminals: [Bool], timeouts: [Bool]?,
        nonFiniteFlagRows: [String: [Int]] = [:]
    ) {
        let rows = rewards.count
        precondition(observations.count == rows * observationDim && actions.count == rows * actionDim,
                     "observations \(observations.count) / actions \(actions.count) do not fit \(rows) rows")
        precondition(nextObservations.map { $0.count == rows * observationDim } ?? true, "next observations do not fit")
        precondition(terminals.count == rows && (timeouts?.count ?? rows) == rows, "flags do not fit \(rows) rows")
        self.name = name
        self.rowCount = rows
        self.observationDim = observationDim
        self.actionDim = actionDim
        self.observations = observations
        self.actions = actions
        self.nextObservations = nextObservations
        self.rewards = rewards
        self.terminals = terminals
        self.timeouts = timeouts
        self.nonFiniteFlagRows = nonFiniteFlagRows
    }

    /// Observation row `row` as a slice.
    public func observation(_ row: Int) -> ArraySlice<Float> {
        observations[row * observationDim..<(row + 1) * observationDim]
    }

    /// Action row `row` as a slice.
    public func action(_ row: Int) -> ArraySlice<Float> {
        actions[row * actionDim..<(row + 1) * actionDim]
    }

    /// Stored next observation of row `row`, when the file has them.
    public func nextObservation(_ row: Int) -> ArraySlice<Float>? {
        nextObservations?[row * observationDim..<(row + 1) * observationDim]
    }
}
