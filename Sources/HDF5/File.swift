import CHDF5
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
    /// - Throws: `HDF5Error` with code `.fileNotFound`, `.notHDF5` (no HDF5
    ///   signature, `H5Fis_hdf5`), or `.cannotOpen` (a directory, a truncated file).
    public init(opening path: String, mode: AccessMode = .readOnly) throws(HDF5Error) {
        let location = ObjectLocation(file: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw HDF5Error(.fileNotFound, location, "no such file")
        }
        guard !isDirectory.boolValue else { throw HDF5Error(.cannotOpen, location, "is a directory, not a file") }
        let signature = (try? _call(.notHDF5, location, "not an HDF5 file") { H5Fis_hdf5(path) }) ?? 0
        guard signature > 0 else { throw HDF5Error(.notHDF5, location, "not an HDF5 file") }
        let flags = mode == .readOnly ? _Constants.readOnly : _Constants.readWrite
        self.handle = try _open(.cannotOpen, location, "cannot open file (truncated or damaged?)", close: H5Fclose) {
            H5Fopen(path, flags, _Constants.defaultPropertyList)
        }
        self.path = path
    }

    /// Creates a new file, truncating an existing one unless `overwrite` is false.
    /// The corresponding C function is `H5Fcreate`. Closing the file closes every
    /// object still open in it (`H5F_CLOSE_STRONG`), so `close()` leaves a complete file.
    public convenience init(creating path: String, overwrite: Bool = true) throws(HDF5Error) {
        try self.init(creating: path, overwrite: overwrite, locking: true)
    }

    /// `locking: false` skips libhdf5's `flock` on the new file (`H5Pset_file_locking`), for a
    /// file no other process can know of yet.
    init(creating path: String, overwrite: Bool, locking: Bool) throws(HDF5Error) {
        let location = ObjectLocation(file: path)
        let access = try _open(.cannotCreate, location, "cannot create file access list", close: H5Pclose) {
            H5Pcreate(_Constants.fileAccessClass)
        }
        _ = try _call(.cannotCreate, location, "cannot set close degree") { H5Pset_fclose_degree(access.id, H5F_CLOSE_STRONG) }
        if !locking {
            _ = try _call(.cannotCreate, location, "cannot turn off file locking") { H5Pset_file_locking(access.id, false, true) }
        }
        let flags = overwrite ? _Constants.truncate : _Constants.exclusive
        self.handle = try _open(.cannotCreate, location, "cannot create file", close: H5Fclose) {
            H5Fcreate(path, flags, _Constants.defaultPropertyList, access.id)
        }
        self.path = path
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

    /// Creates the file at `path` atomically: `body` fills a new file at a
    /// temporary path beside it, which is closed and renamed onto `path` only
    /// when `body` returns. On any error the temporary file is removed and an
    /// existing file at `path` is left untouched.
    ///
    /// The temporary file is not locked: nobody else knows its name, and a child
    /// process spawned meanwhile by another thread can inherit its descriptor
    /// (libhdf5 opens without `O_CLOEXEC`), keeping an exclusive lock on the
    /// renamed file for the child's whole life so that opening it fails.
    @discardableResult
    public static func writeAtomically<R>(to path: String, _ body: (File) throws -> R) throws -> R {
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        do {
            let file = try File(creating: temporary, overwrite: false, locking: false)
            let result = try body(file)
            try file.close()
            guard rename(temporary, path) == 0 else {
                throw HDF5Error(.writeFailed, ObjectLocation(file: path), "cannot rename \(temporary) into place: \(String(cString: strerror(errno)))")
            }
            return result
        } catch {
            unlink(temporary)
            throw error
        }
    }
}
