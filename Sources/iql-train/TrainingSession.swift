import Core
import D4RL
import Environments
import Foundation
import IQL
import Online
import ToolSupport

/// One invocation of `iql-train`: the run directory, the trainer, and the loop that logs,
/// evaluates, checkpoints, stops cleanly on a signal and stops on a non-finite loss or a
/// checkpoint that cannot be written.
struct TrainingSession {
    /// What to train.
    enum Plan {
        /// A new run; `replacing`: an existing run in the directory may be replaced (`--overwrite`);
        /// `finetuneSteps`: online steps after the offline ones (`--finetune-steps`), or nil.
        case new(config: IQLConfig, preprocessing: PreprocessingOptions, seed: UInt64, targetSteps: Int, finetuneSteps: Int?,
                 replacing: Bool)
        /// The run a checkpoint saved, continued to `targetSteps`, with its fine-tuning phase
        /// (its target possibly extended) when it was planned with one.
        case resume(Checkpoint, targetSteps: Int, finetune: FineTuningPhase?)
    }

    /// Updates between metrics rows, checkpoints and evaluations.
    struct Schedule {
        var log: Int
        var checkpoint: Int
        var evaluation: Int
    }

    enum Outcome: Equatable {
        case finished
        /// A stop signal arrived; the checkpoint of the current step was written.
        case stopped(StopSignal.Signal)
    }

    /// The files of a run, the checkpoint first (see `RunDirectory`).
    static let runFiles = ["checkpoint.h5", "metrics.csv", "eval.csv", "result.json", "online-metrics.csv", "episodes.csv"]

    let directory: RunDirectory
    let trainer: Trainer
    let log: TrainingLog
    let schedule: Schedule
    /// Nil when the run is not evaluated; `evaluationMessage` says why.
    let evaluation: TrainingEvaluation?
    let evaluationMessage: String
    let stop: StopSignal
    /// The online phase after the offline steps, when the run is fine-tuned.
    let finetune: FineTuningPhase?
    var checkpointPath: String { directory.checkpointPath }

    /// Loads and preprocesses the dataset and builds the trainer, checking everything that could
    /// fail (the dataset, the networks' memory, the evaluation simulator's dimensions) before the
    /// directory is touched; then prepares the directory (a replaced run moves aside) and opens
    /// the logs. `next_observations` is read only when the preprocessing takes s′ from it.
    init(dataset path: String, directory: RunDirectory, plan: Plan, schedule: Schedule, threads: Int,
         evaluation options: EvaluationOptions, stop: StopSignal) throws {
        let preprocessing: PreprocessingOptions, config: IQLConfig
        switch plan {
        case .new(let newConfig, let newPreprocessing, _, _, _, let replacing):
            if directory.holdsRun && !replacing { throw RunDirectoryError.holdsRun(directory: directory.path) }
            (config, preprocessing) = (newConfig, newPreprocessing)
        case .resume(let checkpoint, _, _):
            (config, preprocessing) = (checkpoint.config, checkpoint.preprocessing)
        }
        let source = try DatasetSource(path)
        let loaded = try source.load(preprocessing: preprocessing)
        let identity = try DatasetIdentity(name: loaded.name.name, fileAt: source.identityPath)
        let data = loaded.data
        try Self.requireMemory(for: config, data: data)
        let twoThreads = threads == 2
        switch plan {
        case .new(_, _, let seed, let targetSteps, _, _):
            trainer = Trainer(data: data, preprocessing: preprocessing, dataset: identity, config: config, seed: seed,
                              targetSteps: targetSteps, twoThreads: twoThreads)
        case .resume(let checkpoint, let targetSteps, _):
            trainer = try Trainer(resuming: checkpoint, data: data, dataset: identity, targetSteps: targetSteps, twoThreads: twoThreads)
        }
        let (evaluator, evaluationMessage) = try TrainingEvaluation.evaluator(options: options, interval: schedule.evaluation, trainer: trainer, minari: loaded.minari)
        switch plan {
        case .new(_, _, _, _, let finetuneSteps?, _):
            guard let evaluator else {
                throw SessionError("fine-tuning needs a simulator: \(evaluationMessage)")
            }
            finetune = FineTuningPhase(targetSteps: finetuneSteps, task: evaluator.task)
        case .resume(_, _, let phase): finetune = phase
        default: finetune = nil
        }
        if let finetune {
            let rows = data.transitions.count + finetune.targetSteps
            if let reason = MemoryBudget.refusal(ReplayBuffer.byteCount(capacity: rows, observationDim: data.transitions.observationDim,
                                                                        actionDim: data.transitions.actionDim)) {
                throw SessionError("a replay buffer of \(rows) rows (the data and the fine-tuning steps) \(reason) (--max-memory)")
            }
        }
        if case .new(_, _, _, _, _, let replacing) = plan { try directory.begin(replacing ? .overwrite : .new) }
        do {
            let resumeStep: Int? = if case .resume = plan { trainer.step } else { nil }
            log = try TrainingLog(path: directory.path + "/metrics.csv", resumingAt: resumeStep)
            evaluation = try evaluator.map { evaluator in
                TrainingEvaluation(evaluator: evaluator, interval: schedule.evaluation,
                                   log: try EvaluationLog(path: directory.path + "/eval.csv", resumingAt: resumeStep),
                                   resultPath: directory.path + "/result.json")
            }
        } catch {
            directory.restore()
            throw error
        }
        self.directory = directory
        self.schedule = schedule
        self.evaluationMessage = evaluationMessage
        self.stop = stop
    }

