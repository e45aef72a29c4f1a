import Core
import ArgumentParser
import D4RL
import Foundation
import IQL
import NN
import Online
import ToolSupport

@main
struct IQLTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iql-train",
        abstract: "Train Implicit Q-Learning (or behaviour cloning) on a D4RL or Minari dataset.",
        discussion: """
            Hyperparameters default to the paper's preset for the dataset's domain (locomotion, \
            antmaze, kitchen, adroit); every one can be overridden. The run directory receives \
            metrics.csv (one row per log interval) and checkpoint.h5 (at each checkpoint interval \
            and at the end, written atomically). When the simulator is known (--eval-env, a Minari \
            dataset's env_spec such as Hopper-v5, or a D4RL name, which means gymnasium v4) the \
            current actor is evaluated every --eval-interval updates and at the end: \
            eval.csv gets a row per evaluation and result.json (d4rl-score's input) is written at the end.

            On --resume the run's configuration comes from its checkpoint: a flag that contradicts \
            it is refused; --steps may extend the run (the actor's cosine schedule keeps its length). \
            Ctrl-C (SIGINT), SIGTERM and SIGHUP write a checkpoint and exit with status 130, 143 and \
            129; --resume continues the run bit for bit (on a cluster: Slurm sends SIGTERM at the \
            time limit). A NaN or infinite loss, or a checkpoint that cannot be written (a full \
            disk), stops the run with status 1 and leaves the last checkpoint untouched. \
            --overwrite replaces a run only once the new one has written its first checkpoint.
            """)

    @Argument(help: """
        A D4RL HDF5 file (hopper_medium-v2.hdf5), or a Minari dataset: its directory, its \
        main_data.hdf5, or its id under $MINARI_DATASETS_PATH (mujoco/hopper/medium-v0).
        """)
    var dataset: String

    @Option(help: "iql, or bc (behaviour cloning: the same actor, every weight 1).")
    var algorithm: IQLConfig.Algorithm?

    @Option(help: "Hyperparameter preset: locomotion, antmaze, kitchen or adroit (default: from the dataset name).")
    var preset: IQLConfig.Preset?

    @Option(parsing: .unconditional, help: "Total number of updates the run should reach (default 1000000; on --resume, the run's own).")
    var steps: Int?

    @Option(parsing: .unconditional, help: "Seed of the initial weights, the batches and the dropout masks (default 0).")
    var seed: UInt64?

    @Option(name: .shortAndLong, help: "Run directory (default: runs/<dataset>-<algorithm>-seed<seed>).")
    var output: String?

    @Option(parsing: .unconditional, help: "Updates between metrics rows.")
    var logInterval: Int = 1000

    @Option(parsing: .unconditional, help: "Updates between checkpoints.")
    var checkpointInterval: Int = 50_000

    @Option(parsing: .unconditional, help: "Updates between evaluations; the final step is always evaluated.")
    var evalInterval: Int = 5000

    @Option(parsing: .unconditional, help: """
        Threads an update runs on: 2 (the default with two or more cores) or 1, to leave a core \
        to a second run beside this one. The numbers are the same either way.
        """)
    var threads: Int = ThreadPair.machineHasSecondCore ? 2 : 1

    @Option(parsing: .unconditional, help: """
        After the offline steps, fine-tune online for this many environment steps in the \
        evaluation simulator (IQL paper §5.3): one update per step with the same losses, from a \
        replay buffer seeded with the dataset; as in the original's fine-tuning configuration the \
        actor's learning rate stays constant in both phases, and eval.csv continues on the update axis.
        """)
    var finetuneSteps: Int?

    @Flag(help: "Continue the run saved in the output directory.")
    var resume = false

    @Flag(help: "Start over in an output directory that already holds a run.")
    var overwrite = false

    @Flag(help: "Only check the flags and that the dataset is there, then exit (0 when training would start).")
    var check = false

    @OptionGroup(title: "Hyperparameter overrides")
    var overrides: HyperparameterOverrides

    @OptionGroup(title: "Data preprocessing")
    var data: DataOptions

    @OptionGroup(title: "Evaluation in the simulator")
    var evaluation: EvaluationOptions

    @OptionGroup(title: "Resources")
    var memory: MemoryOption

    /// The number of updates of a new run without `--steps`.
    static let defaultSteps = 1_000_000

    func validate() throws {
        try requireFlag(steps, "--steps", "≥ 1") { $0 >= 1 }
        try requireFlag(finetuneSteps, "--finetune-steps", "in 1...100000000") { (1...100_000_000).contains($0) }
        for (value, flag) in [(logInterval, "--log-interval"), (checkpointInterval, "--checkpoint-interval"), (evalInterval, "--eval-interval")] {
            try requireFlag(value, flag, "≥ 1") { $0 >= 1 }
        }
        try requireFlag(threads, "--threads", "1 or 2") { $0 == 1 || $0 == 2 }
        guard !(resume && overwrite) else { throw ValidationError("--resume and --overwrite exclude each other") }
        if let violation = newRunConfig(for: DatasetName(dataset)).violations().first {
            throw ValidationError("\(overrides.flag(for: violation.field)) must be \(violation.domain), got \(violation.value)")
        }
    }

    func run() throws {
        let stop = StopSignal()
        memory.apply()
        let source = try DatasetSource(dataset), name = try source.name()
        if check {
            if case .d4rl(let path) = source, !FileManager.default.fileExists(atPath: path) {
                throw ValidationError("\(path): no such file, directory or Minari dataset id")
            }
            return
        }
        let stem = name.name.replacingOccurrences(of: "/", with: "-")
        let path = output ?? "runs/\(stem)-\((algorithm ?? .iql).rawValue)-seed\(seed ?? 0)"
        let directory = try RunDirectory(path: path, files: TrainingSession.runFiles)
        let session = try TrainingSession(
            dataset: dataset, directory: directory, plan: try plan(in: directory, name: name),
            schedule: .init(log: logInterval, checkpoint: checkpointInterval, evaluation: evalInterval),
            threads: threads, evaluation: evaluation, stop: stop)
        if case .stopped(let signal) = try session.run() { throw ExitCode(signal.exitStatus) }
    }

    /// A new run's configuration for a dataset called `name`: the preset (`--preset`, else the
    /// name's), then each override; the schedule spans `--steps`.
    func newRunConfig(for name: DatasetName) -> IQLConfig {
        var config = IQLConfig(preset: preset ?? IQLConfig.Preset(for: name))
        config.algorithm = algorithm ?? .iql
        config.maxSteps = steps ?? Self.defaultSteps
        config.decaysActorLearningRate = finetuneSteps == nil  // the original's fine-tuning: opt_decay_schedule = None
        overrides.apply(to: &config)
        return config
    }

    /// What to train: the saved run (`--resume`, refusing flags that contradict it) or a new one.
    private func plan(in directory: RunDirectory, name: DatasetName) throws -> TrainingSession.Plan {
        guard resume else {
            return .new(config: newRunConfig(for: name), preprocessing: data.preprocessing, seed: seed ?? 0,
                        targetSteps: steps ?? Self.defaultSteps, finetuneSteps: finetuneSteps, replacing: overwrite)
        }
        try directory.begin(.resume)
        let checkpoint = try Checkpoint(contentsOf: directory.checkpointPath)
        var contradictions = overrides.contradictions(with: checkpoint.config)
            + data.contradictions(with: checkpoint.preprocessing, dataset: name)
        if let algorithm, algorithm != checkpoint.config.algorithm {
            contradictions.insert("--algorithm \(algorithm.rawValue) (the run has \(checkpoint.config.algorithm.rawValue))", at: 0)
        }
        if let preset, IQLConfig(preset: preset).presetFields != checkpoint.config.presetFields {
            contradictions.append("--preset \(preset.rawValue) (the run's expectile, temperature and dropout differ)")
        }
        if let seed, seed != checkpoint.seed { contradictions.append("--seed \(seed) (the run has \(checkpoint.seed))") }
        guard contradictions.isEmpty else {
            throw ValidationError("--resume continues the run in \(directory.path) as configured; these flags contradict it: "
                                  + contradictions.joined(separator: ", ") + " (only --steps may extend a run)")
        }
        var finetune = try FineTuningPhase(checkpointAt: directory.checkpointPath, observationDim: checkpoint.observationDim,
                                           actionDim: checkpoint.actionDim)
        if let finetuneSteps {
            guard finetune != nil else {
                throw ValidationError("--finetune-steps: the run in \(directory.path) was not started with fine-tuning (its actor's learning rate decays to 0 offline)")
            }
            let done = finetune?.progress?.run.environmentSteps ?? 0
            guard finetuneSteps >= done else { throw ValidationError("--finetune-steps \(finetuneSteps) is below the run's \(done) online steps") }
            finetune?.targetSteps = finetuneSteps
        }
        if let steps, finetune?.progress != nil {
            throw ValidationError("--steps \(steps): the run in \(directory.path) has finished its offline steps and is fine-tuning (extend it with --finetune-steps)")
        }
        if let steps, steps < checkpoint.state.step {
            throw ValidationError("--steps \(steps) is below the run's step \(checkpoint.state.step)")
        }
        return .resume(checkpoint, targetSteps: steps ?? max(checkpoint.targetSteps, checkpoint.state.step), finetune: finetune)
    }
}

extension IQLConfig {
    /// The fields a preset sets.
    fileprivate var presetFields: [Float] { [expectile, temperature, dropoutRate] }
}
