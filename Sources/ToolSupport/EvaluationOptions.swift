import ArgumentParser

/// `--eval-env`, `--eval-episodes`: which simulator scores a policy and on how many episodes,
/// with the same names in `iql-train` (every `--eval-interval` updates) and `iql-eval`.
public struct EvaluationOptions: ParsableArguments {
    @Option(help: """
        Simulator: hopper, walker2d, halfcheetah, ant (gymnasium v4, as D4RL), hopper-v5, walker2d-v5, \
        halfcheetah-v5, ant-v5, or none (default: the one the dataset names).
        """)
    public var evalEnv: String?

    @Option(parsing: .unconditional, help: "Episodes per evaluation (episode k resets with seed <seed> + k).")
    public var evalEpisodes: Int = 10

    public init() {}

    /// The most episodes one evaluation may run.
    public static let maximumEpisodes = 100_000

    /// True when `--eval-env none` turned evaluation off.
    public var isDisabled: Bool { evalEnv?.lowercased() == "none" }

    public func validate() throws {
        try requireFlag(evalEpisodes, "--eval-episodes", "in 1...\(Self.maximumEpisodes)") { (1...Self.maximumEpisodes).contains($0) }
    }
}
