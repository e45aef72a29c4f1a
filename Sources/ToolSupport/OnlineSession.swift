import Core
import Foundation
import IQL
import Online
import Scores

/// The loop of an online run that `sac-train` and `iql-train --finetune-steps` share: one
/// environment step (and update) at a time to the target, with a row of `metrics.csv` every
/// `logInterval` steps, every training episode in `episodes.csv`, an evaluation every
/// `evaluationInterval` steps of the run's axis and at the end, a checkpoint every
/// `checkpointInterval` steps, on a stop signal and at the end, and a clean stop on a
/// non-finite loss or a checkpoint that cannot be written.
///
/// The axis of evaluations and logs is `stepOffset` + environment steps: SAC counts environment
/// steps; fine-tuning continues the offline run's update count (one update per step).
public final class OnlineSession<Agent: OnlineAgent> {
    public struct Schedule {
        public var log: Int
        public var checkpoint: Int
        public var evaluation: Int

        public init(log: Int, checkpoint: Int, evaluation: Int) {
            (self.log, self.checkpoint, self.evaluation) = (log, checkpoint, evaluation)
        }
    }

    public enum Outcome: Equatable {
        case finished
        case stopped(StopSignal.Signal)
    }

    public let run: OnlineRun<Agent>
    /// Environment steps the run should reach.
    public let targetSteps: Int
    public let stepOffset: Int
    public let schedule: Schedule
    public let log: OnlineLog<Agent.Metrics>
    public let episodeLog: RunCSV
    public let evaluationLog: EvaluationLog
    let reference: ReferenceScore
    let stop: StopSignal
    /// Evaluates the agent's current policy.
    let evaluate: () throws -> Evaluation
    /// Writes the run's checkpoint (atomically).
    let writeCheckpoint: () throws -> Void
    /// Called after every step with the axis step; returns a line to show, if any.
    public var afterStep: (Int) throws -> String? = { _ in nil }
    /// Called after every evaluation; returns a line to show and whether to checkpoint now.
    public var afterEvaluation: (RunResult.Evaluation) throws -> (note: String?, checkpoint: Bool) = { _ in (nil, false) }
    /// The step of the last checkpoint written, nil when the run has none yet.
    public var lastCheckpoint: Int?

    /// Opens `metrics.csv` (`metricsFile`), `episodes.csv` and `eval.csv` (or continues `evaluationLog`)
    /// in `directory`, each resumed at `resumingAt` (an axis step) when given.
    public init(run: OnlineRun<Agent>, targetSteps: Int, stepOffset: Int, schedule: Schedule, directory: String, metricsFile: String,
                evaluationLog: EvaluationLog, reference: ReferenceScore, resumingAt step: Int?, stop: StopSignal,
                evaluate: @escaping () throws -> Evaluation, writeCheckpoint: @escaping () throws -> Void) throws {
        self.run = run
        self.targetSteps = targetSteps
        self.stepOffset = stepOffset
        self.schedule = schedule
        log = try OnlineLog(path: directory + "/" + metricsFile, resumingAt: step)
        episodeLog = try RunCSV(path: directory + "/episodes.csv", columns: ["step", "return", "length"], resumingAt: step)
        self.evaluationLog = evaluationLog
        self.reference = reference
        self.stop = stop
        self.evaluate = evaluate
        self.writeCheckpoint = writeCheckpoint
    }

    /// The run's position on its axis.
    public var step: Int { stepOffset + run.state.environmentSteps }

    /// Steps to the target or until a stop signal (the checkpoint of the current step written).
    /// - Throws: `OnlineSessionError` on a non-finite loss or a checkpoint that cannot be written.
    public func train() throws -> Outcome {
        let progress = ProgressBar(total: stepOffset + targetSteps)
        var intervalStart = Date(), intervalStep = run.state.environmentSteps
        var lastMetrics: Agent.Metrics?, lastEpisode: (return: Double, length: Int)?
        func saveCheckpoint() throws {
            do {
                try writeCheckpoint()
            } catch {
                progress.finish()
                let previous = lastCheckpoint.map { "the previous checkpoint (step \($0)) is intact" } ?? "this run has no checkpoint yet"
                throw OnlineSessionError(description: "\(error); stopped at step \(step), \(previous)")
            }
            lastCheckpoint = step
        }
        while run.state.environmentSteps < targetSteps {
            if let signal = stop.raised {
                progress.finish()
                try saveCheckpoint()
                return .stopped(signal)
            }
            let outcome = run.step()
            let isLast = run.state.environmentSteps == targetSteps
            if let metrics = outcome.metrics {
                guard metrics.isFinite else {
                    progress.finish()
                    throw OnlineSessionError(description: "non-finite loss at step \(step) (\(metrics.summary)); stopped, the last checkpoint left as it was")
                }
                lastMetrics = metrics
            }
            if let episode = outcome.finishedEpisode {
                lastEpisode = episode
                try episodeLog.append(["\(step)", "\(episode.return)", "\(episode.length)"])
            }
            if step % schedule.log == 0 || isLast {
                let rate = Double(run.state.environmentSteps - intervalStep) / max(Date().timeIntervalSince(intervalStart), 1e-9)
                (intervalStart, intervalStep) = (Date(), run.state.environmentSteps)
                try log.append(step: step, metrics: lastMetrics, lastEpisode: lastEpisode, episodes: run.state.episodes, stepsPerSecond: rate)
                let episodeText = lastEpisode.map { String(format: " episode %.0f", $0.return) } ?? ""
                progress.update(completed: step, rate: rate, status: (lastMetrics?.summary ?? "filling the buffer") + episodeText)
            }
            if let note = try afterStep(step) { progress.note(note) }
            if step % schedule.evaluation == 0 || isLast {
                let started = Date()
                let (record, line) = try evaluateNow()
                progress.note(line)
                let (note, checkpointNow) = try afterEvaluation(record)
                if let note { progress.note(note) }
                if checkpointNow { try saveCheckpoint() }
                intervalStart += Date().timeIntervalSince(started)  // steps/s counts the loop without evaluations
            }
            if step % schedule.checkpoint == 0 && !isLast { try saveCheckpoint() }
        }
        try saveCheckpoint()
        progress.finish()
        return .finished
    }

    /// Evaluates the current policy and appends the row to `eval.csv`: the row and its summary line.
    public func evaluateNow() throws -> (record: RunResult.Evaluation, line: String) {
        let started = Date()
        let evaluation = try evaluate()
        let record = RunResult.Evaluation(step: step, evaluation: evaluation, reference: reference)
        try evaluationLog.append(record)
        let line = String(format: "eval step %d: return %.1f ± %.1f, normalised %.1f, length %d–%d (%d episodes, %.1f s)",
                          record.step, record.meanReturn, record.stdReturn, record.normalizedScore, evaluation.lengths.min() ?? 0,
                          evaluation.lengths.max() ?? 0, evaluation.returns.count, Date().timeIntervalSince(started))
        return (record, line)
    }
}

/// Why an online run stopped with status 1.
public struct OnlineSessionError: Error, CustomStringConvertible {
    public var description: String
}
