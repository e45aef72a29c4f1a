import Foundation
import HDF5

/// What `d4rl-inspect` prints about one file: its tree and its D4RL summary,
/// rendered as readable text or as one JSON object.
public struct InspectionReport: Sendable {
    public var tree: FileTree
    /// nil when the file is not a D4RL dataset (a required key is missing); `problem` says why.
    public var summary: DatasetSummary?
    public var problem: DatasetError?

    /// Reads the file's tree and, when it holds the D4RL keys, summarises it (opening the file once).
    /// NaN and Inf are counted, not rejected; other `DatasetError`s are thrown
    /// unless `allowNonD4RL`, which keeps the tree and records the problem.
    public init(contentsOf path: String, maxEpisodeSteps: Int = 1000, allowNonD4RL: Bool = false) throws(DatasetError) {
        let root: Group
        do {
            root = try File(opening: path).root()
            tree = try FileTree(root: root)
        } catch {
            throw .unreadable(error)
        }
        do {
            summary = DatasetSummary(try D4RLDataset(root: root, requireFinite: false), maxEpisodeSteps: maxEpisodeSteps)
        } catch {
            guard allowNonD4RL else { throw error }
            problem = error
        }
    }
}
