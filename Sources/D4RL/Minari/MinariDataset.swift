import Core
import HDF5

/// A Minari dataset (minari 0.4–0.5, HDF5 storage; SPEC §7) read whole: its metadata and every
/// episode, observations flattened in the observation space's key order (or the keys asked for).
///
///     let dataset = try MinariDataset(at: try MinariLocation.resolve("mujoco/hopper/medium-v0")!)
///     dataset.episodes[0].length          // T
///     Transitions(minari: dataset)         // every step, s′ from the stored T + 1 observations
///
/// The checks, each failure one line (`MinariError`): `metadata.json` is JSON with the fields a
/// reader needs and HDF5 storage; the file opens; `episode_0 …` have no gap; every episode has the
/// same observation keys, T + 1 rows of each and T rows of actions, rewards, terminations and
/// truncations; the sizes fit `MemoryBudget` before each read; values are finite (unless
/// `requireFinite` is false: the inspector counts them). Where the metadata and the file disagree
/// only in counts (`total_steps`, `total_episodes`), the file wins and `warnings` says so.
public struct MinariDataset: Sendable {
    public var location: MinariLocation
    public var metadata: MinariMetadata
    /// The dataset's id as a name (its domain picks the reward transform and the IQL preset).
    public var name: DatasetName
    /// The observation leaves read, in order, as paths below `observations/` (`""`: a Box).
    public var observationKeys: [String]
    /// Floats of each key per row.
    public var observationWidths: [Int]
    public var observationDim: Int { observationWidths.reduce(0, +) }
    public var actionDim: Int
    public var episodes: [MinariEpisode]
    /// What disagrees without being fatal, one sentence each.
    public var warnings: [String]
    /// NaN/±Inf counts per array (`observations/<key>`, `actions`, `rewards`), when not required finite.
    public var nonFiniteCounts: [String: Int]

    /// Total steps over the episodes read.
    public var stepCount: Int { episodes.reduce(0) { $0 + $1.length } }

    /// Reads the dataset at `location`.
    /// - Parameter observationKeys: the keys to flatten, in this order (`observation,desired_goal`);
    ///   nil: every leaf of the observation space in its order.
    /// - Parameter root: the root group of `main_data.hdf5`, when the caller has the file open.
    public init(at location: MinariLocation, observationKeys keys: [String]? = nil, requireFinite: Bool = true,
                root: Group? = nil) throws(MinariError) {
        self.location = location
        metadata = try MinariMetadata(contentsOf: location.metadataPath)
        name = DatasetName(minariID: metadata.datasetID)
        var reader = try _MinariReader(location: location, metadata: metadata, requireFinite: requireFinite, root: root)
        (observationKeys, observationWidths) = try reader.selectKeys(keys)
        episodes = try reader.readEpisodes(keys: observationKeys)
        actionDim = reader.actionDim
        warnings = reader.warnings
        nonFiniteCounts = reader.nonFinite
    }
}
