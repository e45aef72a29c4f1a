import Scores
import Core
import Foundation

/// The evaluation CSV of a run (`eval.csv`): one row per evaluation during training, written
/// through, resumed like `TrainingLog` (rows past the checkpoint's step are dropped).
///
///     step,mean_return,std_return,normalized_score,min_length,mean_length,max_length,returns,episode_lengths
///     5000,1627.03,12.5,50.61,512,530.5,549,1614.5 1639.6,512 549
///
/// Returns are undiscounted; `std_return` is the population standard deviation;
/// `normalized_score` is 100·(mean_return − random)/(expert − random); lengths are in
/// environment steps. The last two cells list every episode in episode order, separated by
/// spaces, so `evaluations` (and from it `result.json`) can be rebuilt exactly after a resume.
/// Numbers are written in Swift's shortest round-trip form.
public final class EvaluationLog {
    public static let columns = ["step", "mean_return", "std_return", "normalized_score",
                                 "min_length", "mean_length", "max_length", "returns", "episode_lengths"]
    public var path: String { file.path }
    /// Every evaluation in the file, in step order: the kept rows of a resumed run, then each appended one.
    public private(set) var evaluations: [RunResult.Evaluation]
    private let file: RunCSV

    /// Opens the log of a new run (`resumingAt` nil) or of a run resumed at a checkpoint's step.
    /// - Throws: `EvaluationLogError` when a kept row cannot be read back; file-system errors.
    public init(path: String, resumingAt step: Int? = nil) throws {
        file = try RunCSV(path: path, columns: Self.columns, resumingAt: step)
        evaluations = try file.keptRows.enumerated().map { index, row in
            guard let evaluation = Self.evaluation(row) else {
                throw EvaluationLogError(path: path, line: index + 2, row: String(row))
            }
            return evaluation
        }
    }

    /// Appends one evaluation.
    public func append(_ evaluation: RunResult.Evaluation) throws {
        let lengths = evaluation.episodeLengths
        let meanLength = Double(lengths.reduce(0, +)) / Double(max(lengths.count, 1))
        try file.append([
            "\(evaluation.step)", "\(evaluation.meanReturn)", "\(evaluation.stdReturn)", "\(evaluation.normalizedScore)",
            "\(lengths.min() ?? 0)", String(format: "%.1f", meanLength), "\(lengths.max() ?? 0)",
            evaluation.returns.map { "\($0)" }.joined(separator: " "), lengths.map { "\($0)" }.joined(separator: " "),
        ])
        evaluations.append(evaluation)
    }

    /// The evaluation of one row, or nil when a cell is missing or not a number.
    private static func evaluation(_ row: Substring) -> RunResult.Evaluation? {
        let cells = row.split(separator: ",", omittingEmptySubsequences: false)
        guard cells.count == columns.count, let step = Int(cells[0]), let mean = Double(cells[1]),
              let std = Double(cells[2]), let score = Double(cells[3]) else { return nil }
        let returns = cells[7].split(separator: " ").compactMap { Double($0) }
        let lengths = cells[8].split(separator: " ").compactMap { Int($0) }
        guard returns.count == cells[7].split(separator: " ").count, lengths.count == returns.count else { return nil }
        return RunResult.Evaluation(step: step, meanReturn: mean, stdReturn: std, normalizedScore: score,
                                    returns: returns, episodeLengths: lengths)
    }
}

/// A row of `eval.csv` that cannot be read back when a run resumes.
public struct EvaluationLogError: Error, CustomStringConvertible {
    public var path: String
    /// 1-based line number in the file (the header is line 1).
    public var line: Int
    public var row: String
    public var description: String { "\(path): line \(line) is not an evaluation row: \(row)" }
}
