import ArgumentParser
import Foundation
import Sweeps
import ToolSupport

/// `iql-sweep run SWEEP.json --executor local|slurm`: starts the runs that are not done.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the sweep's runs that are not done: here, N at a time, or as one Slurm job array.",
        discussion: """
            Done runs are skipped; failed and interrupted ones resume from their checkpoints. With \
            --executor local the command returns when the runs have ended (Ctrl-C, SIGTERM or \
            SIGHUP checkpoints the running ones). With --executor slurm it writes one batch script \
            under <output>/slurm/, submits it with sbatch, prints the job id and returns; runs \
            that are already queued or running are not submitted again.
            """)

    enum Executor: String, ExpressibleByArgument, CaseIterable { case local, slurm }

    @OptionGroup var sweep: SweepArgument

    @Option(help: "local (this machine) or slurm (sbatch --array).")
    var executor: Executor = .local

    @Option(help: "Local: runs at once (each on --threads 1 when more than one).")
    var jobs: Int = 1

    @Option(help: "Local: iql-train --threads of every run (default: 1 with --jobs > 1, else iql-train's); the numbers do not depend on it.")
    var threads: Int?

    @Option(help: "Slurm: the partition (default: the cluster's default).")
    var partition: String?

    @Option(help: "Slurm: each task's time limit, HH:MM:SS or D-HH:MM:SS (default: the partition's).")
    var time: String?

    @Option(help: "Slurm: CPUs per task (2 gives iql-train --threads 2).")
    var cpusPerTask: Int = 1

    @Option(help: "Slurm: most tasks running at once (--array=…%K).")
    var arrayLimit: Int?

    @Option(help: "Slurm: seconds before the time limit at which a task checkpoints (SIGTERM).")
    var signalSeconds: Int = 120

    @Option(name: .customLong("sbatch-arg"), parsing: .unconditionalSingleValue, help: "Slurm: a further sbatch option, e.g. --sbatch-arg=--mem=4G (repeatable).")
    var sbatchArguments: [String] = []

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be ≥ 1, got \(jobs)") }
        try requireFlag(threads, "--threads", "1 or 2") { $0 == 1 || $0 == 2 }
        guard cpusPerTask >= 1 else { throw ValidationError("--cpus-per-task must be ≥ 1, got \(cpusPerTask)") }
        if let arrayLimit, arrayLimit < 1 { throw ValidationError("--array-limit must be ≥ 1, got \(arrayLimit)") }
        guard signalSeconds >= 1 else { throw ValidationError("--signal-seconds must be ≥ 1, got \(signalSeconds)") }
        if let time, time.isEmpty || !time.allSatisfy({ $0.isNumber || $0 == ":" || $0 == "-" }) {
            throw ValidationError("--time must look like HH:MM:SS or D-HH:MM:SS, got '\(time)'")
        }
        if executor == .slurm, threads != nil {
            throw ValidationError("--threads is for --executor local; with slurm, --cpus-per-task sets it")
        }
        if executor == .local, partition != nil || time != nil || arrayLimit != nil || !sbatchArguments.isEmpty {
            throw ValidationError("--partition, --time, --array-limit and --sbatch-arg are for --executor slurm")
        }
    }

    func run() throws {
        let sweep = try self.sweep.load()
        try Tools.check(sweep)
        let launcher = RunLauncher(trainer: try Tools.trainer(), sweepName: sweep.file.name)
        for run in sweep.runs { try RunFiles(run).claim(for: run, of: sweep.file.name) }
        let states = sweep.states().runs
        let todo = zip(sweep.runs, states).filter { !$1.isDone && !$1.isActive }.map(\.0)
        let busy = states.filter(\.isActive).count, done = states.filter(\.isDone).count
        print("\(sweep.runs.count) runs: \(done) done, \(busy) queued or running, \(todo.count) to run")
        guard !todo.isEmpty else { return }
        fflush(stdout)
        switch executor {
        case .local: try runLocally(todo, launcher: launcher)
        case .slurm: try submit(todo, of: sweep)
        }
    }

    private func runLocally(_ runs: [SweepRun], launcher: RunLauncher) throws {
        let outcome = try LocalExecutor(launcher: launcher, jobs: jobs, threads: threads).run(runs)
        let failed = outcome.statuses.filter { $0.status != 0 }
        print("\(outcome.statuses.count - failed.count) of \(runs.count) runs done" + (failed.isEmpty ? "" : ", \(failed.count) failed")
              + (outcome.signal.map { "; stopped by signal \($0): `run` again resumes the rest" } ?? ""))
        if let signal = outcome.signal { throw ExitCode(128 + signal) }
        if !failed.isEmpty { throw ExitCode(1) }
    }

    private func submit(_ runs: [SweepRun], of sweep: Sweep) throws {
        let options = SlurmSubmission.Options(
            partition: partition, time: time, cpusPerTask: cpusPerTask, arrayLimit: arrayLimit,
            signalSeconds: signalSeconds, extraArguments: sbatchArguments)
        let submission = SlurmSubmission(sweep: sweep, indices: runs.map(\.index), options: options, sweepTool: Tools.sweep)
        let record = try submission.submit()
        print("submitted job array \(record.job) (\(runs.count) tasks, indices \(SlurmSubmission.ranges(record.indices))); "
              + "script \(record.script); `iql-sweep status \(self.sweep.sweepFile)` follows it")
    }
}
