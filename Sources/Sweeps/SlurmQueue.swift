import Core
import Foundation

/// What Slurm's queue says of a sweep's array tasks, from `squeue` (pending and running tasks;
/// finished ones leave the queue, and their run directories say how they ended).
public struct SlurmQueue: Sendable {
    public enum TaskState: Equatable, Sendable { case pending, running }

    /// The state of each queued array index.
    public var tasks: [Int: TaskState]
    /// False when `squeue` is not installed or failed; then nothing is known of the queue.
    public var wasRead: Bool

    /// The queue as it stands for `submissions`' jobs (nothing to ask when there are none).
    public init(submissions: [SlurmSubmission.Record]) {
        tasks = [:]
        guard !submissions.isEmpty else { wasRead = false; return }
        let jobs = submissions.map(\.job)
        guard SlurmSubmission.missingConfiguration == nil,
              let output = try? Command.run("squeue", ["-h", "-r", "-o", "%F %K %t", "--states=all"]), output.status == 0 else {
            wasRead = false
            return
        }
        wasRead = true
        for line in output.standardOutput.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 3, jobs.contains(String(fields[0])), let index = Int(fields[1]) else { continue }
            switch fields[2] {
            case "PD", "RQ": tasks[index] = .pending
            case "R", "CF", "CG", "S", "RS", "SI", "SO", "ST": tasks[index] = .running
            default: break
            }
        }
    }
}
