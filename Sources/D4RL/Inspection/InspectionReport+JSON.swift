import Foundation
import HDF5

extension InspectionReport {
    /// The report as one pretty-printed JSON object with sorted keys; the README documents its fields.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data = try! encoder.encode(JSONReport(self))  // every field is a plain number, string or array
        return String(decoding: data, as: UTF8.self)
    }
}

/// The JSON shape: snake_case keys as D4RL users know them.
private struct JSONReport: Encodable {
    struct DatasetEntry: Encodable {
        var path: String, dtype: String, shape: [Int], chunks: [Int]?, compression: String?
        var filters: [String], attributes: [String: JSONAttribute], value: JSONAttribute?
    }
    /// Counts with an explicit `null` where the file lacks the key.
    struct Episodes: Encodable {
        enum CodingKeys: CodingKey { case terminals, timeouts, next_observation_mismatches }
        var terminals: Int, timeouts: Int?, next_observation_mismatches: Int?

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(terminals, forKey: .terminals)
            try container.encode(timeouts, forKey: .timeouts)
            try container.encode(next_observation_mismatches, forKey: .next_observation_mismatches)
        }
    }
    struct Range: Encodable { var min: Double, mean: Double, max: Double }
    struct Column: Encodable { var min: Double, max: Double, mean: Double, std: Double }

    var file: String
    var datasets: [DatasetEntry]
    var groups: [String: [String: JSONAttribute]]
    var links: [String: String]
    var d4rl_error: String?
    var name: String?
    var rows: Int?
    var observation_dim: Int?
    var action_dim: Int?
    var max_episode_steps: Int?
    var qlearning_transitions: Int?
    var episodes: Episodes?
    var episode_count: Int?
    var lengths: Range?
    var returns: Range?
    var observations: [Column]?
    var actions: [Column]?
    var non_finite: [String: Int]?
    var warnings: [String]?
    // Minari datasets.
    var format: String?
    var dataset_id: String?
    var env_id: String?
    var minari_version: String?
    var terminated_episodes: Int?
    var truncated_episodes: Int?
    var ref_min_score: Double?
    var ref_max_score: Double?
    var observation_keys: [ObservationKey]?
    struct ObservationKey: Encodable { var key: String, dims: Int }

    init(_ report: InspectionReport) {
        file = report.tree.file
        datasets = report.tree.datasets.map { entry in
            DatasetEntry(
                path: entry.path, dtype: entry.dtype ?? "", shape: entry.shape ?? [], chunks: entry.chunks,
                compression: entry.compression, filters: entry.filters,
                attributes: Self.attributes(entry), value: entry.value.map(JSONAttribute.init))
        }
        groups = Dictionary(uniqueKeysWithValues: report.tree.entries.filter { $0.kind == .group }.map { entry in
            (entry.path, Self.attributes(entry))
        })
        links = Dictionary(uniqueKeysWithValues: report.tree.links.map { ($0.path, $0.target ?? "") })
        d4rl_error = report.problem?.description
        warnings = report.tree.warnings
        format = report.minari == nil ? "d4rl" : "minari"
        if let minari = report.minari { describe(minari, treeWarnings: report.tree.warnings) }
        guard let summary = report.summary else { return }
        name = summary.name.name
        rows = summary.rows
        observation_dim = summary.observationDim
        action_dim = summary.actionDim
        max_episode_steps = summary.maxEpisodeSteps
        qlearning_transitions = summary.qLearningTransitions
        episodes = Episodes(
            terminals: summary.episodeCounts.terminals, timeouts: summary.episodeCounts.timeouts,
            next_observation_mismatches: summary.episodeCounts.nextObservationMismatches)
        episode_count = summary.episodeCount
        lengths = summary.episodeLengths.map { Range(min: $0.min, mean: $0.mean, max: $0.max) }
        returns = summary.episodeReturns.map { Range(min: $0.min, mean: $0.mean, max: $0.max) }
        observations = summary.observationStatistics.map { Column(min: $0.min, max: $0.max, mean: $0.mean, std: $0.std) }
        actions = summary.actionStatistics.map { Column(min: $0.min, max: $0.max, mean: $0.mean, std: $0.std) }
        non_finite = summary.nonFiniteCounts
        warnings = report.tree.warnings + summary.warnings.map(\.description)
    }

    /// The Minari keys, and the D4RL keys that mean the same (`rows` = total steps).
    private mutating func describe(_ minari: MinariSummary, treeWarnings: [String]) {
        dataset_id = minari.datasetID
        name = minari.datasetID
        env_id = minari.environmentID
        minari_version = minari.minariVersion
        rows = minari.steps
        episode_count = minari.episodeCount
        terminated_episodes = minari.terminatedEpisodes
        truncated_episodes = minari.truncatedEpisodes
        ref_min_score = minari.refMinScore
        ref_max_score = minari.refMaxScore
        observation_dim = minari.observationStatistics.count
        action_dim = minari.actionStatistics.count
        lengths = minari.episodeLengths.map { Range(min: $0.min, mean: $0.mean, max: $0.max) }
        returns = minari.episodeReturns.map { Range(min: $0.min, mean: $0.mean, max: $0.max) }
        observations = minari.observationStatistics.map { Column(min: $0.min, max: $0.max, mean: $0.mean, std: $0.std) }
        actions = minari.actionStatistics.map { Column(min: $0.min, max: $0.max, mean: $0.mean, std: $0.std) }
        observation_keys = minari.observationKeys.map { ObservationKey(key: $0.key, dims: $0.width) }
        non_finite = minari.nonFiniteCounts
        warnings = treeWarnings + minari.warnings
    }

    static func attributes(_ entry: FileTree.Entry) -> [String: JSONAttribute] {
        Dictionary(uniqueKeysWithValues: entry.attributes.map { ($0.name, JSONAttribute($0.value)) })
    }
}

/// An HDF5 value as the JSON value it is: string, number, boolean or an array of them.
private struct JSONAttribute: Encodable {
    var value: AttributeValue

    init(_ value: AttributeValue) { self.value = value }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch value {
        case .string(let value): try container.encode(value)
        case .strings(let values): try container.encode(values)
        case .integer(let value): try container.encode(value)
        case .integers(let values): try container.encode(values)
        case .real(let value): try container.encode(value)
        case .reals(let values): try container.encode(values)
        case .boolean(let value): try container.encode(value)
        case .booleans(let values): try container.encode(values)
        case .empty: try container.encodeNil()
        case .unsupported(let type): try container.encode("<\(type)>")
        }
    }
}
