import Core
/// Normalised score against training step, per dataset and algorithm, summarised over seeds:
/// what `d4rl-score curves` draws.
///
/// For the runs of one dataset and algorithm, at each step every run evaluated at (steps
/// missing from some run are dropped): mean = Σ sᵢ / n, and a band that is either
/// [min sᵢ, max sᵢ] or mean ± √(Σ (sᵢ − mean)² / n).
public struct LearningCurves: Sendable {
    /// What the shaded band around the mean shows.
    public enum Band: String, CaseIterable, Sendable {
        /// From the lowest to the highest seed.
        case minmax
        /// Mean ± population standard deviation over seeds.
        case std
    }

    /// One algorithm's curve on one dataset.
    public struct Series: Sendable {
        public var algorithm: String
        public var seeds: Int
        public var steps: [Int]
        public var mean: [Double]
        public var lower: [Double]
        public var upper: [Double]
    }

    /// One dataset's curves.
    public struct Panel: Sendable {
        public var dataset: String
        public var series: [Series]
    }

    public var band: Band
    /// Panels in `DatasetOrder`; series by algorithm name.
    public var panels: [Panel]
    /// Every algorithm drawn, by name: its index picks its colour in every panel.
    public var algorithms: [String]

    /// The curves of the runs that have evaluation records (CSV rows have none).
    public init(runs: [RunRecord], band: Band) {
        self.band = band
        let evaluated = runs.filter { !$0.curve.isEmpty }
        algorithms = Set(evaluated.map(\.algorithm)).sorted()
        let datasets = Set(evaluated.map(\.dataset)).sorted { DatasetOrder($0) < DatasetOrder($1) }
        panels = datasets.map { dataset in
            let series = Set(evaluated.filter { $0.dataset == dataset }.map(\.algorithm)).sorted().map { algorithm in
                Self.series(evaluated.filter { $0.dataset == dataset && $0.algorithm == algorithm }, band: band)
            }
            return Panel(dataset: dataset, series: series)
        }
    }

    /// The mean and band of `runs` (one dataset and algorithm) at the steps they share.
    static func series(_ runs: [RunRecord], band: Band) -> Series {
        let byStep = runs.map { run in Dictionary(run.curve.map { ($0.step, $0.score) }, uniquingKeysWith: { _, last in last }) }
        let steps = byStep.dropFirst().reduce(Set(byStep[0].keys)) { $0.intersection($1.keys) }.sorted()
        var result = Series(algorithm: runs[0].algorithm, seeds: runs.count, steps: steps, mean: [], lower: [], upper: [])
        for step in steps {
            let scores = byStep.map { $0[step]! }
            let cell = ScoreTable.seedCell(scores)!
            result.mean.append(cell.mean)
            result.lower.append(band == .minmax ? scores.min()! : cell.mean - cell.std!)
            result.upper.append(band == .minmax ? scores.max()! : cell.mean + cell.std!)
        }
        return result
    }
}
