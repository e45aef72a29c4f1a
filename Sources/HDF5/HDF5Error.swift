/// Where in which file an HDF5 operation happened.
public struct ObjectLocation: Hashable, Sendable, CustomStringConvertible {
    /// The file's path as given by the caller.
    public var file: String
    /// The object's absolute path inside the file, e.g. `/metadata/algorithm`; `/` for the root.
    public var object: String

    public init(file: String, object: String = "/") {
        self.file = file
        self.object = object
    }

    /// The location of a child named `name` (a relative path) below this object.
    public func appending(_ name: String) -> ObjectLocation {
        let base = object.hasSuffix("/") ? object : object + "/"
        return ObjectLocation(file: file, object: base + name)
    }

    public var description: String { "\(file):\(object)" }
}

/// A failed HDF5 operation: what went wrong, where, and what libhdf5 itself said.
///
/// The description is one line, e.g.
/// `hopper.hdf5:/actions: dataset not found`, or
/// `cut.hdf5:/: cannot open file (HDF5: unable to open file; truncated file: eof = 512, ...)`.
public struct HDF5Error: Error, Equatable, CustomStringConvertible {
    /// The kind of failure, for callers that react to it.
    public enum Code: Equatable, Sendable {
        case fileNotFound
        case notHDF5
        case cannotOpen
        case cannotCreate
        case objectNotFound
        case wrongObjectKind
        case unsupportedType
        case shapeMismatch
        /// More elements or bytes than the memory budget (`MemoryBudget`) or the file can hold.
        case tooLarge
        case readFailed
        case writeFailed
        case libraryCall
    }

    public var code: Code
    public var location: ObjectLocation
    /// Our sentence, e.g. "dataset not found".
    public var message: String
    /// libhdf5's error stack, outermost and innermost description, when it had one.
    public var libraryMessage: String?

    public init(_ code: Code, _ location: ObjectLocation, _ message: String, libraryMessage: String? = nil) {
        self.code = code
        self.location = location
        self.message = message
        self.libraryMessage = libraryMessage
    }

    /// One line: newlines in libhdf5's messages (or in names from a file) become spaces.
    public var description: String {
        let library = libraryMessage.map { " (HDF5: \($0))" } ?? ""
        return "\(location): \(message)\(library)".split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
