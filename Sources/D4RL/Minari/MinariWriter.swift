import Core
import Foundation
import HDF5

/// Writes episodes as a Minari dataset that the `minari` package loads (minari 0.5 layout, HDF5
/// storage; SPEC §7): `DIRECTORY/data/main_data.hdf5` and `DIRECTORY/data/metadata.json`.
///
/// `main_data.hdf5`: one group `episode_<i>` per episode with attributes `id`, `total_steps` and
/// `seed` (when known), and the datasets `observations` (T + 1 rows), `actions` (T × A, float32),
/// `rewards` (T, float64), `terminations` and `truncations` (T, h5py bool), each one chunk
/// without compression as minari writes them, and an empty `infos` group. Observations are
/// float32 or float64 as the observation space says. `metadata.json` has minari's keys,
/// `json.dumps`' spacing and the spaces and environment specs as JSON strings; `minari_version`
/// is `0.5.0`, the layout every minari 0.5.x reads (minari accepts only versions it knows).
///
/// The directory is written atomically (`writeDirectoryAtomically`): an existing dataset is
/// replaced only with `overwrite`, and only once the new one is complete.
public struct MinariWriter {
    /// The layout version written as `minari_version`.
    public static let minariVersion = "0.5.0"

    public var datasetID: String
    /// A Box (`observationDim` floats per row).
    public var observationSpace: MinariSpace
    /// A Box (`actionDim` floats per step).
    public var actionSpace: MinariSpace
    public var envSpec: MinariMetadata.EnvironmentSpec?
    public var evalEnvSpec: MinariMetadata.EnvironmentSpec?
    /// Minari's reference scores (returns), when the task has them.
    public var refMinScore: Double?
    public var refMaxScore: Double?
    public var algorithmName: String
    public var author: String
    public var description: String
    public var codePermalink: String

    public init(datasetID: String, observationSpace: MinariSpace, actionSpace: MinariSpace,
                envSpec: MinariMetadata.EnvironmentSpec?, evalEnvSpec: MinariMetadata.EnvironmentSpec? = nil,
                refMinScore: Double? = nil, refMaxScore: Double? = nil, algorithmName: String, author: String = "d4rl-iql",
                description: String, codePermalink: String = "https://github.com/ (d4rl-iql)") {
        self.datasetID = datasetID
        self.observationSpace = observationSpace
        self.actionSpace = actionSpace
        self.envSpec = envSpec
        self.evalEnvSpec = evalEnvSpec
        self.refMinScore = refMinScore
        self.refMaxScore = refMaxScore
        self.algorithmName = algorithmName
        self.author = author
        self.description = description
        self.codePermalink = codePermalink
    }

    /// A Box of `width` float values, unbounded (observations) or in [low, high] (actions).
    public static func box(width: Int, dtype: String = "float32", low: Double = -.infinity, high: Double = .infinity) -> MinariSpace {
        .box(dtype: dtype, shape: [width], low: [Double](repeating: low, count: width), high: [Double](repeating: high, count: width))
    }

    /// Writes `episodes` into `directory` (the dataset's directory, which gets `data/`).
    /// - Throws: `DatasetWriteError.fileExists` without `overwrite`, `.writeFailed` otherwise.
    public func write(_ episodes: [MinariEpisode], to directory: String, overwrite: Bool = false) throws(DatasetWriteError) {
        guard let observationWidth = observationSpace.flatWidth, let actionWidth = actionSpace.flatWidth else {
            preconditionFailure("MinariWriter writes Box observations and actions")
        }
        for episode in episodes {
            precondition(episode.observations.count == (episode.length + 1) * observationWidth && episode.actions.count == episode.length * actionWidth,
                         "episode \(episode.index) does not fit the spaces")
        }
        if !overwrite && FileManager.default.fileExists(atPath: directory) { throw .fileExists(path: directory) }
        do {
            try writeDirectoryAtomically(to: directory, overwrite: overwrite) { temporary in
                try FileManager.default.createDirectory(atPath: temporary + "/data", withIntermediateDirectories: false)
                try File.writeAtomically(to: temporary + "/data/main_data.hdf5") { file in
                    let root = try file.root()
                    for episode in episodes { try write(episode, observationWidth: observationWidth, actionWidth: actionWidth, in: root) }
                }
                let size = (try? FileManager.default.attributesOfItem(atPath: temporary + "/data/main_data.hdf5")[.size] as? Int) ?? 0
                try writeAtomically(Array(metadata(episodes, bytes: size).text.utf8), to: temporary + "/data/metadata.json")
            }
        } catch let error as FileWriteError {
            throw .writeFailed(path: directory, reason: error.reason)
        } catch {
            throw .writeFailed(path: directory, reason: "\(error)")
        }
    }

