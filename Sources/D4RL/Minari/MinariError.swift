import HDF5

/// Why a Minari dataset could not be used. Each case prints as one line naming the dataset (or
/// file) and what is wrong.
public enum MinariError: Error, Equatable, CustomStringConvertible {
    /// No such dataset: not a directory or file, and not an id under the dataset root.
    case notFound(argument: String, root: String)
    /// A directory that is not a Minari dataset: no `data/` with `metadata.json` in it.
    case noDataDirectory(path: String)
    /// `metadata.json` is missing, not JSON, or lacks a field a reader needs.
    case metadata(path: String, reason: String)
    /// The dataset is stored as Arrow or Parquet (minari's other formats), not HDF5.
    case unsupportedFormat(path: String, format: String)
    /// An episode group, dataset or attribute is missing or misshapen.
    case episode(path: String, episode: String, reason: String)
    /// `--observation-keys` names a key the observation space does not have.
    case unknownObservationKey(path: String, key: String, known: [String])
    /// The HDF5 file does not open or read.
    case unreadable(HDF5Error)
    /// The episodes would not fit in `MemoryBudget`.
    case tooLarge(path: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let argument, let root):
            return "\(argument): no such file, directory or Minari dataset id under \(root) ($MINARI_DATASETS_PATH)"
        case .noDataDirectory(let path):
            return "\(path): a directory, but not a Minari dataset: no data/metadata.json in it"
        case .metadata(let path, let reason):
            return "\(path): \(reason)"
        case .unsupportedFormat(let path, let format):
            return "\(path): stored as \(format); only Minari's hdf5 storage is read (minari can rewrite it with data_format=\"hdf5\")"
        case .episode(let path, let episode, let reason):
            return "\(path): \(episode): \(reason)"
        case .unknownObservationKey(let path, let key, let known):
            return "\(path): --observation-keys names '\(key)', the observation space has \(known.joined(separator: ", "))"
        case .unreadable(let error):
            return error.description
        case .tooLarge(let path, let reason):
            return "\(path): reading the episodes \(reason)"
        }
    }
}
