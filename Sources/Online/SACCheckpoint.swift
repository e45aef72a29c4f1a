import Core
import Environments
import HDF5
import IQL
import SAC

/// Everything a SAC run needs to continue bit for bit: configuration, task, the learner's
/// parameters and Adam states, the loop's state (generator, episode, simulator mid-episode),
/// the whole replay buffer, and what the run has saved so far.
///
/// HDF5 layout (attributes marked @):
///
///     /@format = "d4rl-sac-checkpoint", @version = 1, @task (gymnasium id), @observation_dim,
///      @action_dim, @target_steps, @threshold_step (−1: not crossed), @content_hash
///     /config@{hidden_dims, batch_size, discount, target_update_rate, learning_rate}
///     /learner@step, /learner/params/{critic,target_critic,actor,log_alpha}/<tensor>,
///      /learner/optimizers/{critic,actor,log_alpha}/{first_moment,second_moment}@step
///     /online@{seed, rng_state, random_steps, environment_steps, episodes, episode_return,
///      episode_length, elapsed_steps, time, forward_position}, /online/{observation, qpos, qvel, warm_start}
///     /replay@{capacity, appended}, /replay/{observations, actions, rewards, masks, truncations, next_observations}
///
/// `@content_hash` covers every value read; written atomically.
public struct SACCheckpoint {
    public static let format = "d4rl-sac-checkpoint"
    public static let version = 1

    public var config: SACConfig
    public var task: LocomotionTask
    public var learner: SACState
    public var run: OnlineRun<SACLearner>.State
    public var replay: ReplayBuffer
    /// The environment step the run was asked to reach.
    public var targetSteps: Int
    /// The environment step at which an evaluation first reached `--save-policy-at-return`, if one has.
    public var thresholdStep: Int?

    public init(config: SACConfig, task: LocomotionTask, learner: SACState, run: OnlineRun<SACLearner>.State, replay: ReplayBuffer,
                targetSteps: Int, thresholdStep: Int?) {
        self.config = config
        self.task = task
        self.learner = learner
        self.run = run
        self.replay = replay
        self.targetSteps = targetSteps
        self.thresholdStep = thresholdStep
    }

    var contentHash: String {
        var hash = ContentHash()
        hash.combine(task.gymnasiumID)
        hash.combine([replay.observationDim, replay.actionDim, targetSteps, thresholdStep ?? -1])
        config.combine(into: &hash)
        learner.combine(into: &hash)
        run.combine(into: &hash)
        replay.combine(into: &hash)
        return hash.hex
    }

    /// Writes the checkpoint to `path` atomically.
    public func write(to path: String) throws(CheckpointError) {
        try writeCheckpointFile(to: path) { root in
            try root.setAttribute("format", Self.format)
            try root.setAttribute("version", Int64(Self.version))
            try root.setAttribute("task", task.gymnasiumID)
            for (name, value) in [("observation_dim", replay.observationDim), ("action_dim", replay.actionDim),
                                  ("target_steps", targetSteps), ("threshold_step", thresholdStep ?? -1)] {
                try root.setAttribute(name, Int64(value))
            }
            try root.setAttribute("content_hash", contentHash)
            try config.write(to: try root.createGroup("config"))
            try learner.write(to: try root.createGroup("learner"))
            try run.write(to: try root.createGroup("online"))
            try replay.write(to: try root.createGroup("replay"))
        }
    }

    /// Reads and verifies a checkpoint.
    /// - Throws: `CheckpointError`, one line: not a SAC checkpoint, another version, an unknown
    ///   task, widths that are not the task's, damaged contents.
    public init(contentsOf path: String) throws(CheckpointError) {
        let root = try openCheckpointFile(path, format: Self.format, version: Self.version, kind: "SAC checkpoint")
        let taskName = try checkpointIO { () throws(HDF5Error) in try root.stringAttribute("task") }
        guard let task = LocomotionTask.named(taskName), task.gymnasiumID == taskName else {
            throw .incompatible(file: path, reason: "unknown task '\(taskName)' (this toolkit simulates \(LocomotionTask.knownNames))")
        }
        let environment: LocomotionEnvironment
        do { environment = try LocomotionEnvironment(task) } catch { throw .incompatible(file: path, reason: "\(error)") }
        let (o, a) = (try root.integer("observation_dim"), try root.integer("action_dim"))
        guard (o, a) == (environment.observationDim, environment.actionDim) else {
            throw .incompatible(file: path, reason: "widths (\(o), \(a)) are not \(taskName)'s (\(environment.observationDim), \(environment.actionDim))")
        }
        let config = try SACConfig(readingFrom: try root.child("config"))
        try config.requireMemory(observationDim: o, actionDim: a, file: path)
        let threshold = try root.integer("threshold_step", in: -1...Int.max / 2)
        self.init(config: config, task: task,
                  learner: try SACState(readingFrom: try root.child("learner"), config: config, observationDim: o, actionDim: a),
                  run: try OnlineRun<SACLearner>.State(readingFrom: try root.child("online"), for: environment),
                  replay: try ReplayBuffer(readingFrom: try root.child("replay"), observationDim: o, actionDim: a),
                  targetSteps: try root.integer("target_steps", in: 1...Int.max / 2), thresholdStep: threshold < 0 ? nil : threshold)
        let stored = try checkpointIO { () throws(HDF5Error) in try root.stringAttribute("content_hash") }
        guard stored == contentHash else { throw .corrupted(file: path, reason: "contents hash to \(contentHash), the file says \(stored)") }
    }
}
