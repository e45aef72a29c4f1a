import Core
import Foundation

/// A dataset as the tools name it, resolved to its format: a D4RL HDF5 file, or a Minari dataset
/// (its directory, its `main_data.hdf5` or `metadata.json`, or its id under the dataset root).
///
///     let source = try DatasetSource("mujoco/hopper/medium-v0")      // .minari(…)
///     let loaded = try source.load(preprocessing: PreprocessingOptions())
public enum DatasetSource: Equatable, Sendable {
    case d4rl(path: String)
    case minari(MinariLocation)

    /// What a run trains on: the preprocessed transitions, the dataset's name and, for Minari,
    /// its metadata (the environment to evaluate in, the reference scores).
    public struct Loaded: Sendable {
        public var name: DatasetName
        public var data: PreprocessedData
        public var minari: MinariMetadata?
    }

    /// - Throws: `MinariError` for a directory that is not a Minari dataset, or a Minari id that
    ///   names none.
    public init(_ argument: String) throws(MinariError) {
        if let location = try MinariLocation.resolve(argument) { self = .minari(location) } else { self = .d4rl(path: argument) }
    }

    /// The dataset's name: a D4RL file's stem, a Minari dataset's `dataset_id` (from its metadata).
    public func name() throws(MinariError) -> DatasetName {
        switch self {
        case .d4rl(let path): return DatasetName(path)
        case .minari(let location): return DatasetName(minariID: try MinariMetadata(contentsOf: location.metadataPath).datasetID)
        }
    }

    /// The file whose bytes identify the dataset (a checkpoint's `@dataset_hash`).
    public var identityPath: String {
        switch self {
        case .d4rl(let path): return path
        case .minari(let location): return location.mainDataPath
        }
    }

    /// Reads and preprocesses the dataset: D4RL's `qlearning_dataset` transitions, or every step
    /// of every Minari episode (with `preprocessing.observationKeys`); then `PreprocessedData`.
    /// `next_observations` of a D4RL file is read only when the preprocessing takes s′ from it.
    /// - Throws: `DatasetError` or `MinariError`, one line each.
    public func load(preprocessing: PreprocessingOptions) throws -> Loaded {
        switch self {
        case .d4rl(let path):
            let raw = try D4RLDataset(contentsOf: path, readNextObservations: preprocessing.qLearning.useStoredNextObservations)
            return Loaded(name: raw.name, data: try PreprocessedData(raw, options: preprocessing), minari: nil)
        case .minari(let location):
            let dataset = try MinariDataset(at: location, observationKeys: preprocessing.observationKeys)
            if case .discrete = dataset.metadata.actionSpace {
                throw MinariError.metadata(path: location.metadataPath, reason: "IQL needs continuous (Box) actions; the action space is Discrete")
            }
            return Loaded(name: dataset.name, data: try PreprocessedData(try Transitions(minari: dataset), options: preprocessing),
                          minari: dataset.metadata)
        }
    }
}
