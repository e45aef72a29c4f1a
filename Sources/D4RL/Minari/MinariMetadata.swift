import Core
import Foundation

/// A Minari dataset's `metadata.json` (minari 0.5): counts, spaces, environment specs, the
/// reference scores, authorship. The spaces and specs are JSON documents inside JSON strings.
public struct MinariMetadata: Sendable {
    /// A gymnasium environment spec, as far as evaluation needs it.
    public struct EnvironmentSpec: Equatable, Sendable {
        /// The gymnasium id, e.g. `Hopper-v5`.
        public var id: String
        /// The time limit, when the spec has one.
        public var maxEpisodeSteps: Int?
        /// Where gymnasium finds the environment's class, e.g. `gymnasium.envs.mujoco.hopper_v5:HopperEnv`.
        public var entryPoint: String?

        public init(id: String, maxEpisodeSteps: Int?, entryPoint: String? = nil) {
            self.id = id
            self.maxEpisodeSteps = maxEpisodeSteps
            self.entryPoint = entryPoint
        }

        /// The spec as gymnasium's `EnvSpec.to_json` writes it (what minari stores as `env_spec`).
        public var json: JSONValue {
            .object([("id", .string(id)), ("entry_point", entryPoint.map(JSONValue.string) ?? .null), ("reward_threshold", .null),
                     ("nondeterministic", .bool(false)), ("max_episode_steps", maxEpisodeSteps.map { .integer($0) } ?? .null),
                     ("order_enforce", .bool(true)), ("disable_env_checker", .bool(false)), ("kwargs", .object([])),
                     ("additional_wrappers", .array([])), ("vector_entry_point", .null)])
        }
    }

    public var datasetID: String
    public var totalEpisodes: Int
    public var totalSteps: Int
    /// `hdf5`, `arrow` or `parquet`.
    public var dataFormat: String
    public var minariVersion: String
    public var algorithmName: String?
    public var author: [String]
    public var description: String?
    public var observationSpace: MinariSpace?
    public var actionSpace: MinariSpace?
    public var envSpec: EnvironmentSpec?
    public var evalEnvSpec: EnvironmentSpec?
    /// Minari's normalisation: (R − refMinScore)/(refMaxScore − refMinScore).
    public var refMinScore: Double?
    public var refMaxScore: Double?
    /// The document as read, every key in order (what a writer copies back).
    public var json: JSONValue

    /// Reads `metadata.json` at `path`.
    /// - Throws: `MinariError.metadata` when it is missing, not JSON, or lacks `dataset_id`,
    ///   `total_episodes`, `total_steps` or `minari_version`; `.unsupportedFormat` for Arrow or Parquet.
    public init(contentsOf path: String) throws(MinariError) {
        guard let data = FileManager.default.contents(atPath: path) else { throw .metadata(path: path, reason: "cannot read metadata.json") }
        let json: JSONValue
        do { json = try JSONValue(parsing: String(decoding: data, as: UTF8.self)) } catch {
            throw .metadata(path: path, reason: "metadata.json is \(error)")
        }
        try self.init(json, path: path)
    }

    /// Reads the document `json` (`path` names it in errors).
    public init(_ json: JSONValue, path: String) throws(MinariError) {
        func field<T>(_ key: String, _ value: T?) throws(MinariError) -> T {
            guard let value else { throw .metadata(path: path, reason: "metadata.json has no valid '\(key)'") }
            return value
        }
        guard json.members != nil else { throw .metadata(path: path, reason: "metadata.json is not a JSON object") }
        self.json = json
        datasetID = try field("dataset_id", json["dataset_id"]?.string)
        totalEpisodes = try field("total_episodes", json["total_episodes"]?.integer.flatMap { $0 >= 0 ? $0 : nil })
        totalSteps = try field("total_steps", json["total_steps"]?.integer.flatMap { $0 >= 0 ? $0 : nil })
        minariVersion = try field("minari_version", json["minari_version"]?.string)
        dataFormat = json["data_format"]?.string ?? "hdf5"
        guard dataFormat == "hdf5" else { throw .unsupportedFormat(path: path, format: dataFormat) }
        algorithmName = json["algorithm_name"]?.string
        author = json["author"]?.array?.compactMap(\.string) ?? json["author"]?.string.map { [$0] } ?? []
        description = json["description"]?.string
        observationSpace = try Self.embedded("observation_space", in: json, path: path).map { document throws(MinariError) in
            try field("observation_space", MinariSpace(document))
        }
        actionSpace = try Self.embedded("action_space", in: json, path: path).map { document throws(MinariError) in
            try field("action_space", MinariSpace(document))
        }
        envSpec = try Self.embedded("env_spec", in: json, path: path).map { document throws(MinariError) in
            try field("env_spec", Self.environmentSpec(document))
        }
        evalEnvSpec = try Self.embedded("eval_env_spec", in: json, path: path).map { document throws(MinariError) in
            try field("eval_env_spec", Self.environmentSpec(document))
        }
        refMinScore = json["ref_min_score"]?.number
        refMaxScore = json["ref_max_score"]?.number
    }

    /// The spec evaluation runs in: `eval_env_spec`, else `env_spec`.
    public var evaluationSpec: EnvironmentSpec? { evalEnvSpec ?? envSpec }

    /// The JSON document stored as a string under `key`, or nil when the key is absent or null.
    private static func embedded(_ key: String, in json: JSONValue, path: String) throws(MinariError) -> JSONValue? {
        guard let value = json[key], !value.isNull else { return nil }
        guard let text = value.string else { throw .metadata(path: path, reason: "metadata.json's '\(key)' is not a JSON string") }
        do { return try JSONValue(parsing: text) } catch { throw .metadata(path: path, reason: "metadata.json's '\(key)' is \(error)") }
    }

    private static func environmentSpec(_ json: JSONValue) -> EnvironmentSpec? {
        guard let id = json["id"]?.string else { return nil }
        return EnvironmentSpec(id: id, maxEpisodeSteps: json["max_episode_steps"]?.integer, entryPoint: json["entry_point"]?.string)
    }
}
