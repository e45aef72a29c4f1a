/// Why a dataset file could not be written; nothing at the path was replaced.
public enum DatasetWriteError: Error, CustomStringConvertible, Equatable {
    /// The output file exists and overwriting was not asked for.
    case fileExists(path: String)
    /// Creating or writing the file failed (the temporary file was removed).
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .fileExists(let path): return "\(path) exists; pass --overwrite to replace it"
        case .writeFailed(let path, let reason): return "cannot write \(path): \(reason)"
        }
    }
}
