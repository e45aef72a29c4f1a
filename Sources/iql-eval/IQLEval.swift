import ArgumentParser
import D4RL
import Environments
import Foundation
import IQL
import ToolSupport

/// `iql-eval CHECKPOINT`: roll out a saved policy in its simulator and score it.
@main
struct IQLEval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iql-eval", abstract: "Evaluate a trained policy in the MuJoCo simulator.",
        discussion: """
            Runs --eval-episodes episodes of the checkpoint's deterministic action (observation \
            normalisation included) in parallel, episode k reset with seed --seed + k, and prints \
            each episode's return and length, mean ± std return and the D4RL-normalised score \
            100·(mean return − random)/(expert − random). With --seed set to the run's seed this \
            replays the evaluations iql-train logged.
            """)

    @Argument(help: "A checkpoint.h5 written by iql-train.")
    var checkpoint: String

    @OptionGroup(title: "Evaluation in the simulator")
    var evaluation: EvaluationOptions

    /// The names of `--eval-env` and `--eval-episodes` before iql-train and iql-eval shared them.
    @Option(name: .customLong("env"), help: .hidden)
    var legacyEnv: String?
    @Option(name: .customLong("episodes"), parsing: .unconditional, help: .hidden)
    var legacyEpisodes: Int?

    @Option(parsing: .unconditional, help: "Reset seed of episode 0; episode k uses seed + k.")
    var seed: UInt64 = 0

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @OptionGroup(title: "Resources")
    var memory: MemoryOption

    func validate() throws {
        try requireFlag(legacyEpisodes, "--episodes", "in 1...\(EvaluationOptions.maximumEpisodes)") {
            (1...EvaluationOptions.maximumEpisodes).contains($0)
        }
    }

    func run() throws {
        memory.apply()
        let saved = try Checkpoint(contentsOf: checkpoint)
        let dataset = saved.dataset.name
        let environment = evaluation.evalEnv ?? legacyEnv, episodes = legacyEpisodes ?? evaluation.evalEpisodes
        guard let task = try LocomotionEvaluator.task(environment: environment, dataset: dataset) else {
            throw ValidationError("no simulator matches the dataset '\(dataset)'; pass --eval-env (\(LocomotionTask.knownNames))")
        }
        let evaluator = try LocomotionEvaluator(task: task, dataset: dataset, observationDim: saved.observationDim,
                                                actionDim: saved.actionDim, episodes: episodes, seed: seed)
        let policy = TrainedPolicy(saved), started = Date()
        let outcome = try evaluator.evaluate { policy.worker() }
        let report = EvaluationReport(checkpoint: checkpoint, saved: saved, evaluator: evaluator, evaluation: outcome,
                                      seconds: Date().timeIntervalSince(started))
        print(json ? try report.json() : report.text())
    }
}
