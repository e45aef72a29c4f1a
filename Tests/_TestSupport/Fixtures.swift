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

    /// Decodes a JSON fixture (e.g. a Python-written sidecar) into `T`; snake_case keys map to camelCase properties.
    public static func json<T: Decodable>(_ relative: String, as type: T.Type = T.self) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(T.self, from: Data(contentsOf: directory.appendingPathComponent(relative)))
    }
}
