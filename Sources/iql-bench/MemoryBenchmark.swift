import Core
import ArgumentParser
import D4RL
import Foundation
import IQL

/// `iql-bench memory`: the peak resident memory of IQL training on a large dataset, beside the
/// size of the training buffers it needs.
struct MemoryBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory",
        abstract: "Peak memory of IQL training on a 2M-transition dataset, beside its training buffers.",
        discussion: """
            Loads a D4RL file the way iql-train does (read, qlearning_dataset transitions, reward \
            scaling), takes --updates IQL updates (batch 256, 256×256 networks), and prints the \
            size of the training buffers (every Transitions array), the process's peak resident \
            memory and the difference. Aim: peak ≤ buffers + 200 MB. Without --file, a hopper-sized \
            gzip'd file is generated once by tools/make_fixtures.py at \
            /tmp/iql-bench-load-<rows>.hdf5 and reused (needs h5py and numpy).
            """)

    @Option(help: "A D4RL HDF5 file (default: generate /tmp/iql-bench-load-<rows>.hdf5).")
    var file: String?

    @Option(help: "Rows of the generated file (ignored with --file).")
    var rows = 2_000_000

    @Option(help: "Updates to take after loading.")
    var updates = 500

    func validate() throws {
        guard rows >= 2, updates >= 1 else { throw ValidationError("--rows must be at least 2 and --updates at least 1") }
    }

    func run() throws {
        let path = try file ?? PythonTools.locate().benchmarkFile(rows: rows)
        let options = PreprocessingOptions(rewardTransform: .locomotion)
        let raw = try D4RLDataset(contentsOf: path, readNextObservations: options.qLearning.useStoredNextObservations)
        let data = try PreprocessedData(raw, options: options)
        let trainer = Trainer(data: data, preprocessing: options, dataset: DatasetIdentity(name: DatasetName(path).name, fileHash: "-"),
                              config: IQLConfig(), seed: 0, targetSteps: updates)
        while trainer.step < updates { trainer.train() }
        let buffers = Double(Self.byteCount(of: data.transitions)) / 1e6, peak = peakResidentMegabytes()
        print(String(format: """
            file                %@
            transitions         %d (observation %d, action %d)
            training buffers    %.0f MB
            peak resident       %.0f MB after %d updates
            overhead            %.0f MB
            aim  overhead ≤ 200 MB  %@
            """, path, data.transitions.count, data.transitions.observationDim, data.transitions.actionDim,
            buffers, peak, updates, peak - buffers, peak - buffers <= 200 ? "pass" : "FAIL"))
    }

    /// Bytes held by the arrays of `transitions`.
    static func byteCount(of transitions: Transitions) -> Int {
        let floats = transitions.observations.count + transitions.actions.count + transitions.rewards.count
            + transitions.masks.count + transitions.nextObservations.count
        return floats * MemoryLayout<Float>.size + transitions.episodeEnds.count * MemoryLayout<Bool>.size
            + transitions.sourceRows.count * MemoryLayout<Int>.size
    }
}
