import Foundation

/// The outcome of running a program to completion.
public struct ProcessResult {
    public var status: Int32
    public var standardOutput: String
    public var standardError: String
}

/// Runs `executable` with `arguments` (searched on PATH via /usr/bin/env) and waits for it;
/// `environment` adds or replaces variables of the child's environment.
public func runProcess(
    _ executable: String, _ arguments: [String], input: String? = nil, environment: [String: String] = [:]
) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = environment.sorted(by: { $0.key < $1.key }).map { "\($0.key)=\($0.value)" } + [executable] + arguments
    let output = Pipe(), error = Pipe(), standardInput = Pipe()
    process.standardOutput = output
    process.standardError = error
    process.standardInput = standardInput
    try process.run()
    if let input { standardInput.fileHandleForWriting.write(Data(input.utf8)) }
    try standardInput.fileHandleForWriting.close()
    // Drain both pipes concurrently so a chatty child never blocks on a full pipe.
    let errorData = DrainedPipe(error)
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(
        status: process.terminationStatus,
        standardOutput: String(decoding: outputData, as: UTF8.self),
        standardError: String(decoding: errorData.wait(), as: UTF8.self))
}

/// A pipe read to its end on a background thread; `wait()` returns everything it held.
private final class DrainedPipe: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ pipe: Pipe) {
        let reader = pipe.fileHandleForReading
        DispatchQueue.global().async {
            self.data = reader.readDataToEndOfFile()
            self.done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}

/// Python with h5py, the independent reader and writer of HDF5 files in tests.
public enum PythonH5py {
    /// True when `python3 -c "import h5py"` succeeds.
    public static let isAvailable: Bool = {
        (try? runProcess("python3", ["-c", "import h5py, numpy"]).status) == 0
    }()

    /// True when h5py tests must run: always in CI (`CI=true`), where its absence is a failure.
    public static var isRequired: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Runs a Python script (with h5py and numpy importable) and returns its standard output.
    public static func run(_ script: String, arguments: [String] = []) throws -> String {
        let result = try runProcess("python3", ["-c", script] + arguments)
        guard result.status == 0 else {
            throw PythonError(message: "python3 exited \(result.status): \(result.standardError)")
        }
        return result.standardOutput
    }

    public struct PythonError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }
}
