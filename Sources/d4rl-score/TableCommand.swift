import ArgumentParser
import Scores
import ToolSupport

/// `d4rl-score table PATH...`: the benchmark table of a sweep.
struct TableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table",
        abstract: "Print rows = datasets, columns = algorithms, cells = mean ± std of the normalised score over seeds.",
        discussion: """
            Reads result.json files of training runs and CSVs with the columns \
            dataset,algorithm,seed,return (or score, already ×100). Directories are searched \
            recursively. Unusable files, rows, duplicate seeds and runs with a different number \
            of evaluations are named on standard error and left out; the exit status is non-zero \
            only when no run is usable.

            Example:
              d4rl-score table runs/ --published iql-paper,corl
              d4rl-score table docs/d4rl-recipe/sweep/runs --published iql-paper,corl --published-version 2
              d4rl-score table runs/ other.csv --metric best --format latex > table.tex
            """)

    enum Format: String, CaseIterable, ExpressibleByArgument {
        case markdown, csv, latex, json
    }

    @Argument(help: "result.json files, score CSVs, or directories holding them.")
    var paths: [String]

    @Option(help: "Which evaluation of each run: final (the last, as papers report) or best.")
    var metric = ScoreMetric.final

    @OptionGroup var publishedColumns: PublishedColumnOptions

    @Option(help: "Output format: markdown, csv, latex or json.")
    var format = Format.markdown

    func run() throws {
        let table = ScoreTable(runs: try loadRuns(paths), metric: metric, published: try publishedColumns.sources(),
                               publishedVersion: publishedColumns.publishedVersion)
        switch format {
        case .markdown: print(table.markdown(), terminator: "")
        case .csv: print(table.csv(), terminator: "")
        case .latex: print(table.latex(), terminator: "")
        case .json: print(try table.json(), terminator: "")
        }
    }
}
