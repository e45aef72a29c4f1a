
/// The rows a `DatasetCollector` gathered, laid out as a D4RL file stores them (SPEC §1),
/// plus each episode's return and length. `write(to:)` saves it.
///
/// Episode ends: the last row of an episode that terminated has `terminals` set; the last row
/// of one that reached the time limit or was cut at a segment's row count has `timeouts` set
/// (never both).
public struct CollectedDataset: Sendable {
    /// One segment of the dataset as collected.
    public struct Segment: Sendable, Equatable {
        public var description: String
        public var rows: Int
        public var episodes: Int
        /// σ of the Gaussian action noise.
        public var actionNoise: Double
        /// The segment's mean episode return (`CollectedDataset.meanReturn(of:completed:)`).
        public var meanReturn: Double
    }

    public var task: LocomotionTask
    public var seed: UInt64
    public var observationDim: Int
    public var actionDim: Int
    /// nq, the width of `qpos`.
    public var positionCount: Int
    /// nv, the width of `qvel`.
    public var velocityCount: Int
    public var segments: [Segment] = []
    /// N × observationDim.
    public var observations: [Float] = []
    /// N × actionDim.
    public var actions: [Float] = []
    public var rewards: [Float] = []
    /// N × observationDim.
    public var nextObservations: [Float] = []
    public var terminals: [Bool] = []
    public var timeouts: [Bool] = []
    /// N × nq, double precision: the state before each step.
    public var qpos: [Double] = []
    /// N × nv, double precision.
    public var qvel: [Double] = []
    /// Σ r of each episode's kept rows, from the double-precision rewards.
    public var episodeReturns: [Double] = []
    public var episodeLengths: [Int] = []
    /// Whether each episode ended on its own (terminal or time limit) rather than being cut at a
    /// segment's row count.
    public var episodeCompleted: [Bool] = []

    init(task: LocomotionTask, seed: UInt64, environment: LocomotionEnvironment) {
        self.task = task
        self.seed = seed
        observationDim = environment.observationDim
        actionDim = environment.actionDim
        positionCount = environment.simulation.positionCount
        velocityCount = environment.simulation.velocityCount
    }

    /// N, the number of rows.
    public var rowCount: Int { rewards.count }

    /// The mean return of the episodes that ended on their own, or of all episodes when none did.
    public var meanReturn: Double { Self.meanReturn(of: episodeReturns[...], completed: episodeCompleted[...]) }

    /// The mean of `returns` over the episodes flagged `completed`, or over all when none is
    /// (a cut episode's return is low only because it was cut).
    static func meanReturn(of returns: ArraySlice<Double>, completed: ArraySlice<Bool>) -> Double {
        let finished = zip(returns, completed).filter(\.1).map(\.0)
        let chosen = finished.isEmpty ? Array(returns) : finished
        return chosen.reduce(0, +) / Double(max(chosen.count, 1))
    }

    /// Appends the first `rows` rows of `episode` as one episode.
    mutating func append(_ episode: CollectedEpisode, rows: Int) {
        precondition((1...episode.length).contains(rows), "cannot keep \(rows) of \(episode.length) rows")
        let (o, a) = (episode.observationDim, episode.actionDim)
        observations += episode.observations.prefix(rows * o)
        actions += episode.actions.prefix(rows * a)
        rewards += episode.rewards.prefix(rows).map { Float($0) }
        nextObservations += episode.nextObservations.prefix(rows * o)
        qpos += episode.qpos.prefix(rows * positionCount)
        qvel += episode.qvel.prefix(rows * velocityCount)
        let completed = rows == episode.length && (episode.terminated || rows == LocomotionTask.maxEpisodeSteps)
        let terminal = rows == episode.length && episode.terminated
        terminals += [Bool](repeating: false, count: rows - 1) + [terminal]
        timeouts += [Bool](repeating: false, count: rows - 1) + [!terminal]
        episodeReturns.append(episode.undiscountedReturn(rows: rows))
        episodeLengths.append(rows)
        episodeCompleted.append(completed)
    }
}
