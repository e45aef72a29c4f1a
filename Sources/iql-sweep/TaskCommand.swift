import ArgumentParser
import Foundation
import Sweeps

/// `iql-sweep task SWEEP.json --index I`: one run, as a Slurm array task runs it.
struct TaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "Run run I of the sweep in the foreground (what each Slurm array task executes).",
        discussion: """
            iql-train's output goes to the run directory's stdout.log and stderr.log, its checkpoint \
            is resumed when there is one, and SIGTERM, SIGINT and SIGHUP are passed on to it (it \
            checkpoints). The exit status is iql-train's.
            """)

    @OptionGroup var sweep: SweepArgument

    @Option(help: "The run's index (iql-sweep plan lists them; $SLURM_ARRAY_TASK_ID in a batch script).")
    var index: Int

    @Option(help: "iql-train --threads.")
    var threads: Int = 1

    func validate() throws {
        guard threads == 1 || threads == 2 else { throw ValidationError("--threads must be 1 or 2, got \(threads)") }
    }

    func run() throws {
        let sweep = try self.sweep.load()
        guard sweep.runs.indices.contains(index) else {
            throw ValidationError("--index \(index): the sweep has runs 0 to \(sweep.runs.count - 1)")
        }
        let launcher = RunLauncher(trainer: try Tools.trainer(), sweepName: sweep.file.name)
        let outcome = try LocalExecutor(launcher: launcher, jobs: 1, threads: threads).run([sweep.runs[index]])
        let status = outcome.statuses.first?.status ?? 1
        if status != 0 { throw ExitCode(status) }
    }
}
