import D4RL
import Environments
import Foundation
import IQL
import ToolSupport

/// One invocation of `iql-train`: the run directory, the trainer, and the loop that logs,
/// evaluates, checkpoints, reacts to Ctrl-C and stops on a non-finite loss.
struct TrainingSession {
    enum Outcome { case finished, interrupted }

    let directory: String
    let trainer: Trainer
    let log: TrainingLog
    let logInterval: Int
    let checkpointInterval: Int
    /// Nil when the run is not evaluated; `evaluationMessage` says why.
    let evaluation: TrainingEvaluation?
    let evaluationMessage: String
    /// The run's seed: the checkpoint's when resuming (when it recorded one), else `--seed`.
    let seed: UInt64
    var checkpointPath: String { directory + "/checkpoint.h5" }

    /// Loads and preprocesses the dataset and builds a new or resumed trainer. `next_observations`
    /// is read only when the preprocessing takes s′ from it (a resumed run's, from its checkpoint).
    /// The evaluation environment is checked against the dataset's dimensions before anything is written.
    static func prepare(command: IQLTrain, directory: String) throws -> TrainingSession {
        let checkpointPath = directory + "/checkpoint.h5"
        let exists = FileManager.default.fileExists(atPath: checkpointPath)
        if exists && !command.resume && !command.overwrite {
            throw SessionError("\(directory) already holds a run; pass --resume to continue it or --overwrite to start over")
        }
        if command.resume && !exists { throw SessionError("\(checkpointPath) does not exist; nothing to resume") }
        let checkpoint = command.resume ? try Checkpoint(contentsOf: checkpointPath) : nil
        let preprocessing = checkpoint?.preprocessing ?? command.data.preprocessing
        let raw = try D4RLDataset(contentsOf: command.dataset,
                                  readNextObservations: preprocessing.qLearning.useStoredNextObservations)
        let identity = try DatasetIdentity(fileAt: command.dataset)
        let data = try PreprocessedData(raw, options: preprocessing)
        let trainer: Trainer
        if let checkpoint {
            trainer = try Trainer(resuming: checkpoint, data: data, dataset: identity, targetSteps: max(command.steps, checkpoint.state.step),
                                  twoThreads: command.threads == 2)
        } else {
            trainer = Trainer(data: data, preprocessing: preprocessing, dataset: identity, config: command.makeConfig(for: raw.name),
                              seed: command.seed, targetSteps: command.steps, twoThreads: command.threads == 2)
        }
        let seed = trainer.seed
        let (evaluator, evaluationMessage) = try TrainingEvaluation.evaluator(options: command.evaluation, trainer: trainer, seed: seed)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let resumeStep = command.resume ? trainer.step : nil
        let log = try TrainingLog(path: directory + "/metrics.csv", resumingAt: resumeStep)
        let evaluation = try evaluator.map { evaluator in
            TrainingEvaluation(evaluator: evaluator, interval: command.evaluation.evalInterval,
                               log: try EvaluationLog(path: directory + "/eval.csv", resumingAt: resumeStep),
                               resultPath: directory + "/result.json")
        }
        return TrainingSession(directory: directory, trainer: trainer, log: log, logInterval: command.logInterval,
                               checkpointInterval: command.checkpointInterval, evaluation: evaluation,
                               evaluationMessage: evaluationMessage, seed: seed)
    }

    /// Trains to the target step or until Ctrl-C.
    /// - Throws: `SessionError` on a non-finite loss, before anything is written for that step.
    func run() throws -> Outcome {
        announce()
        let interrupt = InterruptFlag()
        let progress = ProgressBar(total: trainer.targetSteps)
        var intervalStart = Date(), intervalStep = trainer.step, rate = 0.0
        while trainer.step < trainer.targetSteps {
            if interrupt.isRaised {
                progress.finish()
                try trainer.checkpoint.write(to: checkpointPath)
                print("interrupted at step \(trainer.step); checkpoint written to \(checkpointPath); continue with --resume")
                return .interrupted
            }
            let metrics = trainer.train()
            guard metrics.isFinite else {
                progress.finish()
                throw SessionError("non-finite loss at step \(trainer.step) (\(Self.describe(metrics))); stopped, \(checkpointPath) left as it was")
            }
            let step = trainer.step
            if step % logInterval == 0 || step == trainer.targetSteps {
                rate = Double(step - intervalStep) / max(Date().timeIntervalSince(intervalStart), 1e-9)
                (intervalStart, intervalStep) = (Date(), step)
                try log.append(step: step, metrics: metrics, stepsPerSecond: rate)
                progress.update(completed: step, rate: rate, status: Self.describe(metrics))
            }
            if let evaluation, evaluation.isDue(step: step, target: trainer.targetSteps) {
                let started = Date()
                progress.note(try evaluation.evaluate(trainer))
                intervalStart += Date().timeIntervalSince(started)  // steps/s counts updates only
            }
            if step % checkpointInterval == 0 && step < trainer.targetSteps { try trainer.checkpoint.write(to: checkpointPath) }
        }
        try trainer.checkpoint.write(to: checkpointPath)
        progress.finish()
        print("trained \(trainer.step) steps; checkpoint \(checkpointPath), metrics \(log.path)")
        if let evaluation {
            // A resumed run that had already reached its target has not been evaluated in the loop.
            if evaluation.log.evaluations.last?.step != trainer.step { print(try evaluation.evaluate(trainer)) }
            try evaluation.writeResult(trainer, seed: seed)
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
            run directory \(directory)
            \(evaluationMessage)
            """)
        fflush(stdout)  // before the progress bar's first line on standard error
    }

    static func describe(_ metrics: UpdateMetrics) -> String {
        let parts: [(String, Float?)] = [("value", metrics.valueLoss), ("actor", metrics.actorLoss), ("critic", metrics.criticLoss)]
        return parts.compactMap { name, value in value.map { String(format: "\(name) %.4g", $0) } }.joined(separator: " ")
    }
}

struct SessionError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
