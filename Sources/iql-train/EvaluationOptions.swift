import ArgumentParser

/// `--eval-env`, `--eval-interval`, `--eval-episodes`: evaluation of the actor during training.
struct EvaluationOptions: ParsableArguments {
    @Option(help: "Simulator to evaluate in: hopper, walker2d, halfcheetah, ant, or none (default: from the dataset name).")
    var evalEnv: String?
    @Option(help: "Updates between evaluations; the final step is always evaluated.")
    var evalInterval: Int = 5000
    @Option(help: "Episodes per evaluation (episode k resets with seed <run seed> + k).")
    var evalEpisodes: Int = 10

    /// True when `--eval-env none` turned evaluation off.
    var isDisabled: Bool { evalEnv?.lowercased() == "none" }

    func validate() throws {
        guard evalInterval > 0, evalEpisodes > 0 else {
            throw ValidationError("--eval-interval and --eval-episodes must be positive")
        }
    }
}
