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
