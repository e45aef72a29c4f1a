import Core
import ArgumentParser
import Scores
import Foundation

/// `d4rl-score curves PATH... --out curves.svg`: learning curves as an SVG image.
struct CurvesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curves",
        abstract: "Draw normalised score against training step, mean and band over seeds, one panel per dataset.",
        discussion: """
            Reads the evaluation records of result.json files (CSV rows have none). At each \
            step shared by a dataset's runs of one algorithm: the mean over seeds as a line, \
            the band as min–max (default) or ±1 std.

            Example:
              d4rl-score curves runs/ --out curves.svg --band std
            """)

    @Argument(help: "result.json files or directories holding them.")
    var paths: [String]

    @Option(help: "The SVG file to write.")
    var out = "curves.svg"

    @Option(help: "The band around the mean: minmax or std.")
    var band = LearningCurves.Band.minmax

    @Flag(help: "Replace --out if it exists.")
    var overwrite = false

    func run() throws {
        if !overwrite && FileManager.default.fileExists(atPath: out) {
            throw ScoreToolError("\(out) exists; pass --overwrite to replace it")
        }
        removeStaleTemporaries(of: out)
        let curves = LearningCurves(runs: try loadRuns(paths), band: band)
        guard !curves.panels.isEmpty else { throw ScoreToolError("no run in \(paths.joined(separator: ", ")) has evaluation records") }
        try write(curves.svg(), to: out)
        print("wrote \(out): \(curves.panels.count) panels (\(curves.panels.map(\.dataset).joined(separator: ", ")))")
    }

    /// Writes `text` to `path` atomically.
    /// - Throws: `ScoreToolError` naming the path and the system's reason, e.g. "No such file or directory".
    private func write(_ text: String, to path: String) throws {
        do {
            try writeAtomically(Data(text.utf8), to: path)
        } catch {
            throw ScoreToolError(error.description)
        }
    }
}
