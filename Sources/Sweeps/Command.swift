import Foundation

/// Runs a program found on `PATH` to completion, capturing its output.
public enum Command {
    public struct Result: Sendable {
        public var status: Int32
        public var standardOutput: String
        public var standardError: String
    }

    /// The absolute path of `program` on `PATH`, or nil.
    public static func find(_ program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(program)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `program` with `arguments`.
    /// - Throws: `SweepError` when the program is not on `PATH` or does not start.
    public static func run(_ program: String, _ arguments: [String]) throws(SweepError) -> Result {
        guard let executable = program.hasPrefix("/") ? program : find(program) else {
            throw SweepError("\(program) is not installed here (not on PATH)")
        }
        let process = Process(), output = Pipe(), error = Pipe()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw SweepError("\(program) does not start: \(error.localizedDescription)") }
        let errorData = Drained(error)
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
                      standardError: String(decoding: errorData.wait(), as: UTF8.self))
    }

    /// A pipe read to its end on another thread, so that a chatty program never blocks on it.
    private final class Drained: @unchecked Sendable {
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
}
