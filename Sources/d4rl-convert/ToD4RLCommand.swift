import ArgumentParser
import Core
import D4RL
import ToolSupport

/// `d4rl-convert to-d4rl DATASET -o FILE`: a Minari dataset as a D4RL file.
struct ToD4RLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "to-d4rl",
        abstract: "Write a Minari dataset's steps as a D4RL HDF5 file.",
        discussion: """
            One row per step: observations, actions, rewards, terminals (terminations), timeouts \
            (truncations) and next_observations, so the final observation of every episode is \
            kept. iql-train reads the file as D4RL data (qlearning_dataset then drops each \
            episode's last row, as D4RL does).

            Example:
              d4rl-convert to-d4rl mujoco/hopper/medium-v0 -o hopper-medium-minari.hdf5
            """)

    @Argument(help: "The Minari dataset: its directory, main_data.hdf5, or id under $MINARI_DATASETS_PATH.")
    var dataset: String

    @Option(name: .shortAndLong, help: "The HDF5 file to write.")
    var output: String

    @Option(help: ArgumentHelp("Dict observations: the keys to keep, in order (default: all).", valueName: "keys"))
    var observationKeys: String?

    @Flag(help: "Replace the output if it exists.")
    var overwrite = false

    @OptionGroup(title: "Resources")
    var memory: MemoryOption

    func run() throws {
        memory.apply()
        guard case .minari(let location) = try DatasetSource(dataset) else {
            throw ValidationError("\(dataset) is not a Minari dataset (a directory with data/metadata.json, or an id)")
        }
        let keys = observationKeys.map { $0.split(separator: ",").map(String.init) }
        let minari = try MinariDataset(at: location, observationKeys: keys)
        let converted = MinariConversion.d4rl(minari)
        removeStaleTemporaries(of: output)
        try converted.write(to: output, metadata: [("algorithm", .bytes(minari.metadata.algorithmName ?? "unknown")),
                                                    ("minari_dataset_id", .text(minari.metadata.datasetID))], overwrite: overwrite)
        print("wrote \(output): \(converted.rowCount) rows from \(minari.episodes.count) episodes of \(minari.metadata.datasetID)")
        print("rewards as float32 (D4RL's dtype); not carried over: infos, seeds, the observation space's Dict structure (flattened: \(minari.observationKeys.map { $0.isEmpty ? "observations" : $0 }.joined(separator: ", ")))")
    }
}
