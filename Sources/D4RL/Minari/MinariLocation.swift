import Foundation

/// Where a Minari dataset lives: the `data/` directory that holds `metadata.json` and
/// `main_data.hdf5` (`<root>/<namespace…>/<name>-vN/data/`).
public struct MinariLocation: Equatable, Sendable {
    /// The `data/` directory.
    public var dataDirectory: String

    public var metadataPath: String { dataDirectory + "/metadata.json" }
    public var mainDataPath: String { dataDirectory + "/main_data.hdf5" }

    /// The dataset root: `$MINARI_DATASETS_PATH`, else `~/.minari/datasets`.
    public static var defaultRoot: String {
        if let root = ProcessInfo.processInfo.environment["MINARI_DATASETS_PATH"], !root.isEmpty { return root }
        return NSHomeDirectory() + "/.minari/datasets"
    }

    public init(dataDirectory: String) { self.dataDirectory = dataDirectory }

    /// The id a dataset written into `directory` has for minari: its path below `root`, or nil
    /// when it is not inside.
    public static func datasetID(ofDirectory directory: String, root: String = defaultRoot) -> String? {
        let rootPath = URL(fileURLWithPath: root).standardizedFileURL.path + "/"
        let path = URL(fileURLWithPath: directory).standardizedFileURL.path
        guard path.hasPrefix(rootPath), path.count > rootPath.count else { return nil }
        return String(path.dropFirst(rootPath.count))
    }

    /// The Minari dataset `argument` names, or nil when it names something else (a D4RL file).
    ///
    /// - a directory: the dataset's own (holding `data/`), or its `data/`;
    /// - a file called `main_data.hdf5` or `metadata.json`: the `data/` it is in;
    /// - a path that does not exist: a dataset id (`mujoco/hopper/medium-v0`) under `root`.
    ///
    /// - Throws: `.noDataDirectory` for a directory without `data/metadata.json`, `.notFound` for
    ///   an id with no dataset under `root`.
    public static func resolve(_ argument: String, root: String = defaultRoot) throws(MinariError) -> MinariLocation? {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: argument, isDirectory: &isDirectory) {
            let name = URL(fileURLWithPath: argument).lastPathComponent
            if !isDirectory.boolValue {
                guard name == "main_data.hdf5" || name == "metadata.json" else { return nil }
                return MinariLocation(dataDirectory: URL(fileURLWithPath: argument).deletingLastPathComponent().path)
            }
            let directory = argument.hasSuffix("/") && argument.count > 1 ? String(argument.dropLast()) : argument
            for candidate in [directory + "/data", directory] where manager.fileExists(atPath: candidate + "/metadata.json") {
                return MinariLocation(dataDirectory: candidate)
            }
            throw .noDataDirectory(path: argument)
        }
        let lower = argument.lowercased()
        guard !lower.hasSuffix(".hdf5"), !lower.hasSuffix(".h5") else { return nil }
        let candidate = root + "/" + argument + "/data"
        guard manager.fileExists(atPath: candidate + "/metadata.json") else { throw .notFound(argument: argument, root: root) }
        return MinariLocation(dataDirectory: candidate)
    }
}
