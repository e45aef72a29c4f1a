import Core
import ArgumentParser
import D4RL
import ToolSupport

/// The preprocessing flags of `iql-train`: from file rows to training transitions.
struct DataOptions: ParsableArguments {
    @Option(help: "Reward transform: locomotion, antmaze or none (default: from the dataset name).")
    var rewardTransform: RewardTransform?
    @Flag(help: "Standardise observations (CORL); the statistics are saved in the checkpoint.")
    var normalizeObservations = false
    @Option(parsing: .unconditional, help: "Episode length for files without timeouts (D4RL's max_episode_steps, default 1000).")
    var maxEpisodeSteps: Int?
    @Flag(help: "Take s′ from the stored next_observations instead of the next row.")
    var useStoredNextObservations = false
    @Option(help: ArgumentHelp("Minari Dict observations: the keys to use, in order, e.g. observation,desired_goal (default: all, in the space's order).",
                               valueName: "keys"))
    var observationKeys: String?

    func validate() throws {
        try requireFlag(maxEpisodeSteps, "--max-episode-steps", "≥ 1") { $0 >= 1 }
    }

    var preprocessing: PreprocessingOptions {
        PreprocessingOptions(
            qLearning: QLearningOptions(useStoredNextObservations: useStoredNextObservations, maxEpisodeSteps: maxEpisodeSteps ?? 1000),
            rewardTransform: rewardTransform, normalizeObservations: normalizeObservations,
            observationKeys: observationKeys.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } })
    }

    /// Each flag given that disagrees with a run's preprocessing, as `--flag given (the run has stored)`.
    func contradictions(with stored: PreprocessingOptions, dataset: DatasetName) -> [String] {
        var found: [String] = []
        let transform = stored.rewardTransform ?? RewardTransform(for: dataset)
        if let rewardTransform, rewardTransform != transform {
            found.append("--reward-transform \(rewardTransform.rawValue) (the run has \(transform.rawValue))")
        }
        if normalizeObservations && !stored.normalizeObservations {
            found.append("--normalize-observations (the run does not normalise)")
        }
        if let maxEpisodeSteps, maxEpisodeSteps != stored.qLearning.maxEpisodeSteps {
            found.append("--max-episode-steps \(maxEpisodeSteps) (the run has \(stored.qLearning.maxEpisodeSteps))")
        }
        if let keys = preprocessing.observationKeys, keys != stored.observationKeys {
            found.append("--observation-keys \(keys.joined(separator: ",")) (the run has \(stored.observationKeys?.joined(separator: ",") ?? "all keys"))")
        }
        if useStoredNextObservations && !stored.qLearning.useStoredNextObservations {
            found.append("--use-stored-next-observations (the run takes s′ from the next row)")
        }
        return found
    }
}