    /// Refuses networks that, with the training data, would not fit in `MemoryBudget`.
    private static func requireMemory(for config: IQLConfig, data: PreprocessedData) throws {
        let transitions = data.transitions
        let dataBytes = (transitions.observations.count + transitions.nextObservations.count + transitions.actions.count
                         + 2 * transitions.count) * MemoryLayout<Float>.stride
        let networks = config.memoryRequirement(observationDim: transitions.observationDim, actionDim: transitions.actionDim)
        let total = networks.map { $0.addingReportingOverflow(dataBytes) }.flatMap { $0.overflow ? nil : $0.partialValue }
        if let reason = MemoryBudget.refusal(total) {
            let widths = config.hiddenDims.map(String.init).joined(separator: ",")
            throw SessionError("networks of widths \(widths) at batch \(config.batchSize), with the training data, \(reason) (--max-memory)")
        }
    }

    /// Trains to the target step or until a stop signal. A failure before the run's first
    /// checkpoint puts back the run it replaced (`RunDirectory.restore`).
    /// - Throws: `SessionError` on a non-finite loss or a checkpoint that cannot be written,
    ///   the last checkpoint left as it was.
    func run() throws -> Outcome {
        do {
            return try train()
        } catch {
            directory.restore()
            throw error
        }
    }

    private func train() throws -> Outcome {
        announce()
        let progress = ProgressBar(total: trainer.targetSteps)
        var intervalStart = Date(), intervalStep = trainer.step, rate = 0.0
        var lastCheckpoint: Int? = directory.holdsRun ? trainer.step : nil
        func saveCheckpoint() throws {
            do {
                try trainer.checkpoint.write(to: checkpointPath, adding: finetune.map { phase in { root in try phase.write(to: root) } })
            } catch {
                progress.finish()
                let previous = lastCheckpoint.map { "the previous checkpoint (step \($0)) is intact" } ?? "this run has no checkpoint yet"
                throw SessionError("\(error); stopped at step \(trainer.step), \(previous)")
            }
            lastCheckpoint = trainer.step
            directory.commit()
        }
        while trainer.step < trainer.targetSteps {
            if let signal = stop.raised {
                progress.finish()
                try saveCheckpoint()
                print("stopped by \(signal) at step \(trainer.step); checkpoint written to \(checkpointPath); continue with --resume")
                return .stopped(signal)
            }
            let metrics = trainer.train()
            guard metrics.isFinite else {
                progress.finish()
                throw SessionError("non-finite loss at step \(trainer.step) (\(metrics.summary)); stopped, \(checkpointPath) left as it was")
            }
            let step = trainer.step
            if step % schedule.log == 0 || step == trainer.targetSteps {
                rate = Double(step - intervalStep) / max(Date().timeIntervalSince(intervalStart), 1e-9)
                (intervalStart, intervalStep) = (Date(), step)
                try log.append(step: step, metrics: metrics, stepsPerSecond: rate)
                progress.update(completed: step, rate: rate, status: metrics.summary)
            }
            if let evaluation, evaluation.isDue(step: step, target: trainer.targetSteps) {
                let started = Date()
                progress.note(try evaluation.evaluate(trainer))
                intervalStart += Date().timeIntervalSince(started)  // steps/s counts updates only
            }
            if step % schedule.checkpoint == 0 && step < trainer.targetSteps { try saveCheckpoint() }
        }
        try saveCheckpoint()
        progress.finish()
        if let finetune {
            if case .stopped(let signal) = try fineTune(finetune, lastCheckpoint: lastCheckpoint) { return .stopped(signal) }
        }
        print("trained \(trainer.step) steps; checkpoint \(checkpointPath), metrics \(log.path)")
        if let evaluation {
            // A resumed run that had already reached its target has not been evaluated in the loop.
            if evaluation.log.evaluations.last?.step != trainer.step { print(try evaluation.evaluate(trainer)) }
            try evaluation.writeResult(trainer)
            print("evaluations \(evaluation.log.path), result \(evaluation.resultPath)")
        }
        return .finished
    }

    private func announce() {
        let config = trainer.learner.config, data = trainer.data
        print("""
            \(trainer.dataset.name): \(data.transitions.count) transitions, observation \(trainer.learner.observationDim), \
            action \(trainer.learner.actionDim), rewards \(data.rewardTransform.rawValue)
            \(config.algorithm.rawValue): hidden \(config.hiddenDims), expectile \(config.expectile), temperature \(config.temperature), \
            dropout \(config.dropoutRate), batch \(config.batchSize), steps \(trainer.step) → \(trainer.targetSteps), \
            \(BuildInfo.blasKernels) kernels
            run directory \(directory.path)
            \(evaluationMessage)
            """)
        fflush(stdout)  // before the progress bar's first line on standard error
    }

}

struct SessionError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
