import Foundation

/// Writes `data` to `path` atomically: into a temporary file beside it (`path.tmp-PID-RANDOM`),
/// flushed to disk, then renamed over `path`, so that a crash leaves the old file or the new one,
/// never half of one, and nothing else behind.
///
/// Foundation's `Data.write(options: .atomic)` is not used: on Linux it stages the file in a
/// fresh directory under the system temporary directory and leaves that directory there, one
/// per write, and a rename from another file system would not be atomic anyway.
///
/// - Throws: `FileWriteError` naming `path` and the system's reason ("No such file or directory").
public func writeAtomically(_ data: Data, to path: String) throws(FileWriteError) {
    let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
    guard descriptor >= 0 else { throw FileWriteError(path: path, errno: errno) }
    var failure: Int32?
    data.withUnsafeBytes { bytes in
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                failure = errno
                return
            }
            offset += written
        }
        if fsync(descriptor) != 0 { failure = errno }
    }
    if close(descriptor) != 0 && failure == nil { failure = errno }
    if failure == nil && rename(temporary, path) != 0 { failure = errno }
    if let failure {
        unlink(temporary)
        throw FileWriteError(path: path, errno: failure)
    }
}

/// A file that could not be written: the path and the system's reason.
public struct FileWriteError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String

    init(path: String, errno code: Int32) {
        self.path = path
        reason = String(cString: strerror(code))
    }

    public var description: String { "cannot write \(path): \(reason)" }
}
