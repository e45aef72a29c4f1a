import Core
/// What a D4RL file holds, in the numbers users check before training:
/// sizes, episodes, returns, per-dimension statistics and warnings.
public struct DatasetSummary: Sendable {
    /// Minimum, mean and maximum of a list of numbers.
    public struct Range: Sendable, Equatable {
        public var min: Double
        public var mean: Double
        public var max: Double

        /// nil for an empty list.
        public init?<S: Sequence>(_ values: S) where S.Element: BinaryFloatingPoint {
            var count = 0, total = 0.0, low = Double.infinity, high = -Double.infinity
            for value in values {
                let value = Double(value)
                count += 1
                total += value
                low = Swift.min(low, value)
                high = Swift.max(high, value)
            }
            guard count > 0 else { return nil }
            self.min = low
            self.mean = total / Double(count)
            self.max = high
        }
    }

    /// Statistics of one column over its finite values.
    public struct ColumnStatistics: Sendable, Equatable {
        public var min: Double
        public var max: Double
        public var mean: Double
        /// Population standard deviation (ddof 0).
        public var std: Double
    }

    /// Episode ends as each signal counts them.
    public struct EpisodeCounts: Sendable, Equatable {
        /// Rows with `terminals` set.
        public var terminals: Int
        /// Rows with `timeouts` set; nil without `timeouts`.
        public var timeouts: Int?
        /// Rows i < N−1 whose stored next observation is not row i+1's observation (‖·‖₂ > 1e-6); nil without `next_observations`.
        public var nextObservationMismatches: Int?
    }

    public var name: DatasetName
    public var rows: Int
    public var observationDim: Int
    public var actionDim: Int
    /// The episode length assumed when the file has no timeouts.
    public var maxEpisodeSteps: Int
    /// Transitions `qlearning_dataset` makes with default options.
    public var qLearningTransitions: Int
    public var episodeCounts: EpisodeCounts
    /// Raw episodes: split after terminal or timeout rows (see `Episodes.raw`).
    public var episodeCount: Int
    public var episodeLengths: Range?
    /// Sums of raw rewards per raw episode.
    public var episodeReturns: Range?
    public var observationStatistics: [ColumnStatistics]
    public var actionStatistics: [ColumnStatistics]
    /// NaN/Inf count per array key, for the arrays that have any (float-stored flags included).
    public var nonFiniteCounts: [String: Int]
    public var warnings: [DataWarning]

    public init(_ dataset: D4RLDataset, maxEpisodeSteps: Int = 1000) {
        name = dataset.name
        rows = dataset.rowCount
        observationDim = dataset.observationDim
        actionDim = dataset.actionDim
        self.maxEpisodeSteps = maxEpisodeSteps
        qLearningTransitions = Transitions.keptRows(
            of: dataset, options: QLearningOptions(maxEpisodeSteps: maxEpisodeSteps)).count
        let mismatches = Self.nextObservationMismatches(of: dataset)
        episodeCounts = EpisodeCounts(
            terminals: dataset.terminals.lazy.filter { $0 }.count,
            timeouts: dataset.timeouts?.lazy.filter { $0 }.count,
            nextObservationMismatches: mismatches?.count)
        let episodes = Episodes.raw(of: dataset, maxEpisodeSteps: maxEpisodeSteps)
        episodeCount = episodes.ranges.count
        episodeLengths = Range(episodes.lengths.map(Double.init))
        episodeReturns = Range(episodes.returns(of: dataset.rewards))
        observationStatistics = Self.columnStatistics(dataset.observations, width: dataset.observationDim)
        actionStatistics = Self.columnStatistics(dataset.actions, width: dataset.actionDim)
        var nonFinite: [String: Int] = [:]
        var warnings: [DataWarning] = []
        for (key, values, width) in Self.floatArrays(of: dataset) {
            let bad = values.indices.filter { !values[$0].isFinite }
            guard let first = bad.first else { continue }
            nonFinite[key] = bad.count
            warnings.append(.nonFinite(key: key, count: bad.count, firstRow: first / width))
        }
        for (key, rows) in dataset.nonFiniteFlagRows.sorted(by: { $0.key < $1.key }) {
            guard let first = rows.first else { continue }
            nonFinite[key] = rows.count
            warnings.append(.nonFinite(key: key, count: rows.count, firstRow: first))
        }
        nonFiniteCounts = nonFinite
        self.warnings = warnings + Self.episodeWarnings(dataset, mismatches: mismatches, maxEpisodeSteps: maxEpisodeSteps)
            + Self.rewardWarnings(dataset, maxEpisodeSteps: maxEpisodeSteps)
    }

