import Foundation

/// A file opened for appending, each `append` one `write` straight to the system (no buffer),
/// so that a run killed at any moment keeps every line it wrote.
///
///     let log = try AppendingFile(path: "runs/h/metrics.csv")
///     try log.append("1000,0.41,…\n")
public final class AppendingFile {
    public let path: String
    private let descriptor: Int32

    /// Opens an existing file at its end (`open` with `O_APPEND`).
    /// - Throws: `FileWriteError` with the system's reason.
    public init(path: String) throws(FileWriteError) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileWriteError(path: path, errno: errno) }
    }

    deinit { close(descriptor) }

    /// Appends `text` as UTF-8.
    /// - Throws: `FileWriteError` ("No space left on device"); a line cut short by a full disk
    ///   is removed again, so the file ends with whole lines.
    public func append(_ text: String) throws(FileWriteError) {
        let bytes = Array(text.utf8)
        let start = lseek(descriptor, 0, SEEK_END)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                let failure = errno
                if start >= 0 { _ = ftruncate(descriptor, start) }
                throw FileWriteError(path: path, errno: failure)
            }
            offset += written
        }
    }
}
