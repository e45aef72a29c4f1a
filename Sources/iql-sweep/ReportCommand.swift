import ArgumentParser
import Scores
import Sweeps

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

    @Option(help: "Published columns, comma-separated: \(PublishedScores.Source.allCases.map(\.rawValue).joined(separator: ", ")).")
    var published = ""

    func run() throws {
        let report = SweepReport(try sweep.load())
        let sources = try published.split(separator: ",").map { name in
            guard let source = PublishedScores.Source(rawValue: String(name)) else {
                throw ValidationError("unknown --published source '\(name)'; known: \(PublishedScores.Source.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return source
        }
        for problem in report.problems { print("warning: \(problem)") }
        for path in try report.write(published: sources) { print("wrote \(path)") }
        let missing = report.missing
        print(missing.isEmpty ? "every cell has all its runs" : missing.joined(separator: "\n"))
    }
}
