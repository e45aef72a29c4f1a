import Core
import D4RL
import Environments
import Foundation
import IQL
import Online
import SAC
import Scores
import ToolSupport

/// One invocation of `sac-train`: the run directory, the online run, and the loop that logs,
/// evaluates, saves policies, checkpoints and stops cleanly on a signal or a non-finite loss.
final class SACSession {
    enum Plan {
        case new(task: LocomotionTask, config: SACConfig, seed: UInt64, targetSteps: Int, randomSteps: Int, replayCapacity: Int,
                 replacing: Bool)
        case resume(SACCheckpoint, targetSteps: Int)
    }

    /// Environment steps between rows, checkpoints and evaluations, and the policies to keep.
    struct Schedule {
        var log: Int
        var checkpoint: Int
        var evaluation: Int
        var evaluationEpisodes: Int
        var policySteps: [Int]
        /// Also every this many steps, when set.
        var policyInterval: Int?
        var policyReturn: Double?
    }

    /// The files of a run, the checkpoint first (see `RunDirectory`).
    static let runFiles = ["checkpoint.h5", "metrics.csv", "episodes.csv", "eval.csv", "result.json", "policy.h5"]

    let directory: RunDirectory
    let learner: SACLearner
    let online: OnlineRun<SACLearner>
    let task: LocomotionTask
    let targetSteps: Int
    let schedule: Schedule
    let evaluator: LocomotionEvaluator
    let replayPath: String?
    let overwrite: Bool
    /// The loop; built last, once the directory is ready.
    private var session: OnlineSession<SACLearner>!
    /// The environment step at which an evaluation first reached `schedule.policyReturn`.
    private(set) var thresholdStep: Int?

    /// Builds the learner, the buffer and the evaluator, checking everything that could fail
    /// before the directory is touched; then prepares the directory and opens the logs.
    init(directory: RunDirectory, plan: Plan, schedule: Schedule, replayPath: String?, overwrite: Bool, twoThreads: Bool,
         stop: StopSignal) throws {
        switch plan {
        case .new(let task, let config, let seed, let targetSteps, let randomSteps, let replayCapacity, _):
            let environment = try LocomotionEnvironment(task)
            let (o, a) = (environment.observationDim, environment.actionDim)
            if let reason = MemoryBudget.refusal(config.memoryRequirement(observationDim: o, actionDim: a)) {
                throw SessionError("SAC networks of widths \(config.hiddenDims) at batch \(config.batchSize) \(reason) (--max-memory)")
            }
            let replay = try ReplayBuffer(capacity: replayCapacity, observationDim: o, actionDim: a)
            var generator = SplitMix64(seed: seed)
            learner = SACLearner(config: config, observationDim: o, actionDim: a, using: &generator, twoThreads: twoThreads)
            online = OnlineRun(agent: learner, environment: environment, replay: replay, randomSteps: randomSteps, seed: seed,
                               generator: generator)
            (self.task, self.targetSteps, thresholdStep) = (task, targetSteps, nil)
        case .resume(let checkpoint, let targetSteps):
            learner = try SACLearner(config: checkpoint.config, observationDim: checkpoint.replay.observationDim,
                                     actionDim: checkpoint.replay.actionDim, state: checkpoint.learner, twoThreads: twoThreads)
            online = OnlineRun(agent: learner, environment: try LocomotionEnvironment(checkpoint.task), replay: checkpoint.replay,
                               state: checkpoint.run)
            (task, self.targetSteps, thresholdStep) = (checkpoint.task, targetSteps, checkpoint.thresholdStep)
        }
        evaluator = try LocomotionEvaluator(task: task, dataset: task.gymnasiumID, observationDim: learner.observationDim,
                                            actionDim: learner.actionDim, episodes: schedule.evaluationEpisodes, seed: online.state.seed)
        if let replayPath, !overwrite, thresholdStep == nil, FileManager.default.fileExists(atPath: replayPath) {
            throw SessionError("\(replayPath) exists; pass --overwrite to replace it")
        }
        self.directory = directory
        self.schedule = schedule
        self.replayPath = replayPath
        self.overwrite = overwrite
        if case .new(_, _, _, _, _, _, let replacing) = plan { try directory.begin(replacing ? .overwrite : .new) }
        let resumeStep: Int? = if case .resume = plan { online.state.environmentSteps } else { nil }
        do {
            let learner = learner, evaluator = evaluator
            session = try OnlineSession(
                run: online, targetSteps: targetSteps, stepOffset: 0,
                schedule: .init(log: schedule.log, checkpoint: schedule.checkpoint, evaluation: schedule.evaluation),
                directory: directory.path, metricsFile: "metrics.csv",
                evaluationLog: try EvaluationLog(path: directory.path + "/eval.csv", resumingAt: resumeStep), reference: evaluator.reference,
                resumingAt: resumeStep, stop: stop,
                evaluate: { let policy = learner.currentPolicy; return try evaluator.evaluate { policy.worker() } },
                writeCheckpoint: { [unowned self] in
                    try checkpoint.write(to: directory.checkpointPath)
                    directory.commit()
                })
        } catch {
            directory.restore()
            throw error
        }
        session.lastCheckpoint = directory.holdsRun ? online.state.environmentSteps : nil
        session.afterStep = { [unowned self] step in
            guard schedule.policySteps.contains(step) || schedule.policyInterval.map({ step % $0 == 0 }) == true else { return nil }
            try savePolicy(to: directory.path + "/policy-step-\(step).h5", evaluationReturn: nil)
            return nil
        }
        session.afterEvaluation = { [unowned self] record in
            guard let threshold = schedule.policyReturn, thresholdStep == nil, record.meanReturn >= threshold else { return (nil, false) }
            return (try crossThreshold(threshold, meanReturn: record.meanReturn), true)
        }
    }