    private static func floatArrays(of dataset: D4RLDataset) -> [(String, [Float], Int)] {
        var arrays = [("observations", dataset.observations, dataset.observationDim),
                      ("actions", dataset.actions, dataset.actionDim),
                      ("rewards", dataset.rewards, 1)]
        if let next = dataset.nextObservations { arrays.append(("next_observations", next, dataset.observationDim)) }
        return arrays
    }

    /// Rows i < N−1 where the stored next observation differs from row i+1's observation
    /// (‖·‖₂ > 1e-6); rows where either holds NaN/Inf are left out (the NaN/Inf warning names them).
    private static func nextObservationMismatches(of dataset: D4RLDataset) -> [Int]? {
        guard let next = dataset.nextObservations else { return nil }
        let width = dataset.observationDim
        return (0..<max(dataset.rowCount - 1, 0)).filter { row in
            var squares: Float = 0
            for column in 0..<width {
                let stored = next[row * width + column], actual = dataset.observations[(row + 1) * width + column]
                guard stored.isFinite && actual.isFinite else { return false }
                squares += (stored - actual) * (stored - actual)
            }
            return squares.squareRoot() > 1e-6
        }
    }

    private static func episodeWarnings(_ dataset: D4RLDataset, mismatches: [Int]?, maxEpisodeSteps: Int) -> [DataWarning] {
        guard let timeouts = dataset.timeouts else { return [.missingTimeouts(maxEpisodeSteps: maxEpisodeSteps)] }
        var warnings: [DataWarning] = []
        let both = (0..<dataset.rowCount).filter { dataset.terminals[$0] && timeouts[$0] }
        if let first = both.first { warnings.append(.terminalAndTimeout(count: both.count, firstRow: first)) }
        guard let mismatches else { return warnings }
        let resets = Set(mismatches)
        let continuing = (0..<max(dataset.rowCount - 1, 0)).filter { timeouts[$0] && !resets.contains($0) }
        if let first = continuing.first { warnings.append(.timeoutWithoutReset(count: continuing.count, firstRow: first)) }
        let unmarked = mismatches.filter { !dataset.terminals[$0] && !timeouts[$0] }
        if let first = unmarked.first { warnings.append(.resetWithoutEnd(count: unmarked.count, firstRow: first)) }
        return warnings
    }

    /// Two signs of rewards already transformed the IQL way: locomotion
    /// trajectory returns spanning exactly 1000, or antmaze rewards in {−1, 0}.
    private static func rewardWarnings(_ dataset: D4RLDataset, maxEpisodeSteps: Int) -> [DataWarning] {
        switch dataset.name.family {
        case .locomotion:
            guard let transitions = try? Transitions(qLearningFrom: dataset, options: QLearningOptions(maxEpisodeSteps: maxEpisodeSteps))
            else { return [] }
            let span = RewardTransform.returnRange(of: transitions)
            return abs(span - 1000) < 0.5
                ? [.rewardsLookNormalized(evidence: "trajectory returns span \(span), the 1000 IQL scales them to")] : []
        case .antmaze:
            let shifted = dataset.rewards.allSatisfy { $0 == 0 || $0 == -1 } && dataset.rewards.contains(-1)
            return shifted ? [.rewardsLookNormalized(evidence: "antmaze rewards are all −1 or 0, as after IQL's r − 1")] : []
        default:
            return []
        }
    }

    /// Per-column min / max / mean / std over finite values (NaN where a column
    /// has none), with Welford's running mean and sum of squared deviations.
    static func columnStatistics(_ values: [Float], width: Int) -> [ColumnStatistics] {
        guard width > 0 else { return [] }
        var count = [Int](repeating: 0, count: width)
        var mean = [Double](repeating: 0, count: width), deviations = mean
        var low = [Double](repeating: .infinity, count: width), high = [Double](repeating: -.infinity, count: width)
        for (index, value) in values.enumerated() where value.isFinite {
            let column = index % width, value = Double(value)
            count[column] += 1
            let delta = value - mean[column]
            mean[column] += delta / Double(count[column])
            deviations[column] += delta * (value - mean[column])
            low[column] = min(low[column], value)
            high[column] = max(high[column], value)
        }
        return (0..<width).map { column in
            guard count[column] > 0 else { return ColumnStatistics(min: .nan, max: .nan, mean: .nan, std: .nan) }
            return ColumnStatistics(
                min: low[column], max: high[column], mean: mean[column],
                std: (deviations[column] / Double(count[column])).squareRoot())
        }
    }
}
