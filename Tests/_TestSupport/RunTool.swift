import Foundation

/// Runs the package's command-line tools the way users do, from the build directory the tests
/// were built into (the test target depends on each tool so that it is built first).
public enum Tool {
    /// The build products directory: where the running test binary lives.
    public static let productsDirectory: URL = {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = binary.deletingLastPathComponent()
        // macOS runs tests inside a bundle: .../debug/Package.xctest/Contents/MacOS/Package.
        while directory.pathComponents.count > 1 && directory.path.contains(".xctest") { directory.deleteLastPathComponent() }
        return directory
    }()

    /// Runs `name` (e.g. `d4rl-inspect`) with `arguments` to completion; `environment` adds variables.
    public static func run(
        _ name: String, _ arguments: [String], input: String? = nil, environment: [String: String] = [:]
    ) throws -> ProcessResult {
        let executable = productsDirectory.appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw ToolNotBuilt(path: executable)
        }
        return try runProcess(executable, arguments, input: input, environment: environment)
    }

    public struct ToolNotBuilt: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "\(path) is not built; run `swift build` first" }
    }
}
