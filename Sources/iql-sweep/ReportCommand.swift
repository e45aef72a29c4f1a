import ArgumentParser
import Scores
import Sweeps
import ToolSupport

/// `iql-sweep report SWEEP.json`: tables and curves of the done runs.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the score tables (final, best) and learning curves of the done runs into <output>/report/.",
        discussion: """
            The tables are d4rl-score's: rows are datasets, columns the algorithms with their grid \
            point (IQL temperature=1), cells mean ± std over seeds. The report says how many runs \
            each cell still lacks.
            """)

    @OptionGroup var sweep: SweepArgument

    @OptionGroup var publishedColumns: PublishedColumnOptions

    func run() throws {
        let report = SweepReport(try sweep.load())
        for problem in report.problems { print("warning: \(problem)") }
        for path in try report.write(published: publishedColumns.sources(), publishedVersion: publishedColumns.publishedVersion) { print("wrote \(path)") }
        let missing = report.missing
        print(missing.isEmpty ? "every cell has all its runs" : missing.joined(separator: "\n"))
    }
}
