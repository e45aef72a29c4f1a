import Foundation

/// Paths of the package and its bundled fixtures, found from this source file.
public enum Fixtures {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// `Fixtures/` at the package root.
    public static var directory: URL { packageRoot.appendingPathComponent("Fixtures") }

    /// The path of a fixture, e.g. `path("d4rl/hopper-medium-v2-mini.hdf5")`.
    public static func path(_ relative: String) -> String {
        directory.appendingPathComponent(relative).path
    }

    /// Decodes a JSON fixture (e.g. a Python-written sidecar) into `T`.
    public static func json<T: Decodable>(_ relative: String, as type: T.Type = T.self) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: directory.appendingPathComponent(relative)))
    }
}
