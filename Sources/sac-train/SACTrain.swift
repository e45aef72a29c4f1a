import ArgumentParser
import Core
import Environments
import Foundation
import NN
import Online
import SAC
import ToolSupport

@main
struct SACTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sac-train",
        abstract: "Train Soft Actor-Critic online in a locomotion simulator (the algorithm behind D4RL's datasets).",
        discussion: """
            SAC with automatic entropy tuning as rlkit (which D4RL used) runs it: twin critics and a \
            target (τ 0.005), a tanh-squashed Gaussian policy with log-std clipped to [−20, 2], α \
            towards entropy −|A|, Adam 3e-4, batch 256, γ 0.99, 2×256 ReLU, one update per \
            environment step after --random-steps uniform random ones. A time-limit truncation \
            bootstraps, a termination does not.

            The run directory receives metrics.csv (one row per --log-interval environment \
            steps), episodes.csv (every training episode), eval.csv and result.json (the \
            deterministic policy tanh(μ) every --eval-interval steps and at the end; d4rl-score \
            reads them), checkpoint.h5 (the whole run, replay buffer included) and policy.h5 (the \
            final policy). Policy files are d4rl-collect --policy inputs (stochastic:FILE samples \
            as D4RL did, deterministic:FILE takes tanh(μ)).

            Ctrl-C (SIGINT), SIGTERM and SIGHUP write a checkpoint and exit with status 130, 143 \
            and 129; --resume continues the run bit for bit, mid-episode included. A NaN loss or a \
            checkpoint that cannot be written stops the run with status 1, the last checkpoint intact.
            """)

    @Option(help: "Simulator: hopper, walker2d, halfcheetah, ant (gymnasium v4), hopper-v5, walker2d-v5, halfcheetah-v5, ant-v5.")
    var env: String

    @Option(parsing: .unconditional, help: "Environment steps the run should reach (default 1000000; on --resume, the run's own).")
    var steps: Int?

    @Option(parsing: .unconditional, help: "Seed of the initial weights, the actions, the episodes' resets and the batches (default 0).")
    var seed: UInt64?

    @Option(name: .shortAndLong, help: "Run directory (default: runs/sac-<env>-seed<seed>).")
    var output: String?

    @Option(parsing: .unconditional, help: "Uniform random steps before the policy acts and learning starts.")
    var randomSteps: Int = 5000

    @Option(parsing: .unconditional, help: "Rows of the replay buffer, allocated at the start (the oldest are replaced when it is full).")
    var replayCapacity: Int = 1_000_000

    @Option(parsing: .unconditional, help: "Transitions per update (default 256).")
    var batchSize: Int?

    @Option(help: "Hidden widths of the policy and of each critic, comma-separated (default 256,256).")
    var hiddenDims: String?

    @Option(parsing: .unconditional, help: "Adam's learning rate for the critics, the policy and log α (default 3e-4).")
    var learningRate: Float?

    @Option(parsing: .unconditional, help: "Environment steps between metrics rows.")
    var logInterval: Int = 1000

    @Option(parsing: .unconditional, help: "Environment steps between checkpoints.")
    var checkpointInterval: Int = 50_000

    @Option(parsing: .unconditional, help: "Environment steps between evaluations; the final step is always evaluated.")
    var evalInterval: Int = 5000

    @Option(parsing: .unconditional, help: "Episodes per evaluation (episode k resets with seed <seed> + k).")
    var evalEpisodes: Int = 10

    @Option(parsing: .unconditional, help: "Also save the policy when an evaluation's mean return first reaches this (a D4RL \"medium\" policy: policy-return-<R>.h5).")
    var savePolicyAtReturn: Double?

    @Option(parsing: .unconditional, help: """
        Also save the policy at these environment steps (comma-separated: policy-step-<N>.h5); 0 \
        is the randomly initialised policy (D4RL's "random").
        """)
    var savePolicyAt: String?

    @Option(parsing: .unconditional, help: "Also save the policy every this many environment steps (policy-step-<N>.h5).")
    var savePolicyEvery: Int?

    @Option(help: """
        Write the replay buffer as a D4RL dataset to this file (D4RL's medium-replay): when \
        --save-policy-at-return saves its policy, else at the end.
        """)
    var writeReplay: String?

    @Option(parsing: .unconditional, help: """
        Threads an update runs on: 2 (the default with two or more cores: the policy's and the \
        critics' gradients side by side) or 1, to leave a core to a second run. The numbers are \
        the same either way.
        """)
    var threads: Int = ThreadPair.machineHasSecondCore ? 2 : 1

    @Option(help: """
        Instead of training: write the replay buffer of the run saved in the output directory as a \
        D4RL dataset to this file (--until-step: only the steps before it, e.g. D4RL's \
        medium-replay up to the medium policy), then exit.
        """)
    var exportReplay: String?

    @Option(parsing: .unconditional, help: "With --export-replay: the environment step the rows end before (default: every row held).")
    var untilStep: Int?

    @Flag(help: "Continue the run saved in the output directory.")
    var resume = false

    @Flag(help: "Start over in an output directory that already holds a run, and replace an existing --write-replay file.")
    var overwrite = false

    @Flag(help: "Only check the flags (with --resume: read and verify the run's checkpoint), then exit (0 when training would start).")
    var check = false

    @OptionGroup(title: "Resources")
    var memory: MemoryOption

    static let defaultSteps = 1_000_000

    func validate() throws {
        guard LocomotionTask.named(env) != nil else {
            throw ValidationError("--env \(env) is not a simulator here (\(LocomotionTask.knownNames))")
        }
        try requireFlag(steps, "--steps", "in 1...100000000") { (1...100_000_000).contains($0) }
        try requireFlag(randomSteps, "--random-steps", "≥ 0") { $0 >= 0 }
        try requireFlag(replayCapacity, "--replay-capacity", "in 1...100000000") { (1...100_000_000).contains($0) }
        for (value, flag) in [(logInterval, "--log-interval"), (checkpointInterval, "--checkpoint-interval"), (evalInterval, "--eval-interval")] {
            try requireFlag(value, flag, "≥ 1") { $0 >= 1 }
        }
        try requireFlag(threads, "--threads", "1 or 2") { $0 == 1 || $0 == 2 }
        try requireFlag(evalEpisodes, "--eval-episodes", "in 1...100000") { (1...100_000).contains($0) }
        try requireFlag(savePolicyAtReturn, "--save-policy-at-return", "finite") { $0.isFinite }
        try requireFlag(savePolicyEvery, "--save-policy-every", "≥ 1") { $0 >= 1 }
        try requireFlag(untilStep, "--until-step", "≥ 1") { $0 >= 1 }
        guard untilStep == nil || exportReplay != nil else { throw ValidationError("--until-step goes with --export-replay") }
        _ = try policySteps()
        guard !(resume && overwrite) else { throw ValidationError("--resume and --overwrite exclude each other") }
        if let violation = config.violations().first { throw ValidationError(Self.flagMessage(violation)) }
    }

    /// `--export-replay`: the saved run's buffer, up to `--until-step`, as a D4RL file.
    private func export(to file: String, from directory: RunDirectory) throws {
        try directory.begin(.resume)
        let checkpoint = try SACCheckpoint(contentsOf: directory.checkpointPath)
        let replay = checkpoint.replay, until = untilStep ?? replay.appended
        guard until > replay.firstHeld && until <= replay.appended else {
            throw ValidationError("--until-step \(until): the buffer holds the steps \(replay.firstHeld)..<\(replay.appended)")
        }
        try replay.writeD4RL(to: file, metadata: SACSession.replayMetadata(task: checkpoint.task, seed: checkpoint.run.seed, rows: until),
                             overwrite: overwrite, appendedBefore: until)
        print("wrote \(file): \(until - replay.firstHeld) rows (steps \(replay.firstHeld)..<\(until)) of \(checkpoint.task.gymnasiumID), seed \(checkpoint.run.seed)")
    }

    /// A configuration violation in the flags' words: `batch_size must be …` → `--batch-size must be …`.
    static func flagMessage(_ violation: String) -> String {
        let field = violation.prefix { $0 != " " }
        return "--" + field.replacingOccurrences(of: "_", with: "-") + violation.dropFirst(field.count)
    }

    /// `--save-policy-at` as sorted steps.
    func policySteps() throws -> [Int] {
        guard let savePolicyAt else { return [] }
        let steps = savePolicyAt.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !steps.isEmpty, steps.allSatisfy({ ($0 ?? -1) >= 0 }) else {
            throw ValidationError("--save-policy-at must be comma-separated steps ≥ 0, got '\(savePolicyAt)'")
        }
        return steps.compactMap { $0 }.sorted()
    }

    /// A new run's configuration: SAC's defaults with each given flag.
    var config: SACConfig {
        var config = SACConfig()
        if let hiddenDims { config.hiddenDims = hiddenDims.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) ?? 0 } }
        if let batchSize { config.batchSize = batchSize }
        if let learningRate { config.learningRate = learningRate }
        return config
    }

    /// The given flags that differ from a saved run's configuration.
    func contradictions(with saved: SACConfig) -> [String] {
        let given = config
        var found: [String] = []
        if hiddenDims != nil, given.hiddenDims != saved.hiddenDims {
            found.append("--hidden-dims \(hiddenDims!) (the run has \(saved.hiddenDims.map(String.init).joined(separator: ",")))")
        }
        if let batchSize, batchSize != saved.batchSize { found.append("--batch-size \(batchSize) (the run has \(saved.batchSize))") }
        if let learningRate, learningRate != saved.learningRate {
            found.append("--learning-rate \(learningRate) (the run has \(saved.learningRate))")
        }
        return found
    }

    func run() throws {
        let stop = StopSignal()
        memory.apply()
        let task = LocomotionTask.named(env)!
        let path = output ?? "runs/sac-\(task.gymnasiumID.lowercased())-seed\(seed ?? 0)"
        let directory = try RunDirectory(path: path, files: SACSession.runFiles)
        if let exportReplay { return try export(to: exportReplay, from: directory) }
        let plan: SACSession.Plan
        if resume {
            try directory.begin(.resume)
            let checkpoint = try SACCheckpoint(contentsOf: directory.checkpointPath)
            var contradictions: [String] = []
            if checkpoint.task != task { contradictions.append("--env \(env) (the run has \(checkpoint.task.gymnasiumID))") }
            if let seed, seed != checkpoint.run.seed { contradictions.append("--seed \(seed) (the run has \(checkpoint.run.seed))") }
            contradictions += self.contradictions(with: checkpoint.config)
            guard contradictions.isEmpty else {
                throw ValidationError("--resume continues the run in \(path) as configured; these flags contradict it: "
                                      + contradictions.joined(separator: ", ") + " (only --steps may extend a run)")
            }
            if check {
                print("\(directory.checkpointPath): \(checkpoint.task.gymnasiumID), step \(checkpoint.run.environmentSteps) of \(checkpoint.targetSteps), replay buffer \(checkpoint.replay.count) of \(checkpoint.replay.capacity) rows; it resumes")
                return
            }
            if let steps, steps < checkpoint.run.environmentSteps {
                throw ValidationError("--steps \(steps) is below the run's step \(checkpoint.run.environmentSteps)")
            }
            plan = .resume(checkpoint, targetSteps: steps ?? max(checkpoint.targetSteps, checkpoint.run.environmentSteps))
        } else {
            if directory.holdsRun && !overwrite { throw RunDirectoryError.holdsRun(directory: path) }
            if check { return }
            plan = .new(task: task, config: config, seed: seed ?? 0, targetSteps: steps ?? Self.defaultSteps,
                        randomSteps: randomSteps, replayCapacity: replayCapacity, replacing: overwrite)
        }
        let session = try SACSession(
            directory: directory, plan: plan,
            schedule: .init(log: logInterval, checkpoint: checkpointInterval, evaluation: evalInterval, evaluationEpisodes: evalEpisodes,
                            policySteps: try policySteps(), policyInterval: savePolicyEvery, policyReturn: savePolicyAtReturn),
            replayPath: writeReplay, overwrite: overwrite, twoThreads: threads == 2, stop: stop)
        if case .stopped(let signal) = try session.run() { throw ExitCode(signal.exitStatus) }
    }
}
