import D4RL
import Foundation
import IQL
import ToolSupport

/// One invocation of `iql-train`: the run directory, the trainer, and the loop that logs,
/// checkpoints, reacts to Ctrl-C and stops on a non-finite loss.
struct TrainingSession {
    enum Outcome { case finished, interrupted }

    let directory: String
    let trainer: Trainer
    let log: TrainingLog
    let logInterval: Int
    let checkpointInterval: Int
    var checkpointPath: String { directory + "/checkpoint.h5" }

    /// Loads and preprocesses the dataset and builds a new or resumed trainer.
    static func prepare(command: IQLTrain, directory: String) throws -> TrainingSession {
        let checkpointPath = directory + "/checkpoint.h5"
        let exists = FileManager.default.fileExists(atPath: checkpointPath)
        if exists && !command.resume && !command.overwrite {
            throw SessionError("\(directory) already holds a run; pass --resume to continue it or --overwrite to start over")
        }
        if command.resume && !exists { throw SessionError("\(checkpointPath) does not exist; nothing to resume") }
        let raw = try D4RLDataset(contentsOf: command.dataset)
        let identity = try DatasetIdentity(fileAt: command.dataset)
        let trainer: Trainer
        if command.resume {
            let checkpoint = try Checkpoint(contentsOf: checkpointPath)
            let data = try PreprocessedData(raw, options: checkpoint.preprocessing)
            trainer = try Trainer(resuming: checkpoint, data: data, dataset: identity, targetSteps: max(command.steps, checkpoint.state.step))
        } else {
            let preprocessing = command.data.preprocessing
            let data = try PreprocessedData(raw, options: preprocessing)
            trainer = Trainer(data: data, preprocessing: preprocessing, dataset: identity,
                              config: command.makeConfig(for: raw.name), seed: command.seed, targetSteps: command.steps)
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let log = try TrainingLog(path: directory + "/metrics.csv", resumingAt: command.resume ? trainer.step : nil)
        return TrainingSession(directory: directory, trainer: trainer, log: log,
                               logInterval: command.logInterval, checkpointInterval: command.checkpointInterval)
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
            if step % checkpointInterval == 0 && step < trainer.targetSteps { try trainer.checkpoint.write(to: checkpointPath) }
        }
        try trainer.checkpoint.write(to: checkpointPath)
        progress.finish()
        print("trained \(trainer.step) steps; checkpoint \(checkpointPath), metrics \(log.path)")
        return .finished
    }

    private func announce() {
        let config = trainer.learner.config, data = trainer.data
        print("""
            \(trainer.dataset.name): \(data.transitions.count) transitions, observation \(trainer.learner.observationDim), \
            action \(trainer.learner.actionDim), rewards \(data.rewardTransform.rawValue)
            \(config.algorithm.rawValue): hidden \(config.hiddenDims), expectile \(config.expectile), temperature \(config.temperature), \
            dropout \(config.dropoutRate), batch \(config.batchSize), steps \(trainer.step) → \(trainer.targetSteps)
            run directory \(directory)
            """)
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