    /// Trains to the target step or until a stop signal; a failure before the run's first
    /// checkpoint puts back the run it replaced.
    func run() throws -> OnlineSession<SACLearner>.Outcome {
        do {
            announce()
            if online.state.environmentSteps == 0, schedule.policySteps.contains(0) {
                try savePolicy(to: directory.path + "/policy-step-0.h5", evaluationReturn: nil)
            }
            let outcome = try session.train()
            if case .stopped(let signal) = outcome {
                print("stopped by \(signal) at step \(online.state.environmentSteps); checkpoint written to \(directory.checkpointPath); continue with --resume")
            } else {
                try finish()
            }
            return outcome
        } catch {
            directory.restore()
            throw error
        }
    }

    /// The end of a run: the final policy, the last evaluation if the loop has not made it (a
    /// resumed run already at its target), `result.json`, and the replay file when no threshold asked for it earlier.
    private func finish() throws {
        let step = online.state.environmentSteps
        let evaluations = session.evaluationLog
        if evaluations.evaluations.last?.step != step { print(try session.evaluateNow().line) }
        try savePolicy(to: directory.path + "/policy.h5", evaluationReturn: evaluations.evaluations.last?.meanReturn)
        let result = RunResult(
            dataset: task.gymnasiumID, algorithm: "SAC", seed: online.state.seed, steps: step, evaluations: evaluations.evaluations,
            versions: ["mujoco": Simulation.version, "swift": BuildInfo.swiftVersion, "blas": BuildInfo.blasKernels],
            reference: evaluator.reference)
        try result.write(to: directory.path + "/result.json")
        print("trained \(step) environment steps; checkpoint \(directory.checkpointPath), policy \(directory.path)/policy.h5, "
              + "evaluations \(evaluations.path), result \(directory.path)/result.json")
        guard let replayPath else { return }
        if let threshold = schedule.policyReturn {
            if thresholdStep == nil { print("no evaluation reached return \(threshold); \(replayPath) was not written") }
        } else {
            try writeReplay(to: replayPath)
            print("replay buffer (\(online.replay.count) rows) written to \(replayPath)")
        }
    }

    /// Saves the policy of the first evaluation that reached `threshold`, and the replay buffer
    /// up to this step when `--write-replay` asked for it.
    private func crossThreshold(_ threshold: Double, meanReturn: Double) throws -> String {
        let step = online.state.environmentSteps
        thresholdStep = step
        let path = directory.path + "/policy-return-\(Self.format(threshold)).h5"
        try savePolicy(to: path, evaluationReturn: meanReturn)
        var line = String(format: "return %.1f ≥ %@ at step %d: policy saved to %@", meanReturn, Self.format(threshold), step, path)
        if let replayPath {
            try writeReplay(to: replayPath)
            line += ", replay buffer (\(online.replay.count) rows) to \(replayPath)"
        }
        return line
    }

    private func writeReplay(to path: String) throws {
        try online.replay.writeD4RL(to: path, metadata: Self.replayMetadata(task: task, seed: online.state.seed, rows: online.replay.appended),
                                    overwrite: overwrite || thresholdStep != nil)
    }

    /// `metadata/*` of a replay file: SAC, the task, the run's seed, the environment steps the rows cover.
    static func replayMetadata(task: LocomotionTask, seed: UInt64, rows: Int) -> [(key: String, value: MetadataValue)] {
        [
            ("algorithm", .bytes("SAC")),
            ("environment", .text("\(task.name) (gymnasium \(task.gymnasiumID) semantics)")),
            ("seed", .unsigned(seed)),
            ("environment_steps", .integers([Int64(rows)])),
            ("mujoco_version", .text(Simulation.version)),
            ("collector", .text("d4rl-iql sac-train replay buffer")),
        ]
    }

    private func savePolicy(to path: String, evaluationReturn: Double?) throws {
        try learner.currentPolicy.write(to: path, task: task, environmentSteps: online.state.environmentSteps,
                                        evaluationReturn: evaluationReturn, overwrite: true)
    }

    private var checkpoint: SACCheckpoint {
        SACCheckpoint(config: learner.config, task: task, learner: learner.state, run: online.savedState, replay: online.replay,
                      targetSteps: targetSteps, thresholdStep: thresholdStep)
    }

    private func announce() {
        let config = learner.config
        print("""
            SAC in \(task.gymnasiumID) (MuJoCo \(Simulation.version)): observation \(learner.observationDim), action \(learner.actionDim)
            hidden \(config.hiddenDims), batch \(config.batchSize), lr \(config.learningRate), γ \(config.discount), τ \(config.targetUpdateRate), \
            \(online.state.randomSteps) random steps, replay \(online.replay.capacity) rows, steps \(online.state.environmentSteps) → \(targetSteps), \
            \(learner.usesTwoThreads ? "two threads" : "one thread"), \(BuildInfo.blasKernels) kernels
            run directory \(directory.path)
            evaluation: \(schedule.evaluationEpisodes) episodes (seeds \(online.state.seed) + k) every \(schedule.evaluation) steps and at the end; \
            reference \(evaluator.reference.name)
            """)
        fflush(stdout)
    }

    /// 1100 for 1100.0, else the number as Swift prints it.
    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }
}

struct SessionError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
