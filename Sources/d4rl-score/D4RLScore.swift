import ArgumentParser
import Scores
import Foundation

/// `d4rl-score`: D4RL-normalised scores, benchmark tables and learning curves.
@main
struct D4RLScore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "d4rl-score",
        abstract: "D4RL-normalised scores, the benchmark tables papers print, and learning curves.",
        discussion: """
            Scores are 100 · (return − random) / (expert − random) with D4RL's reference returns \
            for the exact name (v0, v1 and v2 differ).
            """,
        subcommands: [NormalizeCommand.self, TableCommand.self, CurvesCommand.self])
}

/// The runs of `paths`, each problem printed on standard error as `warning: FILE: reason`.
/// - Throws: when no run is usable, naming the paths.
func loadRuns(_ paths: [String]) throws -> [RunRecord] {
    let collection = RunCollection(paths: paths)
    for problem in collection.problems {
        FileHandle.standardError.write(Data("warning: \(problem)\n".utf8))
    }
    guard !collection.runs.isEmpty else {
        throw ScoreToolError("no usable runs in \(paths.joined(separator: ", "))")
    }
    return collection.runs
}

/// A failure of the whole command (exit status 1), printed by ArgumentParser as one `Error:` line.
struct ScoreToolError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension ScoreMetric: ExpressibleByArgument {}
extension LearningCurves.Band: ExpressibleByArgument {}
