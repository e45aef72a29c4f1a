import CHDF5
import Core
import Foundation

/// An open HDF5 file (`hid_t` from `H5Fopen` / `H5Fcreate`), closed when released.
///
///     let file = try File(opening: "hopper_medium-v2.hdf5")
///     let actions = try file.root().dataset("actions").read(as: Float.self)
///
/// New files are best written with `File.writeAtomically(to:_:)`, which builds
/// the file under a temporary name and renames it into place only on success.
public final class File {
    /// How an existing file is opened.
    public enum AccessMode: Sendable { case readOnly, readWrite }

    let handle: _Handle
    /// The path the file was opened or created at.
    public let path: String

    /// Opens an existing file. The corresponding C function is `H5Fopen`.
    ///
    /// Only regular files (or symbolic links to them) are opened: a FIFO, a device or a socket
    /// would block or misbehave inside libhdf5, so they are refused first (`stat`).
    /// - Throws: `HDF5Error` with code `.fileNotFound`, `.notHDF5` (no HDF5
    ///   signature, `H5Fis_hdf5`), or `.cannotOpen` (a directory, a special file, a truncated file).
    public init(opening path: String, mode: AccessMode = .readOnly) throws(HDF5Error) {
        let location = ObjectLocation(file: path)
        try Self.requireRegularFile(path, at: location)
        let signature = (try? _call(.notHDF5, location, "not an HDF5 file") { H5Fis_hdf5(path) }) ?? 0
        guard signature > 0 else { throw HDF5Error(.notHDF5, location, "not an HDF5 file") }
        let flags = mode == .readOnly ? _Constants.readOnly : _Constants.readWrite
        self.handle = try _open(.cannotOpen, location, "cannot open file (truncated or damaged?)", close: H5Fclose) {
            H5Fopen(path, flags, _Constants.defaultPropertyList)
        }
        self.path = path
    }

    /// Creates a new file on disk, truncating an existing one unless `overwrite` is false.
    /// The corresponding C function is `H5Fcreate`. Closing the file closes every
    /// object still open in it (`H5F_CLOSE_STRONG`), so `close()` leaves a complete file.
    /// Prefer `writeAtomically(to:_:)`, which cannot leave a half-written file behind.
    public convenience init(creating path: String, overwrite: Bool = true) throws(HDF5Error) {
        try self.init(creating: path, flags: overwrite ? _Constants.truncate : _Constants.exclusive, inMemory: false)
    }

    /// `inMemory`: libhdf5's core driver without a backing store (`H5Pset_fapl_core`): the file
    /// exists only in memory until its image is taken (`image()`), so no write can fail on disk.
    private init(creating path: String, flags: UInt32, inMemory: Bool) throws(HDF5Error) {
        let location = ObjectLocation(file: path)
        let access = try _open(.cannotCreate, location, "cannot create file access list", close: H5Pclose) {
            H5Pcreate(_Constants.fileAccessClass)
        }
        _ = try _call(.cannotCreate, location, "cannot set close degree") { H5Pset_fclose_degree(access.id, H5F_CLOSE_STRONG) }
        if inMemory {
            _ = try _call(.cannotCreate, location, "cannot select the in-memory driver") {
                H5Pset_fapl_core(access.id, 1 << 20, false)
            }
        }
        self.handle = try _open(.cannotCreate, location, "cannot create file", close: H5Fclose) {
            H5Fcreate(path, flags, _Constants.defaultPropertyList, access.id)
        }
        self.path = path
    }

    /// Throws unless `path` names a regular file (following symbolic links).
    private static func requireRegularFile(_ path: String, at location: ObjectLocation) throws(HDF5Error) {
        var status = stat()
        guard stat(path, &status) == 0 else {
            let reason = String(cString: strerror(errno))
            throw HDF5Error(errno == ENOENT ? .fileNotFound : .cannotOpen, location, errno == ENOENT ? "no such file" : reason)
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw HDF5Error(.cannotOpen, location, "is a directory, not a file")
        case S_IFIFO: throw HDF5Error(.cannotOpen, location, "is a FIFO (named pipe), not a regular file")
        case S_IFSOCK: throw HDF5Error(.cannotOpen, location, "is a socket, not a regular file")
        default: throw HDF5Error(.cannotOpen, location, "is a device, not a regular file")
        }
    }

    /// The root group `/`.
    public func root() throws(HDF5Error) -> Group {
        try Group(opening: "/", in: self, below: handle.id, at: ObjectLocation(file: path))
    }

    /// Writes buffered data to disk (`H5Fflush`).
    public func flush() throws(HDF5Error) {
        _ = try _call(.writeFailed, ObjectLocation(file: path), "cannot flush file") {
            H5Fflush(handle.id, H5F_SCOPE_GLOBAL)
        }
    }

    /// Closes the file now (`H5Fclose`); later use of its objects fails.
    public func close() throws(HDF5Error) {
        _ = try _call(.writeFailed, ObjectLocation(file: path), "cannot close file") { handle.closeNow() }
    }

    /// Creates the file at `path` atomically: `body` fills a new file built in memory, whose
    /// bytes are then written to a temporary file beside `path` (`path.tmp-PID-RANDOM`), flushed
    /// to disk and renamed onto `path` (`Core.writeAtomically`). On any error nothing is left
    /// behind and an existing file at `path` is untouched.
    ///
    /// Building the file in memory (libhdf5's core driver) keeps every disk failure (a full disk,
    /// a quota, an I/O error) out of libhdf5: a failed flush or close there leaves the file open
    /// inside the library, which then crashes while shutting down at exit. Here the only writes
    /// that touch the disk are plain `write` calls, and the temporary file is never locked, so a
    /// child process spawned meanwhile cannot hold a lock on the finished file. The bytes are
    /// those libhdf5 would have written to disk directly.
    @discardableResult
    public static func writeAtomically<R>(to path: String, _ body: (File) throws -> R) throws -> R {
        let file = try File(creating: path, flags: _Constants.truncate, inMemory: true)
        let result = try body(file)
        let image = try file.image()
        try file.close()
        try Core.writeAtomically(image, to: path)
        return result
    }

    /// The bytes of a file made with the in-memory driver, after flushing it (`H5Fget_file_image`).
    private func image() throws(HDF5Error) -> [UInt8] {
        try flush()
        let location = ObjectLocation(file: path)
        let size = try _call(.writeFailed, location, "cannot take the file's image") { H5Fget_file_image(handle.id, nil, 0) }
        try _requireBudget(size, for: "the file's image", at: location)
        var failure: HDF5Error?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            do throws(HDF5Error) {
                _ = try _call(.writeFailed, location, "cannot take the file's image") {
                    H5Fget_file_image(handle.id, buffer.baseAddress, size)
                }
                initialized = size
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return bytes
    }
}
