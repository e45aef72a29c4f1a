import Core
import Foundation

/// A training run's directory and the promise that nothing in it is lost: an existing run is
/// never replaced without `--overwrite`, and a replaced run is removed only once the new one has
/// something to show for itself.
///
///     let directory = try RunDirectory(path: "runs/h", files: ["checkpoint.h5", "metrics.csv"])
///     try directory.begin(.overwrite)      // the old run's files move to runs/h/.replaced-run/
///     … write the first checkpoint …
///     directory.commit()                   // now the old run is deleted
///
/// - A new run (`begin(.new)`) in a directory holding a checkpoint is refused. Other leftovers of
///   a run that never wrote a checkpoint, and a whole run with `.overwrite`, are moved into
///   `.replaced-run/`; `commit()` deletes them after the new run's first checkpoint; `restore()`
///   (the new run failed before that) deletes the new run's files and moves the old ones back.
/// - A process killed between the two finds `.replaced-run/` at the next start: with a
///   checkpoint beside it the replacement had succeeded and it is deleted, otherwise it is moved
///   back first.
/// - At every start, temporary files that killed writers left beside the run's files
///   (`checkpoint.h5.tmp-PID-RANDOM` of a process that no longer runs) are removed.
public final class RunDirectory {
    /// How a run uses its directory.
    public enum Start { case new, resume, overwrite }

    public let path: String
    /// The run's own files, by name (the first is the checkpoint whose presence means "a run").
    public let files: [String]
    private var replacing = false

    /// The directory where a replaced run waits until the new one has its first checkpoint.
    public var replacedRunPath: String { path + "/.replaced-run" }
    public var checkpointPath: String { path + "/" + files[0] }

    /// Tidies what an earlier, killed process left in the directory, if it exists (see the
    /// type's documentation); `begin` creates it.
    /// - Throws: `RunDirectoryError` naming the path and the system's reason.
    public init(path: String, files: [String]) throws(RunDirectoryError) {
        precondition(!files.isEmpty, "a run directory needs at least its checkpoint's name")
        self.path = path
        self.files = files
        guard FileManager.default.fileExists(atPath: path) else { return }
        try finishInterruptedReplacement()
        for file in files { removeStaleTemporaries(of: path + "/" + file) }
    }

    /// Whether the directory holds a run (its checkpoint).
    public var holdsRun: Bool { FileManager.default.fileExists(atPath: checkpointPath) }

    /// Prepares the directory (creating it and its parents for a new run) for a run started as `start`.
    /// - Throws: `.holdsRun` for a new run where a checkpoint exists, `.nothingToResume` for a
    ///   resumed run without one, or a file-system failure.
    public func begin(_ start: Start) throws(RunDirectoryError) {
        if start != .resume { try Self.createDirectories(path) }
        switch start {
        case .resume:
            guard holdsRun else { throw .nothingToResume(checkpoint: checkpointPath) }
        case .new, .overwrite:
            if start == .new && holdsRun { throw .holdsRun(directory: path) }
            let present = files.filter { FileManager.default.fileExists(atPath: path + "/" + $0) }
            guard !present.isEmpty else { return }
            try Self.createDirectories(replacedRunPath)
            for file in present { try move(path + "/" + file, to: replacedRunPath + "/" + file) }
            replacing = true
        }
    }

    /// The new run has written its first checkpoint: the run it replaced is deleted.
    public func commit() {
        guard replacing else { return }
        try? FileManager.default.removeItem(atPath: replacedRunPath)
        replacing = false
    }

    /// The new run failed before its first checkpoint: its files are deleted and the replaced
    /// run's moved back, as if it had never started.
    public func restore() {
        guard replacing else { return }
        try? putBack()
        replacing = false
    }

    /// A previous process replaced a run and died: keep the new run if it got a checkpoint, else the old one.
    private func finishInterruptedReplacement() throws(RunDirectoryError) {
        guard FileManager.default.fileExists(atPath: replacedRunPath) else { return }
        if holdsRun {
            try? FileManager.default.removeItem(atPath: replacedRunPath)
        } else {
            try putBack()
        }
    }

    private func putBack() throws(RunDirectoryError) {
        let saved = (try? FileManager.default.contentsOfDirectory(atPath: replacedRunPath)) ?? []
        for file in files where FileManager.default.fileExists(atPath: path + "/" + file) {
            try? FileManager.default.removeItem(atPath: path + "/" + file)
        }
        for file in saved { try move(replacedRunPath + "/" + file, to: path + "/" + file) }
        try? FileManager.default.removeItem(atPath: replacedRunPath)
    }

    private func move(_ source: String, to destination: String) throws(RunDirectoryError) {
        guard rename(source, destination) == 0 else { throw .fileSystem(action: "move", path: source, reason: String(cString: strerror(errno))) }
    }

    /// `mkdir -p`, with the system's reason on failure.
    public static func createDirectories(_ path: String) throws(RunDirectoryError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw .fileSystem(action: "create", path: prefix, reason: String(cString: strerror(errno)))
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: prefix, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw .fileSystem(action: "create", path: prefix, reason: "exists and is not a directory")
            }
            prefix += "/"
        }
    }
}

/// Why a run directory cannot be used as asked; one line each.
public enum RunDirectoryError: Error, Equatable, CustomStringConvertible {
    case holdsRun(directory: String)
    case nothingToResume(checkpoint: String)
    case fileSystem(action: String, path: String, reason: String)

    public var description: String {
        switch self {
        case .holdsRun(let directory):
            return "\(directory) already holds a run; pass --resume to continue it or --overwrite to start over"
        case .nothingToResume(let checkpoint):
            return "\(checkpoint) does not exist; nothing to resume"
        case .fileSystem(let action, let path, let reason):
            return "cannot \(action) \(path): \(reason)"
        }
    }
}
