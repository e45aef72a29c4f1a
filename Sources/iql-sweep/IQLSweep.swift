import ArgumentParser
import Foundation
import Sweeps

/// `iql-sweep`: many `iql-train` runs from one sweep file, on this machine or as a Slurm job array.
@main
struct IQLSweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iql-sweep",
        abstract: "Run a sweep of iql-train runs (datasets × algorithms × grid × seeds) here or on Slurm, and report it.",
        discussion: """
            A sweep file is JSON:

              {"name": "demo", "output": "demo-runs",
               "datasets": ["Fixtures/d4rl/hopper-medium-v2-mini.hdf5"],
               "algorithms": ["iql", "bc"], "seeds": [0, 1],
               "flags": {"steps": 2000, "hidden-dims": "64,64", "eval-episodes": 5},
               "grid": {"temperature": [1, 3]}}

            Paths are relative to the sweep file's directory; a dataset that is no path is a \
            Minari id. Each run gets <output>/runs/<dataset>-<algorithm>[-<flag>=<value>…]-seed<seed>. \
            Runs are numbered in that nesting order: the Slurm array index of run i is i for as \
            long as the file is unchanged. `run` starts only the runs that are not done (failed \
            and interrupted ones resume their checkpoints) and refuses a run directory that \
            holds another configuration.
            """,
        subcommands: [PlanCommand.self, RunCommand.self, StatusCommand.self, ReportCommand.self, TaskCommand.self])
}

/// The sweep file argument of every subcommand.
struct SweepArgument: ParsableArguments {
    @Argument(help: "The sweep file (JSON).")
    var sweepFile: String

    /// The expanded sweep.
    func load() throws -> Sweep { try Sweep(try SweepFile(contentsOf: sweepFile)) }
}

/// The tools a sweep runs: the `iql-train` and `iql-sweep` beside this executable.
enum Tools {
    static let directory: String = {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        return URL(fileURLWithPath: executable).deletingLastPathComponent().path
    }()

    static var sweep: String { directory + "/iql-sweep" }

    /// `iql-train`, which must be built beside `iql-sweep`.
    static func trainer() throws -> String {
        let path = directory + "/iql-train"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw SweepError("iql-train is not next to iql-sweep (\(directory)); build both with `swift build -c release`")
        }
        return path
    }

    /// Checks every run's flags with `iql-train --check` (once per configuration: seeds do not
    /// change what `iql-train` accepts).
    /// - Throws: `SweepError` naming the first run `iql-train` refuses and its own message.
    static func check(_ sweep: Sweep) throws {
        let trainer = try trainer()
        var checked = Set<String>()
        for run in sweep.runs where checked.insert(run.cell).inserted {
            let result = try Command.run(trainer, run.arguments + ["--check"])
            guard result.status == 0 else {
                let message = result.standardError.split(separator: "\n").first { $0.hasPrefix("Error:") }
                    .map { String($0.dropFirst("Error: ".count)) } ?? result.standardError
                throw SweepError("\(sweep.file.path): run \(run.name): iql-train refuses it: \(message)")
            }
        }
    }
}
