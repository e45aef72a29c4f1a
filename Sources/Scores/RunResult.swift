import Core
import Foundation

/// The JSON a training run writes at its end (`result.json`): what `d4rl-score` reads.
///
/// Keys are snake_case; scores are D4RL-normalised ×100 (`ReferenceScore.normalize`).
///
/// ```json
/// {"format": "d4rl-iql-run", "version": 1, "dataset": "hopper-medium-v2", "algorithm": "IQL",
///  "seed": 0, "steps": 1000000, "final_score": 66.1, "best_score": 70.3,
///  "evaluations": [{"step": 5000, "mean_return": 1627.0, "std_return": 12.5,
///                   "normalized_score": 50.6, "returns": [...], "episode_lengths": [...]}, ...],
///  "versions": {"d4rl-iql": "…", "mujoco": "3.3.0", "swift": "6.3"}}
/// ```
public struct RunResult: Codable, Sendable, Equatable {
    /// One evaluation during training: the returns of the evaluation episodes at `step`.
    public struct Evaluation: Codable, Sendable, Equatable {
        /// Gradient steps done before this evaluation.
        public var step: Int
        /// Mean undiscounted episode return.
        public var meanReturn: Double
        /// Population standard deviation of the episode returns.
        public var stdReturn: Double
        /// `normalize(meanReturn)`: 100·(mean return − random)/(expert − random).
        public var normalizedScore: Double
        /// Undiscounted return of each episode.
        public var returns: [Double]
        /// Steps of each episode.
        public var episodeLengths: [Int]

        public init(
            step: Int, meanReturn: Double, stdReturn: Double, normalizedScore: Double,
            returns: [Double], episodeLengths: [Int]
        ) {
            self.step = step
            self.meanReturn = meanReturn
            self.stdReturn = stdReturn
            self.normalizedScore = normalizedScore
            self.returns = returns
            self.episodeLengths = episodeLengths
        }

        /// The record of `evaluation` at `step`, scored against `reference`.
        public init(step: Int, evaluation: Core.Evaluation, reference: ReferenceScore) {
            self.init(
                step: step, meanReturn: evaluation.meanReturn, stdReturn: evaluation.returnStandardDeviation,
                normalizedScore: reference.normalize(evaluation.meanReturn),
                returns: evaluation.returns, episodeLengths: evaluation.lengths)
        }

        enum CodingKeys: String, CodingKey {
            case step, returns
            case meanReturn = "mean_return", stdReturn = "std_return"
            case normalizedScore = "normalized_score", episodeLengths = "episode_lengths"
        }
    }

    /// The value of `format`, which marks the file as a run result.
    public static let formatName = "d4rl-iql-run"
    /// The current value of `version`.
    public static let currentVersion = 1

    /// Always `"d4rl-iql-run"`.
    public var format: String
    /// The layout version, 1.
    public var version: Int
    /// The D4RL name (`hopper-medium-v2`) or Minari id (`mujoco/hopper/medium-v0`).
    public var dataset: String
    /// The algorithm's label in tables, e.g. `IQL`.
    public var algorithm: String
    public var seed: UInt64
    /// Gradient steps of the run.
    public var steps: Int
    /// The evaluations in step order.
    public var evaluations: [Evaluation]
    /// The last evaluation's normalised score (×100): what papers report.
    public var finalScore: Double
    /// The highest normalised score (×100) of any evaluation.
    public var bestScore: Double
    /// Versions of what produced the run, e.g. `"d4rl-iql"`, `"mujoco"`, `"swift"`.
    public var versions: [String: String]
    /// The reference returns the scores were normalised with: D4RL's table's pair for the
    /// dataset, or a Minari dataset's own `ref_min_score`/`ref_max_score`. Absent in files from
    /// before it was recorded (their scores use D4RL's table).
    public var reference: Reference?

    /// A reference pair as `result.json` records it.
    public struct Reference: Codable, Sendable, Equatable {
        public var name: String
        public var randomReturn: Double
        public var expertReturn: Double

        public init(_ score: ReferenceScore) {
            name = score.name
            randomReturn = score.randomReturn
            expertReturn = score.expertReturn
        }

        enum CodingKeys: String, CodingKey {
            case name, randomReturn = "random_return", expertReturn = "expert_return"
        }
    }

    /// A result whose `finalScore` and `bestScore` are taken from `evaluations`.
    /// - Precondition: `evaluations` is not empty.
    public init(
        dataset: String, algorithm: String, seed: UInt64, steps: Int,
        evaluations: [Evaluation], versions: [String: String] = [:], reference: ReferenceScore? = nil
    ) {
        precondition(!evaluations.isEmpty, "a run result needs at least one evaluation (\(dataset), seed \(seed))")
        self.format = Self.formatName
        self.version = Self.currentVersion
        self.dataset = dataset
        self.algorithm = algorithm
        self.seed = seed
        self.steps = steps
        self.evaluations = evaluations
        self.finalScore = evaluations.last!.normalizedScore
        self.bestScore = evaluations.map(\.normalizedScore).max()!
        self.versions = versions
        self.reference = reference.map(Reference.init)
    }

    enum CodingKeys: String, CodingKey {
        case format, version, dataset, algorithm, seed, steps, evaluations, versions, reference
        case finalScore = "final_score", bestScore = "best_score"
    }
}

extension RunResult {
    /// Reads a result file.
    /// - Throws: `ScoreInputError` naming the file: unreadable, not JSON, a missing or mistyped
    ///   key, or another `format`/`version`.
    public static func read(from path: String) throws -> RunResult {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ScoreInputError(path: path, reason: "cannot read the file")
        }
        let result: RunResult
        do { result = try JSONDecoder().decode(RunResult.self, from: data) } catch {
            throw ScoreInputError(path: path, reason: ScoreInputError.reason(for: error))
        }
        guard result.format == formatName, result.version == currentVersion else {
            throw ScoreInputError(
                path: path, reason: "format '\(result.format)' version \(result.version), expected '\(formatName)' version \(currentVersion)")
        }
        return result
    }

    /// Writes the result as pretty JSON with sorted keys, atomically (a reader never sees half a file).
    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try writeAtomically(try encoder.encode(self), to: path)
    }
}

/// An input file (or one of its rows) that cannot be used; the description names the file.
public struct ScoreInputError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var reason: String

    public var description: String { "\(path): \(reason)" }

    /// One line for a decoding error: the missing or mistyped key and where it is.
    static func reason(for error: Error) -> String {
        guard let error = error as? DecodingError else { return "not a run result" }
        func at(_ path: [CodingKey]) -> String {
            path.isEmpty ? "" : " at " + path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing key '\(key.stringValue)'\(at(context.codingPath))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type\(at(context.codingPath))"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "bad value\(at(context.codingPath))"
        @unknown default: return "not a run result"
        }
    }
}
