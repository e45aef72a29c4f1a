import Core
/// One run's normalised scores (×100), from a `result.json` or a CSV row: what a score table
/// and a learning-curve plot are made of.
public struct RunRecord: Hashable, Sendable {
    /// A normalised score at a training step.
    public struct Point: Hashable, Sendable {
        public var step: Int
        public var score: Double
    }

    /// The D4RL name as D4RL spells it (`ReferenceScore.name`), or the canonical name of a
    /// locomotion dataset made here (`hopper-mixed`), see `init(_:file:)`.
    public var dataset: String
    public var algorithm: String
    public var seed: UInt64
    /// The last evaluation's score.
    public var finalScore: Double
    /// The highest evaluation score (a CSV row gives one number, used for both).
    public var bestScore: Double
    /// Score against step, one point per evaluation; empty for a CSV row.
    public var curve: [Point]
    /// The file the run came from, for messages.
    public var file: String

    /// The score under `metric`.
    public func score(_ metric: ScoreMetric) -> Double {
        switch metric {
        case .final: finalScore
        case .best: bestScore
        }
    }
}

/// Which evaluation of a run a table reports. Papers mostly report `final` (SPEC §4); say
/// which one a table shows.
public enum ScoreMetric: String, CaseIterable, Sendable {
    /// The last evaluation.
    case final
    /// The best evaluation during training (optimistic: it selects on the test metric).
    case best
}

extension RunRecord {
    /// The record of a result file, its dataset name checked against D4RL's table.
    ///
    /// A dataset of a D4RL locomotion robot that is not a D4RL name (one collected here, such as
    /// `hopper-mixed`) is kept under its canonical name: its scores were normalised with the
    /// robot's reference returns, which every gym-mujoco -v2 dataset of that robot shares.
    /// A run that records its own reference pair (a Minari dataset, normalised with the dataset's
    /// `ref_min_score`/`ref_max_score`) keeps its dataset name as it is.
    /// - Throws: `ScoreInputError` when the dataset is neither a D4RL name, nor a locomotion
    ///   dataset, nor scored with a reference pair of its own.
    public init(_ result: RunResult, file: String) throws {
        do {
            dataset = try ReferenceScores.lookup(result.dataset).name
        } catch {
            let name = DatasetName(result.dataset)
            if let reference = result.reference, reference.name == result.dataset {
                dataset = result.dataset
            } else {
                guard name.family == .locomotion else { throw ScoreInputError(path: file, reason: error.description) }
                dataset = name.canonical
            }
        }
        algorithm = result.algorithm
        seed = result.seed
        finalScore = result.finalScore
        bestScore = result.bestScore
        curve = result.evaluations.map { Point(step: $0.step, score: $0.normalizedScore) }
        self.file = file
    }
}
