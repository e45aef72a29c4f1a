import Scores
import D4RL
import Environments
import Foundation
import IQL
import ToolSupport

/// Evaluation during an `iql-train` run: when to evaluate, `eval.csv`, and `result.json`.
struct TrainingEvaluation {
    let evaluator: LocomotionEvaluator
    /// Updates between evaluations (the final step is evaluated too).
    let interval: Int
    let log: EvaluationLog
    let resultPath: String

    /// The evaluator a run asks for and a line announcing it, or nil and the reason it has none.
    ///
    /// The simulator is `--eval-env`'s, else the one a Minari dataset's `eval_env_spec` (or
    /// `env_spec`) names, else the one the dataset's name implies; a Minari dataset's own reference
    /// scores normalise its evaluations.
    /// - Throws: an unknown `--eval-env`, a Minari environment this toolkit cannot simulate (the
    ///   message names `--eval-env none`), or an environment whose dimensions differ from the dataset's.
    static func evaluator(options: EvaluationOptions, interval: Int, trainer: Trainer, minari: MinariMetadata?)
        throws -> (evaluator: LocomotionEvaluator?, message: String)
    {
        let dataset = trainer.dataset.name, seed = trainer.seed
        if options.isDisabled { return (nil, "evaluation off (--eval-env none)") }
        let environment = options.evalEnv ?? minari?.evaluationSpec?.id
        if options.evalEnv == nil, let spec = minari?.evaluationSpec, LocomotionTask.named(spec.id) == nil {
            throw SessionError("\(dataset)'s env_spec names \(spec.id), which this toolkit cannot simulate "
                               + "(it simulates \(LocomotionTask.knownNames)); pass --eval-env none to train without evaluation")
        }
        guard let task = try LocomotionEvaluator.task(environment: environment, dataset: dataset) else {
            return (nil, "evaluation off: no simulator matches '\(dataset)'; pass --eval-env (\(LocomotionTask.knownNames))")
        }
        let reference = minari.flatMap { metadata in
            metadata.refMinScore.flatMap { low in
                metadata.refMaxScore.map { ReferenceScore(name: metadata.datasetID, randomReturn: low, expertReturn: $0) }
            }
        }
        let evaluator = try LocomotionEvaluator(
            task: task, dataset: dataset, observationDim: trainer.learner.observationDim, actionDim: trainer.learner.actionDim,
            episodes: options.evalEpisodes, seed: seed, reference: reference)
        let message = "evaluation: \(task.gymnasiumID) (MuJoCo \(Simulation.version)), \(options.evalEpisodes) episodes (seeds \(seed) + k) "
            + "every \(interval) steps and at the end; reference \(evaluator.reference.name)"
            + (reference == nil ? "" : " (the dataset's ref_min_score / ref_max_score)")
            + (evaluator.referenceNote.map { "\nnote: \($0)" } ?? "")
        return (evaluator, message)
    }

    /// True when step `step` of a run to `target` is evaluated.
    func isDue(step: Int, target: Int) -> Bool { step % interval == 0 || step == target }

    /// Evaluates the trainer's current actor, appends the row to `eval.csv` and returns its summary line.
    func evaluate(_ trainer: Trainer) throws -> String {
        let policy = trainer.policy, started = Date()
        let evaluation = try evaluator.evaluate { policy.worker() }
        let record = RunResult.Evaluation(step: trainer.step, evaluation: evaluation, reference: evaluator.reference)
        try log.append(record)
        return String(format: "eval step %d: return %.1f ± %.1f, normalised %.1f, length %d–%d (%d episodes, %.1f s)",
                      record.step, record.meanReturn, record.stdReturn, record.normalizedScore,
                      evaluation.lengths.min() ?? 0, evaluation.lengths.max() ?? 0, evaluation.returns.count,
                      Date().timeIntervalSince(started))
    }

    /// Writes `result.json` (atomically) from every evaluation in `eval.csv`.
    func writeResult(_ trainer: Trainer) throws {
        let result = RunResult(
            dataset: trainer.dataset.name, algorithm: trainer.learner.config.algorithm.rawValue.uppercased(), seed: trainer.seed,
            steps: trainer.step, evaluations: log.evaluations,
            versions: ["mujoco": Simulation.version, "swift": BuildInfo.swiftVersion, "blas": BuildInfo.blasKernels],
            reference: evaluator.reference)
        try result.write(to: resultPath)
    }
}
