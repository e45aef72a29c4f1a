import Core
/// One published normalised score (×100), as a paper or a benchmark README prints it.
public struct PublishedScore: Hashable, Sendable {
    /// The algorithm label of `published_scores.tsv`, e.g. `IQL` or `IQL (CORL)`.
    public let algorithm: String
    /// The D4RL name.
    public let dataset: String
    /// Mean normalised score over the source's seeds.
    public let score: Double
    /// Standard deviation over seeds, when the source gives one.
    public let std: Double?
    /// Where the number is printed.
    public let source: String
}

/// Published results to compare against (SPEC §5), compiled in from `published_scores.tsv` by
/// `tools/make_reference_scores.py` (see `PublishedScores+Table.swift`).
public enum PublishedScores {
    /// A set of published results that becomes one table column.
    public enum Source: String, CaseIterable, Sendable {
        /// IQL paper (Kostrikov et al. 2022), Table 1: -v2 locomotion, -v0 antmaze, kitchen, adroit.
        case iqlPaper = "iql-paper"
        /// CORL's IQL, last score over 4 seeds: -v2 locomotion and antmaze.
        case corl
        /// The CQL column of the IQL paper's Table 1.
        case cql
        /// The Decision Transformer column of the IQL paper's Table 1.
        case dt

        /// The `algorithm` label of the source's rows in `published_scores.tsv`.
        public var algorithm: String {
            switch self {
            case .iqlPaper: "IQL"
            case .corl: "IQL (CORL)"
            case .cql: "CQL"
            case .dt: "DT"
            }
        }

        /// The column header in tables.
        public var columnTitle: String {
            switch self {
            case .iqlPaper: "IQL (paper)"
            case .corl: "IQL (CORL)"
            case .cql: "CQL (paper)"
            case .dt: "DT (paper)"
            }
        }
    }

    /// The published scores of `source`, by D4RL name.
    public static func scores(of source: Source) -> [String: PublishedScore] {
        Dictionary(all.filter { $0.algorithm == source.algorithm }.map { ($0.dataset, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
