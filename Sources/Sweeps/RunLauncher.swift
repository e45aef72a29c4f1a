import Core
import Foundation

/// Starts the `iql-train` process of a run: claims the run directory, resumes its checkpoint when
/// it has one, appends the output to the run's logs, and records how the process ended.
public struct RunLauncher: Sendable {
    /// The `iql-train` executable.
    public var trainer: String
    /// The sweep's name (recorded in each run's `sweep-run.json`).
    public var sweepName: String

    public init(trainer: String, sweepName: String) {
        self.trainer = trainer
        self.sweepName = sweepName
    }

    /// A started run; `wait()` records its end.
    public final class Task: @unchecked Sendable {
        public let run: SweepRun
        let process: Process
        let files: RunFiles

        init(run: SweepRun, process: Process, files: RunFiles) {
            self.run = run
            self.process = process
            self.files = files
        }

        public var isRunning: Bool { process.isRunning }

        /// Sends `signal` (SIGINT, SIGTERM, SIGHUP: `iql-train` checkpoints and exits) to the run.
        public func send(_ signal: Int32) { if process.isRunning { kill(process.processIdentifier, signal) } }

        /// Waits for the process, writes `exit-status.json`, removes `task.json`, and returns the
        /// status (128 + the signal for a process a signal ended).
        @discardableResult
        public func wait() -> Int32 {
            process.waitUntilExit()
            let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
            try? files.write(.object([("status", .integer(Int(status))), ("ended", .string(Self.now()))]), to: files.exitStatus)
            try? FileManager.default.removeItem(atPath: files.task)
            return status
        }

        static func now() -> String { ISO8601DateFormatter().string(from: Date()) }
    }

    /// Starts `run` with `iql-train --threads threads` (the tool's default when nil), `--resume`
    /// when its directory holds a checkpoint.
    /// - Throws: `SweepError` when the directory belongs to another configuration, or the process
    ///   cannot be started.
    public func start(_ run: SweepRun, threads: Int?) throws(SweepError) -> Task {
        let files = RunFiles(run)
        try files.claim(for: run, of: sweepName)
        let resume = FileManager.default.fileExists(atPath: files.checkpoint)
        let command = run.command(trainer: trainer, threads: threads, resume: resume)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: trainer)
        process.arguments = Array(command.dropFirst())
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try Self.append(to: files.standardOutput)
        process.standardError = try Self.append(to: files.standardError)
        try? FileManager.default.removeItem(atPath: files.exitStatus)
        do { try process.run() } catch {
            throw SweepError("run \(run.name): \(trainer) does not start (\(error.localizedDescription))")
        }
        var task: [(key: String, value: JSONValue)] = [
            ("pid", .integer(Int(process.processIdentifier))), ("host", .string(ProcessInfo.processInfo.hostName)),
            ("started", .string(Task.now())), ("command", .array(command.map(JSONValue.string))),
        ]
        if let job = ProcessInfo.processInfo.environment["SLURM_JOB_ID"] { task.append(("slurm_job_id", .string(job))) }
        try? files.write(.object(task), to: files.task)
        return Task(run: run, process: process, files: files)
    }

    /// A handle that appends to `path` (created if needed).
    private static func append(to path: String) throws(SweepError) -> FileHandle {
        if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw SweepError("\(path): cannot open it for writing") }
        handle.seekToEndOfFile()
        return handle
    }
}
