import Foundation
import HDF5

/// What `d4rl-inspect` prints about one dataset: its file's tree and its D4RL or Minari summary,
/// rendered as readable text or as one JSON object.
public struct InspectionReport: Sendable {
    public var tree: FileTree
    /// The D4RL summary; nil for a Minari dataset, or when the file is not a D4RL dataset (a
    /// required key is missing; `problem` says why).
    public var summary: DatasetSummary?
    /// The Minari summary, for a Minari dataset.
    public var minari: MinariSummary?
    public var problem: DatasetError?

    /// Reads a D4RL file's tree and, when it holds the D4RL keys, summarises it (opening the file
    /// once); or a Minari dataset (a directory, its `main_data.hdf5`, or an id under the dataset
    /// root: `DatasetSource`), whose tree shows the first episode only. NaN and Inf are counted,
    /// not rejected; other errors are thrown unless `allowNonD4RL`, which keeps a D4RL file's tree
    /// and records the problem.
    public init(contentsOf path: String, maxEpisodeSteps: Int = 1000, allowNonD4RL: Bool = false) throws(DatasetError) {
        let source: DatasetSource
        do { source = try DatasetSource(path) } catch { throw .minari(error) }
        let root: Group
        do {
            root = try File(opening: source.identityPath).root()
            tree = try FileTree(root: root, entering: { path in
                guard path.hasPrefix("/episode_"), let index = Int(path.dropFirst("/episode_".count)) else { return true }
                return index == 0
            })
        } catch {
            throw .unreadable(error)
        }
        if case .minari(let location) = source {
            do { minari = MinariSummary(try MinariDataset(at: location, requireFinite: false, root: root)) } catch { throw .minari(error) }
            return
        }
        do {
            summary = DatasetSummary(try D4RLDataset(root: root, requireFinite: false), maxEpisodeSteps: maxEpisodeSteps)
        } catch {
            guard allowNonD4RL else { throw error }
            problem = error
        }
    }
}
