import Core
import Foundation

/// Where a run of a sweep stands, read from its directory and, for Slurm, from the queue.
public enum RunState: Equatable, Sendable {
    /// Never launched, and not waiting in a queue.
    case missing
    /// Waiting in Slurm's queue.
    case pending
    /// Training now: the last logged step and the latest normalised score, when there are any.
    case running(step: Int?, score: Double?)
    /// Ended with status 0; the final normalised score, if the run was evaluated.
    case done(score: Double?)
    /// Ended otherwise: the exit status and the last `Error:` line of its standard error. A
    /// status of 129, 130 or 143 (a signal) left a checkpoint that `run` resumes from.
    case failed(status: Int32, error: String?)

    public var isDone: Bool { if case .done = self { return true } else { return false } }

    /// Waiting in Slurm's queue or training now: `run` leaves it alone.
    public var isActive: Bool {
        switch self {
        case .pending, .running: return true
        case .missing, .done, .failed: return false
        }
    }

    /// Reads the state of `run`; `queued` is what Slurm's queue says of its array index, if
    /// anything, and `queueWasRead` whether the queue could be asked (then a task on another host
    /// that the queue does not list has ended).
    public init(of run: SweepRun, queued: SlurmQueue.TaskState?, queueWasRead: Bool) {
        let files = RunFiles(run)
        if let queued {
            switch queued {
            case .pending: self = .pending; return
            case .running: self = .running(step: Self.step(files), score: Self.score(files)); return
            }
        }
        if let task = RunFiles.json(at: files.task) {
            if Self.isAlive(task, queueWasRead: queueWasRead) { self = .running(step: Self.step(files), score: Self.score(files)); return }
            self = .failed(status: -1, error: "ended without recording an exit status (killed, or the node went down)")
            return
        }
        guard let exit = RunFiles.json(at: files.exitStatus), let status = exit["status"]?.integer else {
            self = .missing
            return
        }
        if status == 0 {
            self = .done(score: RunFiles.json(at: files.result)?["final_score"]?.number)
        } else {
            self = .failed(status: Int32(status), error: RunFiles.lastLine(of: files.standardError, startingWith: "Error:"))
        }
    }

    /// The step of the last row of `metrics.csv`.
    static func step(_ files: RunFiles) -> Int? {
        RunFiles.lastLine(of: files.metrics).flatMap { $0.split(separator: ",").first }.flatMap { Int($0) }
    }

    /// The normalised score of the last row of `eval.csv`.
    static func score(_ files: RunFiles) -> Double? {
        guard let line = RunFiles.lastLine(of: files.evaluations), !line.hasPrefix("step") else { return nil }
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
        return fields.count > 3 ? Double(fields[3]) : nil
    }

    /// Whether the task `task.json` describes is still there: its process, on this host; on
    /// another host, as far as anyone here can tell (unless the queue says otherwise).
    private static func isAlive(_ task: JSONValue, queueWasRead: Bool) -> Bool {
        guard let pid = task["pid"]?.integer else { return false }
        guard task["host"]?.string == ProcessInfo.processInfo.hostName else { return !queueWasRead }
        return kill(pid_t(pid), 0) == 0 || errno == EPERM
    }
}

extension Sweep {
    /// Where every run stands (in run order), and whether Slurm's queue could be asked about the
    /// sweep's job arrays.
    public func states() -> (runs: [RunState], queueWasRead: Bool) {
        let queue = SlurmQueue(submissions: SlurmSubmission.records(of: self))
        return (runs.map { RunState(of: $0, queued: queue.tasks[$0.index], queueWasRead: queue.wasRead) }, queue.wasRead)
    }
}
