import Core
import Environments
import IQL
import Online
import ToolSupport

extension TrainingSession {
    /// The online phase of a fine-tuned run (IQL paper §5.3): the learner keeps its losses and
    /// step count and takes one update per environment step in `phase.task`, from a replay buffer
    /// that starts with the offline transitions. Evaluations continue `eval.csv` on the update
    /// axis; `online-metrics.csv` and `episodes.csv` log the phase. A resumed phase continues
    /// from the checkpoint's `/finetune`.
    func fineTune(_ phase: FineTuningPhase, lastCheckpoint: Int?) throws -> OnlineSession<IQLFineTuning>.Outcome {
        guard let evaluation else { throw SessionError("fine-tuning needs a simulator (--eval-env)") }
        let agent = IQLFineTuning(trainer: trainer)
        let environment = try LocomotionEnvironment(phase.task)
        let run: OnlineRun<IQLFineTuning>
        if let progress = phase.progress {
            run = OnlineRun(agent: agent, environment: environment, replay: progress.replay, state: progress.run)
        } else {
            let replay = try agent.seededReplayBuffer(capacity: trainer.data.transitions.count + phase.targetSteps)
            run = OnlineRun(agent: agent, environment: environment, replay: replay, randomSteps: 0, seed: trainer.seed,
                            generator: trainer.generator)
        }
        let offlineSteps = trainer.step - run.state.environmentSteps
        print("fine-tuning online in \(phase.task.gymnasiumID): \(run.state.environmentSteps) → \(phase.targetSteps) environment steps, "
              + "one update each (updates \(trainer.step) → \(offlineSteps + phase.targetSteps)), replay buffer of \(run.replay.count) rows")
        let checkpointPath = checkpointPath, trainer = trainer, directory = directory
        let evaluator = evaluation.evaluator
        let session = try OnlineSession(
            run: run, targetSteps: phase.targetSteps, stepOffset: offlineSteps,
            schedule: .init(log: schedule.log, checkpoint: schedule.checkpoint, evaluation: schedule.evaluation),
            directory: directory.path, metricsFile: "online-metrics.csv", evaluationLog: evaluation.log, reference: evaluator.reference,
            resumingAt: phase.progress == nil ? nil : trainer.step, stop: stop,
            evaluate: { let policy = trainer.policy; return try evaluator.evaluate { policy.worker() } },
            writeCheckpoint: {
                var saved = phase
                saved.progress = (run.savedState, run.replay)
                try trainer.checkpoint.write(to: checkpointPath, adding: { root in try saved.write(to: root) })
                directory.commit()
            })
        session.lastCheckpoint = lastCheckpoint
        let outcome = try session.train()
        if case .stopped(let signal) = outcome {
            print("stopped by \(signal) at step \(trainer.step); checkpoint written to \(checkpointPath); continue with --resume")
        }
        return outcome
    }
}
