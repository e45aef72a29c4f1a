import Core
import Foundation
import Scores

/// The score tables and learning curves of a sweep's done runs, as `d4rl-score` draws them, each
/// run in the column of its label (the algorithm and grid point), and what each cell still lacks.
public struct SweepReport {
    public var sweep: Sweep
    /// The done runs' records, labelled by run.
    public var records: [RunRecord]
    /// Runs whose `result.json` could not be used, with the reason.
    public var problems: [String]

    /// Reads the `result.json` of every run of `sweep` that has one.
    public init(_ sweep: Sweep) {
        self.sweep = sweep
        let results = sweep.runs.filter { FileManager.default.fileExists(atPath: RunFiles($0).result) }
        let labels = Dictionary(uniqueKeysWithValues: results.map { (RunFiles($0).result, $0.label) })
        let collection = RunCollection(paths: results.map { RunFiles($0).result }, label: { labels[$0] })
        records = collection.runs
        problems = collection.problems.map(\.description)
    }

    /// One line per table cell (dataset and label) that lacks runs: `hopper-… IQL: 1 of 3 runs not done`.
    public var missing: [String] {
        let done = Set(records.map(\.file))
        var cells: [(cell: String, total: Int, lacking: Int)] = []
        for run in sweep.runs {
            let lacking = done.contains(RunFiles(run).result) ? 0 : 1
            if let last = cells.indices.last, cells[last].cell == run.cell {
                cells[last].total += 1
                cells[last].lacking += lacking
            } else {
                cells.append((run.cell, 1, lacking))
            }
        }
        return cells.filter { $0.lacking > 0 }.map { "\($0.cell): \($0.lacking) of \($0.total) runs not done" }
    }

    /// Writes `table-final.md`, `table-best.md`, `table-final.csv` and `curves.svg` (when a run
    /// has evaluations) into the sweep's `report/`, replacing the previous report.
    /// - Returns: the files written.
    /// - Throws: `SweepError` when no run is done, or a file cannot be written.
    public func write(published: [PublishedScores.Source], publishedVersion: Int? = nil) throws(SweepError) -> [String] {
        guard !records.isEmpty else { throw SweepError("\(sweep.file.path): no run is done yet; nothing to report") }
        let directory = sweep.reportDirectory
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw SweepError("\(directory): cannot create it (\(error.localizedDescription))")
        }
        let final = ScoreTable(runs: records, metric: .final, published: published, publishedVersion: publishedVersion)
        let best = ScoreTable(runs: records, metric: .best, published: published, publishedVersion: publishedVersion)
        var files: [(name: String, text: String)] = [
            ("table-final.md", final.markdown()), ("table-best.md", best.markdown()), ("table-final.csv", final.csv()),
        ]
        let curves = LearningCurves(runs: records, band: .minmax)
        if !curves.panels.isEmpty { files.append(("curves.svg", curves.svg())) }
        var written: [String] = []
        for file in files {
            let path = directory + "/" + file.name
            do { try writeAtomically(Data(file.text.utf8), to: path) } catch { throw SweepError(error.description) }
            written.append(path)
        }
        return written
    }
}
