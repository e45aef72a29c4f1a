import Core
import HDF5

/// Why a checkpoint (or a golden update file) cannot be used; one line each.
public enum CheckpointError: Error, Equatable, CustomStringConvertible {
    /// The file is missing, not HDF5, truncated or unreadable.
    case unreadable(HDF5Error)
    /// A required object or attribute is absent.
    case missing(file: String, path: String)
    /// A stored tensor has the wrong shape for the configuration.
    case shapeMismatch(file: String, path: String, expected: [Int], found: [Int])
    /// The contents do not match the checksum stored with them.
    case corrupted(file: String, reason: String)
    /// The checkpoint cannot continue this run (other dataset, other format).
    case incompatible(file: String, reason: String)
    /// The file could not be written (a full disk, a missing directory); nothing was replaced.
    case unwritable(FileWriteError)
    /// The file's `@version` is not the layout this build reads.
    case unsupportedVersion(file: String, found: Int, supported: Int)

    public var description: String {
        switch self {
        case .unreadable(let error): return error.description
        case .unwritable(let error): return error.description
        case .missing(let file, let path): return "\(file): missing \(path)"
        case .shapeMismatch(let file, let path, let expected, let found):
            return "\(file): \(path) has shape \(found), expected \(expected)"
        case .corrupted(let file, let reason): return "\(file): corrupted checkpoint: \(reason)"
        case .incompatible(let file, let reason): return "\(file): \(reason)"
        case .unsupportedVersion(let file, let found, let supported):
            let writer = found < supported ? "an older" : "a newer"
            return "\(file): written by \(writer) version of d4rl-iql (checkpoint version \(found); this build reads version \(supported))"
        }
    }
}

/// Runs an HDF5 operation, reporting its failure as `CheckpointError`
/// (`.missing` for absent objects, `.unreadable` for the rest).
public func checkpointIO<T>(_ body: () throws(HDF5Error) -> T) throws(CheckpointError) -> T {
    do { return try body() } catch {
        if error.code == .objectNotFound { throw .missing(file: error.location.file, path: error.location.object) }
        throw .unreadable(error)
    }
}

/// Writes an HDF5 file atomically (a temporary file renamed into place when complete), `body`
/// filling its root, with every failure reported as `CheckpointError`: a file system that
/// refuses as `.unwritable`, libhdf5 as `.unreadable`. Checkpoints and policy files go through it.
public func writeCheckpointFile(to path: String, _ body: (Group) throws -> Void) throws(CheckpointError) {
    do {
        try File.writeAtomically(to: path) { file in try body(try file.root()) }
    } catch let error as FileWriteError {
        throw .unwritable(error)
    } catch let error as HDF5Error {
        throw .unreadable(error)
    } catch {
        throw .incompatible(file: path, reason: "cannot write: \(error)")
    }
}

/// Opens the HDF5 file at `path` and returns its root once `@format` is `format` and `@version`
/// is `version`; `kind` names the file in the refusal (`not a SAC checkpoint (format …)`).
public func openCheckpointFile(_ path: String, format: String, version: Int, kind: String) throws(CheckpointError) -> Group {
    let root = try checkpointIO { () throws(HDF5Error) in try File(opening: path).root() }
    let found = try? root.stringAttribute("format")
    guard found == format else { throw .incompatible(file: path, reason: "not a \(kind) (format \(found ?? "absent"))") }
    let stored = Int(try checkpointIO { () throws(HDF5Error) in try root.attribute("version", as: Int64.self) })
    guard stored == version else { throw .unsupportedVersion(file: path, found: stored, supported: version) }
    return root
}
