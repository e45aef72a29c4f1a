import Core
import Environments
import HDF5
import IQL

/// The online phase of an IQL run that is fine-tuned in a simulator, stored in the run's IQL
/// checkpoint file beside the offline contents (`Checkpoint.write(to:adding:)`), which IQL's
/// reader ignores:
///
///     /finetune@{target_steps, task (gymnasium id), content_hash}
///     /finetune/online   the loop's state (`OnlineRun.State`), once the phase has begun
///     /finetune/replay   the replay buffer: the offline transitions, then the new ones
///
/// A run planned with fine-tuning writes `/finetune` from its first checkpoint on, so a run
/// stopped offline still knows its online target.
public struct FineTuningPhase {
    /// Environment steps (one update each) the online phase should reach.
    public var targetSteps: Int
    public var task: LocomotionTask
    /// The loop and its buffer, nil before the phase has begun.
    public var progress: (run: OnlineRun<IQLFineTuning>.State, replay: ReplayBuffer)?

    public init(targetSteps: Int, task: LocomotionTask, progress: (run: OnlineRun<IQLFineTuning>.State, replay: ReplayBuffer)? = nil) {
        self.targetSteps = targetSteps
        self.task = task
        self.progress = progress
    }

    var contentHash: String {
        var hash = ContentHash()
        hash.combine([targetSteps])
        hash.combine(task.gymnasiumID)
        if let progress {
            progress.run.combine(into: &hash)
            progress.replay.combine(into: &hash)
        }
        return hash.hex
    }

    /// Writes `/finetune` below `root` (a checkpoint file's root, inside its atomic write).
    public func write(to root: Group) throws(HDF5Error) {
        let group = try root.createGroup("finetune")
        try group.setAttribute("target_steps", Int64(targetSteps))
        try group.setAttribute("task", task.gymnasiumID)
        try group.setAttribute("content_hash", contentHash)
        if let progress {
            try progress.run.write(to: try group.createGroup("online"))
            try progress.replay.write(to: try group.createGroup("replay"))
        }
    }

    /// The phase stored in the checkpoint at `path`, or nil when the run was not planned with one.
    /// - Throws: `CheckpointError` when `/finetune` is damaged or does not fit `observationDim`, `actionDim`.
    public init?(checkpointAt path: String, observationDim: Int, actionDim: Int) throws(CheckpointError) {
        let root = try checkpointIO { () throws(HDF5Error) in try File(opening: path).root() }
        guard try checkpointIO({ () throws(HDF5Error) in try root.contains("finetune") }) else { return nil }
        let group = try root.child("finetune")
        let name = try checkpointIO { () throws(HDF5Error) in try group.stringAttribute("task") }
        guard let task = LocomotionTask.named(name), task.gymnasiumID == name else {
            throw .incompatible(file: path, reason: "/finetune@task '\(name)' is not a simulator here (\(LocomotionTask.knownNames))")
        }
        self.init(targetSteps: try group.integer("target_steps", in: 1...Int.max / 2), task: task)
        if try checkpointIO({ () throws(HDF5Error) in try group.contains("online") }) {
            let environment: LocomotionEnvironment
            do { environment = try LocomotionEnvironment(task) } catch { throw .incompatible(file: path, reason: "\(error)") }
            progress = (try OnlineRun<IQLFineTuning>.State(readingFrom: try group.child("online"), for: environment),
                        try ReplayBuffer(readingFrom: try group.child("replay"), observationDim: observationDim, actionDim: actionDim))
        }
        let stored = try checkpointIO { () throws(HDF5Error) in try group.stringAttribute("content_hash") }
        guard stored == contentHash else { throw .corrupted(file: path, reason: "/finetune hashes to \(contentHash), the file says \(stored)") }
    }
}
