import CHDF5

/// An open group or dataset: the part both share, a handle and a location.
///
/// Attributes (see `Attribute.swift`) are read and written through this class.
/// Instances are created by `File` and `Group`; the handle closes when the
/// last reference goes away.
public class Object {
    let handle: _Handle
    /// The file this object lives in; kept open as long as the object is.
    public let file: File
    /// The file path and the object's absolute path inside it.
    public let location: ObjectLocation

    init(handle: _Handle, file: File, location: ObjectLocation) {
        self.handle = handle
        self.file = file
        self.location = location
    }

    /// The object's absolute path inside its file, e.g. `/infos/qpos`.
    public var path: String { location.object }

    /// The object's own name, the last component of its path (`/` for the root).
    public var name: String {
        path == "/" ? "/" : String(path.split(separator: "/").last ?? "")
    }
}

/// What identifies an object within the files open in this process: two handles (through two
/// names, hard links or soft links) are the same object iff their identities are equal.
public struct ObjectIdentity: Hashable, Sendable {
    let file: UInt
    let low: UInt64
    let high: UInt64
}

extension Object {
    /// This object's identity (`H5Oget_info`: the file's serial number and the object's address or token).
    public func identity() throws(HDF5Error) -> ObjectIdentity {
        var file: UInt = 0, low: UInt64 = 0, high: UInt64 = 0
        _ = try _call(.libraryCall, location, "cannot read object info") { CHDF5_object_identity(handle.id, &file, &low, &high) }
        return ObjectIdentity(file: file, low: low, high: high)
    }
}
