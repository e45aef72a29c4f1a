import Foundation

/// Writes `bytes` to `path` atomically: into a temporary file beside it (`path.tmp-PID-RANDOM`),
/// flushed to disk, then renamed over `path`, so that a crash leaves the old file or the new one,
/// never half of one. On failure (a full disk, a missing directory) the temporary file is removed
/// and an existing file at `path` is untouched.
///
/// Foundation's `Data.write(options: .atomic)` is not used: on Linux it stages the file in a
/// fresh directory under the system temporary directory and leaves that directory there, one
/// per write, and a rename from another file system would not be atomic anyway.
///
/// A process killed while writing leaves its temporary file; `removeStaleTemporaries(of:)`
/// deletes those of processes that no longer run.
///
/// - Throws: `FileWriteError` naming `path` and the system's reason ("No space left on device").
public func writeAtomically(_ bytes: UnsafeRawBufferPointer, to path: String) throws(FileWriteError) {
    let temporary = temporaryPath(for: path)
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw FileWriteError(path: path, errno: errno) }
    var failure: Int32?
    var offset = 0
    while offset < bytes.count {
        let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
        if written < 0 {
            if errno == EINTR { continue }
            failure = errno
            break
        }
        offset += written
    }
    if failure == nil && fsync(descriptor) != 0 { failure = errno }
    if close(descriptor) != 0 && failure == nil { failure = errno }
    if failure == nil && rename(temporary, path) != 0 { failure = errno }
    if let failure {
        unlink(temporary)
        throw FileWriteError(path: path, errno: failure)
    }
}

/// `writeAtomically` for `Data`, a byte array, or any other contiguous bytes.
public func writeAtomically<Bytes: ContiguousBytes>(_ bytes: Bytes, to path: String) throws(FileWriteError) {
    var failure: FileWriteError?
    bytes.withUnsafeBytes { bytes in
        do throws(FileWriteError) { try writeAtomically(bytes, to: path) } catch { failure = error }
    }
    if let failure { throw failure }
}

/// Removes the temporary files (and directories, `writeDirectoryAtomically`'s) of `path`
/// (`path.tmp-PID-RANDOM`, as `writeAtomically` names them)
/// whose writing process no longer runs: what a process killed mid-write left behind. Files of a
/// live process, and every other file, are kept.
/// - Returns: the paths removed.
@discardableResult
public func removeStaleTemporaries(of path: String) -> [String] {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent().path, prefix = url.lastPathComponent + ".tmp-"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    var removed: [String] = []
    for name in names where name.hasPrefix(prefix) {
        let fields = name.dropFirst(prefix.count).split(separator: "-")
        guard fields.count == 2, let pid = Int32(fields[0]), UInt32(fields[1]) != nil, pid > 0 else { continue }
        guard kill(pid, 0) != 0 && errno == ESRCH else { continue }
        let stale = directory + "/" + name
        if (try? FileManager.default.removeItem(atPath: stale)) != nil { removed.append(stale) }
    }
    return removed
}

/// Creates the directory `path` atomically: `body` fills a new directory beside it
/// (`path.tmp-PID-RANDOM`), which is renamed to `path` only when `body` returns. An existing
/// `path` is refused unless `overwrite`, and then replaced only after the new one is complete.
/// On any error the temporary directory is removed and `path` is left as it was.
/// - Throws: `FileWriteError` for the file system, or what `body` throws.
public func writeDirectoryAtomically(to path: String, overwrite: Bool, _ body: (String) throws -> Void) throws {
    let manager = FileManager.default
    if manager.fileExists(atPath: path) && !overwrite { throw FileWriteError(path: path, reason: "exists; pass --overwrite to replace it") }
    let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
    if !manager.fileExists(atPath: parent) {
        do { try manager.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
            throw FileWriteError(path: parent, reason: "cannot create the directory")
        }
    }
    let temporary = temporaryPath(for: path)
    guard mkdir(temporary, 0o755) == 0 else { throw FileWriteError(path: path, errno: errno) }
    do {
        try body(temporary)
        if manager.fileExists(atPath: path) {
            let replaced = temporaryPath(for: path)
            guard rename(path, replaced) == 0 else { throw FileWriteError(path: path, errno: errno) }
            guard rename(temporary, path) == 0 else {
                let failure = errno
                rename(replaced, path)
                throw FileWriteError(path: path, errno: failure)
            }
            try? manager.removeItem(atPath: replaced)
        } else {
            guard rename(temporary, path) == 0 else { throw FileWriteError(path: path, errno: errno) }
        }
    } catch {
        try? manager.removeItem(atPath: temporary)
        throw error
    }
}

/// The temporary file `writeAtomically` writes before renaming it onto `path`.
func temporaryPath(for path: String) -> String {
    path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
}

/// A file that could not be written: the path and the system's reason.
public struct FileWriteError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, errno code: Int32) {
        self.init(path: path, reason: String(cString: strerror(code)))
    }

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "cannot write \(path): \(reason)" }
}
