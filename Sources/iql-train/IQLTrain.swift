import ArgumentParser
import D4RL
import Foundation
import IQL
import NN
import ToolSupport

@main
struct IQLTrain: ParsableCommand {
    /// Restarts on OpenBLAS's fast kernels when it did not recognise the CPU, then runs as usual.
    static func main() {
        restartWithFastBLASKernels()
        main(nil)
    }

    static let configuration = CommandConfiguration(
        commandName: "iql-train",
        abstract: "Train Implicit Q-Learning (or behaviour cloning) on a D4RL HDF5 dataset.",
        discussion: """
            Hyperparameters default to the paper's preset for the dataset's domain (locomotion, \
            antmaze, kitchen, adroit); every one can be overridden. The run directory receives \
            metrics.csv (one row per log interval) and checkpoint.h5 (at each checkpoint interval \
            and at the end, written atomically). When the dataset's robot is known (or --eval-env \
            names it) the current actor is evaluated every --eval-interval updates and at the end: \
            eval.csv gets a row per evaluation and result.json (d4rl-score's input) is written at the end. On --resume the run's configuration comes from \
            its checkpoint; --steps may extend it, the actor's cosine schedule keeps its length. Ctrl-C writes a checkpoint and exits with status \
            130; --resume continues the run bit for bit. A NaN or infinite loss stops the run with \
            status 1 and leaves the last checkpoint untouched.
            """)

    @Argument(help: "The D4RL HDF5 file, e.g. hopper_medium-v2.hdf5.")
    var dataset: String

    @Option(help: "iql, or bc (behaviour cloning: the same actor, every weight 1).")
    var algorithm: IQLConfig.Algorithm = .iql

    @Option(help: "Hyperparameter preset: locomotion, antmaze, kitchen or adroit (default: from the dataset name).")
    var preset: IQLConfig.Preset?

    @Option(help: "Total number of updates the run should reach.")
    var steps: Int = 1_000_000

    @Option(help: "Seed of the initial weights, the batches and the dropout masks.")
    var seed: UInt64 = 0

    @Option(name: .shortAndLong, help: "Run directory (default: runs/<dataset>-<algorithm>-seed<seed>).")
    var output: String?

    @Option(help: "Updates between metrics rows.")
    var logInterval: Int = 1000

    @Option(help: "Updates between checkpoints.")
    var checkpointInterval: Int = 50_000

    @Option(help: """
        Threads an update runs on: 2 (the default with two or more cores) or 1, to leave a core \
        to a second run beside this one. The numbers are the same either way.
        """)
    var threads: Int = ThreadPair.machineHasSecondCore ? 2 : 1

    @Flag(help: "Continue the run saved in the output directory.")
    var resume = false

    @Flag(help: "Start over in an output directory that already holds a run.")
    var overwrite = false

    @OptionGroup(title: "Hyperparameter overrides")
    var overrides: HyperparameterOverrides

    @OptionGroup(title: "Data preprocessing")
    var data: DataOptions

    @OptionGroup(title: "Evaluation in the simulator")
    var evaluation: EvaluationOptions

    func validate() throws {
        guard steps > 0, logInterval > 0, checkpointInterval > 0 else {
            throw ValidationError("--steps, --log-interval and --checkpoint-interval must be positive")
        }
        guard !(resume && overwrite) else { throw ValidationError("--resume and --overwrite exclude each other") }
        guard threads == 1 || threads == 2 else { throw ValidationError("--threads must be 1 or 2") }
    }

    func run() throws {
        let directory = output ?? "runs/\(DatasetName(dataset).name)-\(algorithm.rawValue)-seed\(seed)"
        let session = try TrainingSession.prepare(command: self, directory: directory)
        if try session.run() == .interrupted { throw ExitCode(130) }
    }

    /// The configuration of a new run: the preset, then each override.
    func makeConfig(for name: DatasetName) -> IQLConfig {
        var config = IQLConfig(preset: preset ?? IQLConfig.Preset(for: name))
        config.algorithm = algorithm
        config.maxSteps = overrides.scheduleSteps ?? steps
        overrides.apply(to: &config)
        return config
    }
}

struct HyperparameterOverrides: ParsableArguments {
    @Option(help: "Hidden layer widths of every network, comma-separated (default 256,256).")
    var hiddenDims: String?
    @Option(help: "Expectile τ of the value regression.")
    var expectile: Float?
    @Option(help: "Inverse temperature β in the advantage weights exp(β·A).")
    var temperature: Float?
    @Option(help: "Actor dropout rate.")
    var dropout: Float?
    @Option(help: "Initial actor learning rate (cosine-decayed).")
    var actorLR: Float?
    @Option(help: "Value learning rate.")
    var valueLR: Float?
    @Option(help: "Critic learning rate.")
    var criticLR: Float?
    @Option(help: "Discount γ.")
    var discount: Float?
    @Option(help: "Target network update rate τ_p.")
    var tau: Float?
    @Option(help: "Transitions per update.")
    var batchSize: Int?
    @Option(help: "Length of the actor's cosine schedule (default: --steps).")
    var scheduleSteps: Int?

    func validate() throws {
        if let hiddenDims, parsedHiddenDims(hiddenDims) == nil {
            throw ValidationError("--hidden-dims takes positive integers separated by commas, e.g. 256,256")
        }
        if let batchSize, batchSize <= 0 { throw ValidationError("--batch-size must be positive") }
        if let scheduleSteps, scheduleSteps <= 0 { throw ValidationError("--schedule-steps must be positive") }
    }

    func apply(to config: inout IQLConfig) {
        if let dims = hiddenDims.flatMap(parsedHiddenDims) { config.hiddenDims = dims }
        let floats: [(Float?, WritableKeyPath<IQLConfig, Float>)] = [
            (expectile, \.expectile), (temperature, \.temperature), (dropout, \.dropoutRate),
            (actorLR, \.actorLearningRate), (valueLR, \.valueLearningRate), (criticLR, \.criticLearningRate),
            (discount, \.discount), (tau, \.targetUpdateRate),
        ]
        for case let (value?, field) in floats { config[keyPath: field] = value }
        if let batchSize { config.batchSize = batchSize }
    }

    private func parsedHiddenDims(_ text: String) -> [Int]? {
        let dims = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !dims.isEmpty, dims.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
        return dims.map { $0! }
    }
}

struct DataOptions: ParsableArguments {
    @Option(help: "Reward transform: locomotion, antmaze or none (default: from the dataset name).")
    var rewardTransform: RewardTransform?
    @Flag(help: "Standardise observations (CORL); the statistics are saved in the checkpoint.")
    var normalizeObservations = false
    @Option(help: "Episode length for files without timeouts (D4RL's max_episode_steps).")
    var maxEpisodeSteps: Int = 1000
    @Flag(help: "Take s′ from the stored next_observations instead of the next row.")
    var useStoredNextObservations = false

    var preprocessing: PreprocessingOptions {
        PreprocessingOptions(
            qLearning: QLearningOptions(useStoredNextObservations: useStoredNextObservations, maxEpisodeSteps: maxEpisodeSteps),
            rewardTransform: rewardTransform, normalizeObservations: normalizeObservations)
    }
}
