import Core
import Foundation

/// One `sbatch` job array for some runs of a sweep: its batch script, and submitting it.
///
/// Task `i` of the array runs run `i` of the sweep through `iql-sweep task`, which writes the
/// run's output into its directory and resumes its checkpoint when it has one. `--signal`
/// makes Slurm send SIGTERM `signalSeconds` before the time limit, so the run checkpoints
/// (`iql-train` exits 143), and `--requeue` lets Slurm restart a preempted task, which then resumes.
public struct SlurmSubmission: Sendable {
    public struct Options: Sendable {
        public var partition: String?
        /// `--time`, e.g. `04:00:00`.
        public var time: String?
        public var cpusPerTask: Int
        /// Most tasks running at once (`%K` of `--array`).
        public var arrayLimit: Int?
        /// Seconds before the time limit at which the task is told to checkpoint.
        public var signalSeconds: Int
        /// Further `sbatch` options, one per `#SBATCH` line.
        public var extraArguments: [String]

        public init(partition: String? = nil, time: String? = nil, cpusPerTask: Int = 1, arrayLimit: Int? = nil,
                    signalSeconds: Int = 120, extraArguments: [String] = []) {
            self.partition = partition
            self.time = time
            self.cpusPerTask = cpusPerTask
            self.arrayLimit = arrayLimit
            self.signalSeconds = signalSeconds
            self.extraArguments = extraArguments
        }

        /// `iql-train --threads` of each task: 2 when it has two CPUs.
        public var threads: Int { cpusPerTask >= 2 ? 2 : 1 }
    }

    /// A submitted job array, as `slurm/submissions.json` keeps it.
    public struct Record: Equatable, Sendable {
        public var job: String
        public var indices: [Int]
        public var script: String
    }

    public var sweep: Sweep
    public var indices: [Int]
    public var options: Options
    /// The `iql-sweep` executable the tasks run.
    public var sweepTool: String

    public init(sweep: Sweep, indices: [Int], options: Options, sweepTool: String) {
        self.sweep = sweep
        self.indices = indices
        self.options = options
        self.sweepTool = sweepTool
    }

    /// The job name, the same for every submission of the sweep: `iql-sweep-<name>`.
    public var jobName: String { "iql-sweep-\(sweep.file.name)" }

    /// The batch script.
    public var script: String {
        var directives = [
            "--job-name=\(jobName)",
            "--array=\(Self.ranges(indices))" + (options.arrayLimit.map { "%\($0)" } ?? ""),
            "--output=\(sweep.slurmDirectory)/%A_%a.out",
            "--signal=B:TERM@\(options.signalSeconds)",
            "--requeue",
            "--open-mode=append",
            "--cpus-per-task=\(options.cpusPerTask)",
        ]
        if let partition = options.partition { directives.append("--partition=\(partition)") }
        if let time = options.time { directives.append("--time=\(time)") }
        directives += options.extraArguments
        return """
            #!/bin/sh
            # Written by `iql-sweep run --executor slurm` for \(sweep.file.path).
            # Array task i runs run i of the sweep (`iql-sweep plan` lists them): iql-train with the
            # run's arguments, output appended to the run directory's stdout.log and stderr.log,
            # resuming the run's checkpoint when it has one. SIGTERM (sent \(options.signalSeconds) s before the
            # time limit, or on preemption) makes iql-train write a checkpoint and exit.
            \(directives.map { "#SBATCH \($0)" }.joined(separator: "\n"))
            exec \(Self.quoted(sweepTool)) task \(Self.quoted(sweep.file.path)) --index "$SLURM_ARRAY_TASK_ID" --threads \(options.threads)

            """
    }

    /// Writes the script under the sweep's `slurm/` directory and submits it with `sbatch`.
    /// - Returns: the job id.
    /// - Throws: `SweepError` when `sbatch` is missing (naming `--executor local`) or Slurm refuses
    ///   the job (with Slurm's own message); nothing is submitted then.
    public func submit() throws(SweepError) -> Record {
        guard Command.find("sbatch") != nil else {
            throw SweepError("sbatch is not installed here (not on PATH); --executor local runs the sweep on this machine without Slurm")
        }
        if let configuration = Self.missingConfiguration {
            throw SweepError("SLURM_CONF names \(configuration), which does not exist")
        }
        let directory = sweep.slurmDirectory
        let stamp = Int(Date().timeIntervalSince1970 * 1000)
        let path = "\(directory)/array-\(stamp).sh"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try writeAtomically(Data(script.utf8), to: path)
        } catch let error as FileWriteError {
            throw SweepError(error.description)
        } catch {
            throw SweepError("\(directory): cannot create it (\(error.localizedDescription))")
        }
        let result = try Command.run("sbatch", ["--parsable", path])
        guard result.status == 0, let job = result.standardOutput.split(separator: "\n").first?.split(separator: ";").first,
              !job.isEmpty, job.allSatisfy(\.isNumber) else {
            let message = result.standardError.trimmingCharacters(in: .whitespacesAndNewlines)
            throw SweepError("sbatch refused the job array (exit status \(result.status)): "
                             + (message.isEmpty ? result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) : message))
        }
        let record = Record(job: String(job), indices: indices, script: path)
        try Self.append(record, to: directory)
        return record
    }

    /// `$SLURM_CONF` when it names no file: Slurm's commands would retry it for a minute before
    /// failing, so neither `sbatch` nor `squeue` is run then.
    static var missingConfiguration: String? {
        guard let configuration = ProcessInfo.processInfo.environment["SLURM_CONF"],
              !FileManager.default.fileExists(atPath: configuration) else { return nil }
        return configuration
    }

    /// The job arrays submitted for the sweep so far, oldest first.
    public static func records(of sweep: Sweep) -> [Record] {
        guard let list = RunFiles.json(at: sweep.slurmDirectory + "/submissions.json")?.array else { return [] }
        return list.compactMap { item in
            guard let job = item["job"]?.string, let indices = item["indices"]?.array?.compactMap(\.integer),
                  let script = item["script"]?.string else { return nil }
            return Record(job: job, indices: indices, script: script)
        }
    }

    private static func append(_ record: Record, to directory: String) throws(SweepError) {
        let path = directory + "/submissions.json"
        let previous = RunFiles.json(at: path)?.array ?? []
        let entry = JSONValue.object([
            ("job", .string(record.job)), ("indices", .array(record.indices.map(JSONValue.integer))), ("script", .string(record.script)),
        ])
        do { try writeAtomically(Data((JSONValue.array(previous + [entry]).text + "\n").utf8), to: path) } catch {
            throw SweepError(error.description)
        }
    }

    /// `0-3,5,7-8` for [0, 1, 2, 3, 5, 7, 8] (sorted, as `--array` takes them).
    public static func ranges(_ indices: [Int]) -> String {
        var parts: [String] = [], sorted = indices.sorted()[...]
        while let first = sorted.first {
            var last = first
            sorted = sorted.dropFirst()
            while sorted.first == last + 1 { last = sorted.removeFirst() }
            parts.append(first == last ? "\(first)" : "\(first)-\(last)")
        }
        return parts.joined(separator: ",")
    }

    /// `text` single-quoted for the shell.
    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
