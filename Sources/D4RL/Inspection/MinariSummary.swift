/// What a Minari dataset holds, in the numbers users check before training: its metadata,
/// episodes by how they ended, lengths, returns, per-dimension statistics of each observation
/// key and of the actions, and what disagrees (`warnings`).
public struct MinariSummary: Sendable {
    public var datasetID: String
    /// The gymnasium id evaluation would run in (`eval_env_spec`, else `env_spec`).
    public var environmentID: String?
    public var minariVersion: String
    public var algorithmName: String?
    public var author: [String]
    public var description: String?
    public var observationSpace: String?
    public var actionSpace: String?
    public var refMinScore: Double?
    public var refMaxScore: Double?
    public var episodeCount: Int
    /// Episodes whose last step terminated, and whose last step was truncated (one may be both).
    public var terminatedEpisodes: Int
    public var truncatedEpisodes: Int
    /// Total steps (the `rows` of a D4RL summary).
    public var steps: Int
    public var episodeLengths: DatasetSummary.Range?
    public var episodeReturns: DatasetSummary.Range?
    /// Each observation key read and its width, in the flattening order.
    public var observationKeys: [(key: String, width: Int)]
    /// Per dimension of the flattened observation, over every stored observation (T + 1 per episode).
    public var observationStatistics: [DatasetSummary.ColumnStatistics]
    public var actionStatistics: [DatasetSummary.ColumnStatistics]
    public var nonFiniteCounts: [String: Int]
    public var warnings: [String]

    public init(_ dataset: MinariDataset) {
        let metadata = dataset.metadata
        datasetID = metadata.datasetID
        environmentID = metadata.evaluationSpec?.id
        minariVersion = metadata.minariVersion
        algorithmName = metadata.algorithmName
        author = metadata.author
        description = metadata.description
        observationSpace = metadata.observationSpace?.summary
        actionSpace = metadata.actionSpace?.summary
        refMinScore = metadata.refMinScore
        refMaxScore = metadata.refMaxScore
        episodeCount = dataset.episodes.count
        terminatedEpisodes = dataset.episodes.filter(\.isTerminated).count
        truncatedEpisodes = dataset.episodes.filter(\.isTruncated).count
        steps = dataset.stepCount
        episodeLengths = DatasetSummary.Range(dataset.episodes.map { Double($0.length) })
        episodeReturns = DatasetSummary.Range(dataset.episodes.map(\.undiscountedReturn))
        observationKeys = Array(zip(dataset.observationKeys.map { $0.isEmpty ? "observations" : $0 }, dataset.observationWidths))
        observationStatistics = DatasetSummary.columnStatistics(dataset.episodes.flatMap(\.observations), width: dataset.observationDim)
        actionStatistics = DatasetSummary.columnStatistics(dataset.episodes.flatMap(\.actions), width: dataset.actionDim)
        nonFiniteCounts = dataset.nonFiniteCounts
        warnings = dataset.warnings + dataset.nonFiniteCounts.sorted { $0.key < $1.key }.map { "'\($0.key)' holds \($0.value) NaN/Inf values" }
    }
}