    private func write(_ episode: MinariEpisode, observationWidth: Int, actionWidth: Int, in root: Group) throws(HDF5Error) {
        let group = try root.createGroup("episode_\(episode.index)")
        try group.setAttribute("id", Int64(episode.index))
        try group.setAttribute("total_steps", Int64(episode.length))
        if let seed = episode.seed { try group.setAttribute("seed", seed) }
        let t = episode.length
        func layout(_ shape: [Int]) -> ChunkLayout { shape.contains(0) ? .contiguous : .shape(shape) }
        if case .box(let dtype, _, _, _) = observationSpace, dtype == "float64" {
            try group.createDataset("observations", values: episode.observations.map(Double.init), shape: [t + 1, observationWidth],
                                    chunks: layout([t + 1, observationWidth]), gzipLevel: nil)
        } else {
            try group.createDataset("observations", values: episode.observations, shape: [t + 1, observationWidth],
                                    chunks: layout([t + 1, observationWidth]), gzipLevel: nil)
        }
        try group.createDataset("actions", values: episode.actions, shape: [t, actionWidth], chunks: layout([t, actionWidth]), gzipLevel: nil)
        try group.createDataset("rewards", values: episode.rewards, shape: [t], chunks: layout([t]), gzipLevel: nil)
        try group.createDataset("terminations", values: episode.terminations, shape: [t], chunks: layout([t]), gzipLevel: nil)
        try group.createDataset("truncations", values: episode.truncations, shape: [t], chunks: layout([t]), gzipLevel: nil)
        try group.createGroup("infos")
    }

    /// `metadata.json`, in minari's key order.
    func metadata(_ episodes: [MinariEpisode], bytes: Int) -> JSONValue {
        func text(_ value: JSONValue) -> JSONValue { .string(value.text) }
        var members: [(key: String, value: JSONValue)] = [
            ("total_episodes", .integer(episodes.count)),
            ("total_steps", .integer(episodes.reduce(0) { $0 + $1.length })),
            ("data_format", .string("hdf5")),
            ("observation_space", text(observationSpace.json)),
            ("action_space", text(actionSpace.json)),
        ]
        if let envSpec { members.append(("env_spec", text(envSpec.json))) }
        if let evalEnvSpec { members.append(("eval_env_spec", text(evalEnvSpec.json))) }
        if let refMinScore, let refMaxScore {
            members += [("ref_max_score", .number(refMaxScore)), ("ref_min_score", .number(refMinScore)),
                        ("num_episodes_average_score", .integer(100))]
        }
        members += [
            ("dataset_size", .number((Double(bytes) / 1e6 * 10).rounded() / 10)),
            ("dataset_id", .string(datasetID)),
            ("code_permalink", .string(codePermalink)),
            ("author", .array([.string(author)])),
            ("author_email", .array([])),
            ("algorithm_name", .string(algorithmName)),
            ("description", .string(description)),
            ("requirements", .array([])),
            ("minari_version", .string(Self.minariVersion)),
        ]
        return .object(members)
    }
}
