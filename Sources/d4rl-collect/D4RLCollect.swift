import Scores
import ArgumentParser
import Environments
import Core
import D4RL
import Foundation
import ToolSupport

/// `d4rl-collect`: roll policies in a MuJoCo task and write a D4RL-layout dataset.
@main
struct D4RLCollect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "d4rl-collect",
        abstract: "Roll a policy in a MuJoCo environment and write a D4RL-layout HDF5 dataset.",
        discussion: """
            Policies: random (uniform in [-1, 1]^A), deterministic:FILE.h5 or stochastic:FILE.h5 \
            (a behaviour policy file, e.g. /work/shared/policies/hopper-expert.h5, or a sac-train \
            policy file: stochastic samples tanh(μ + σε) as D4RL did, deterministic takes tanh(μ)), \
            checkpoint:RUN/checkpoint.h5 (an IQL run's deterministic actor). Repeat --policy to \
            concatenate segments, with one --transitions (and --noise) for all or one per policy.

            --format minari writes a Minari dataset directory (data/main_data.hdf5, \
            data/metadata.json) that minari.load_dataset reads, with the task's gymnasium \
            environment and its robot's reference scores in the metadata.

            Episode k of segment s is reset and acted from seeds derived from (--seed, s, k), so \
            the file is byte-identical for any --workers. The last episode of a segment is cut \
            by a timeout at its transition count, as D4RL did.

            Examples:
              d4rl-collect --env hopper --policy random --transitions 100000 \\
                  -o hopper-random-collected.hdf5
              d4rl-collect --env hopper --policy stochastic:hopper-expert.h5 \\
                  --transitions 100000 --noise 0.1 -o hopper-expert-collected.hdf5
              d4rl-collect --env hopper --policy stochastic:hopper-medium.h5 \\
                  --policy stochastic:hopper-expert.h5 --transitions 100000 \\
                  -o hopper-medium-expert-collected.hdf5
            """)

    @Option(help: "The task: \(LocomotionTask.knownNames) (or a D4RL name such as hopper-medium-v2).")
    var env: String

    @Option(help: "The acting policy; repeat to concatenate segments.")
    var policy: [PolicySpec] = []

    @Option(parsing: .unconditionalSingleValue, help: "Rows to collect: one count for every policy, or one per --policy.")
    var transitions: [Int] = []

    @Option(parsing: .unconditionalSingleValue, help: "σ of Gaussian noise added to each action component, clipped to ±1: one value, or one per --policy.")
    var noise: [Double] = [0]

    @Option(parsing: .unconditional, help: "The collection seed.")
    var seed: UInt64 = 0

    @Option(parsing: .unconditional, help: "Threads rolling episodes (the output does not depend on it).")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: [.short, .customLong("output")], help: "The HDF5 file to write (with --format minari: the dataset's directory).")
    var output: String

    /// The file layouts `d4rl-collect` writes.
    enum Format: String, ExpressibleByArgument, CaseIterable { case d4rl, minari }

    @Option(help: "d4rl (one HDF5 file) or minari (a Minari dataset directory that the minari package loads).")
    var format = Format.d4rl

    @Option(help: "With --format minari: the dataset id (default: the output's path below $MINARI_DATASETS_PATH).")
    var datasetID: String?

    @Flag(help: "Replace the output file if it exists.")
    var overwrite = false

    @OptionGroup(title: "Resources")
    var memory: MemoryOption

    /// The most rows one file may hold: 100× D4RL's largest, small enough that its arrays' sizes cannot overflow.
    static let maximumRows = 200_000_000

    func validate() throws {
        guard LocomotionTask.named(env) != nil else {
            throw ValidationError("unknown environment '\(env)'; known: \(LocomotionTask.knownNames)")
        }
        guard !policy.isEmpty else { throw ValidationError("give at least one --policy") }
        guard [1, policy.count].contains(transitions.count) else {
            throw ValidationError("give one --transitions, or one per --policy (\(policy.count)); got \(transitions.count)")
        }
        guard [1, policy.count].contains(noise.count) else {
            throw ValidationError("give one --noise, or one per --policy (\(policy.count)); got \(noise.count)")
        }
        for count in transitions { try requireFlag(count, "--transitions", "in 1...\(Self.maximumRows)") { (1...Self.maximumRows).contains($0) } }
        guard transitions.reduce(0, +) <= Self.maximumRows else {
            throw ValidationError("--transitions add up to \(transitions.reduce(0, +)) rows, more than \(Self.maximumRows)")
        }
        for sigma in noise { try requireFlag(sigma, "--noise", "finite and ≥ 0") { $0 >= 0 && $0.isFinite } }
        guard format == .minari || datasetID == nil else { throw ValidationError("--dataset-id applies to --format minari only") }
        try requireFlag(workers, "--workers", "in 1...1024") { (1...1024).contains($0) }
    }

    func run() throws {
        memory.apply()
        if !overwrite && FileManager.default.fileExists(atPath: output) { throw DatasetWriteError.fileExists(path: output) }
        removeStaleTemporaries(of: output)
        let task = LocomotionTask.named(env)!
        let environment = try LocomotionEnvironment(task)
        let segments = try policy.indices.map { index in
            CollectionSegment(policy: try policy[index].load(for: environment), description: policy[index].description,
                              transitions: transitions[transitions.count == 1 ? 0 : index],
                              actionNoise: noise[noise.count == 1 ? 0 : index])
        }
        let total = segments.reduce(0) { $0 + $1.transitions }
        let bar = ProgressBar(total: total)
        let start = Date()
        let data = try DatasetCollector(task: task, seed: seed, workers: workers).collect(segments) { rows in
            bar.update(completed: rows, rate: Double(rows) / max(Date().timeIntervalSince(start), 1e-9))
        }
        bar.finish()
        let seconds = Date().timeIntervalSince(start)
        switch format {
        case .d4rl:
            try data.write(to: output, overwrite: overwrite)
        case .minari:
            guard let id = datasetID ?? MinariLocation.datasetID(ofDirectory: output) else {
                throw ValidationError("\(output) is not below $MINARI_DATASETS_PATH; pass --dataset-id (e.g. local/\(task.datasetDomain)/random-v0)")
            }
            try data.writeMinari(to: output, datasetID: id, overwrite: overwrite)
        }
        try printSummary(data, seconds: seconds)
    }

    private func printSummary(_ data: CollectedDataset, seconds: Double) throws {
        let reference = try? ReferenceScores.lookup("\(data.task.datasetDomain)-medium-v2")
        func score(_ value: Double) -> String {
            reference.map { String(format: ", normalised score %.1f", $0.normalize(value)) } ?? ""
        }
        print("wrote \(output): \(data.rowCount) rows, \(data.episodeLengths.count) episodes of \(data.task.gymnasiumID), seed \(seed)")
        for segment in data.segments {
            print(String(format: "  %@: %d rows, %d episodes, noise %g, mean return %.1f", segment.description, segment.rows,
                         segment.episodes, segment.actionNoise, segment.meanReturn) + score(segment.meanReturn))
        }
        let completed = data.episodeCompleted.filter { $0 }.count
        print(String(format: "mean return %.1f over %d complete episodes", data.meanReturn, completed) + score(data.meanReturn)
              + (reference.map { " (\($0.name) references)" } ?? ""))
        print(String(format: "%.1f s, %.0f steps/s on %d workers", seconds, Double(data.rowCount) / max(seconds, 1e-9), workers))
        let hashed = format == .minari ? MinariLocation(dataDirectory: output + "/data").mainDataPath : output
        print("content hash (FNV-1a 64) of \(URL(fileURLWithPath: hashed).lastPathComponent) \(try ContentHash.ofFile(at: hashed).hex)")
    }
}
