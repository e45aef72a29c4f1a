import Foundation

/// `../shared/bench/iql_jax.py` run as a subprocess: the same IQL update in jitted JAX,
/// sampling batches on the host as a training loop does.
struct JAXReference {
    let python: String
    let script: String

    /// - Throws: when the script is missing or the Python has no JAX (saying how to install it).
    init(python: String?, script: String) throws {
        guard FileManager.default.fileExists(atPath: script) else { throw BenchError("\(script): no such file (pass --reference-script)") }
        let environment = ProcessInfo.processInfo.environment["IQL_JAX_PYTHON"]
        let venv = FileManager.default.isExecutableFile(atPath: "jaxref-venv/bin/python") ? "jaxref-venv/bin/python" : nil
        self.python = python ?? environment ?? venv ?? "python3"
        self.script = script
        guard try Self.run(self.python, ["-c", "import jax"]).status == 0 else {
            throw BenchError("\(self.python) cannot import jax; install it with: python3 -m venv jaxref-venv && jaxref-venv/bin/pip install jax==0.10.2 jaxlib==0.10.2 numpy")
        }
    }

    /// Median updates/s over the script's blocks of 250 updates; `oneThread` pins it to CPU 0 with
    /// XLA's multi-threading off (`../shared/bench/README.md`).
    func updatesPerSecond(size: UpdateSize, warmup: Int, iterations: Int, oneThread: Bool = false) throws -> Double {
        let arguments = [script, "--obs", "\(size.observationDim)", "--act", "\(size.actionDim)", "--iters", "\(iterations)",
                         "--warmup", "\(warmup)", "--sample", "host"]
        let pinned = ["XLA_FLAGS=--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1", "taskset", "-c", "0"]
        let (status, output) = try Self.run(python, arguments, prefix: oneThread ? pinned : [])
        guard status == 0, let line = output.split(separator: "\n").last(where: { $0.hasPrefix("RESULT ") }),
              let json = try? JSONSerialization.jsonObject(with: Data(line.dropFirst(7).utf8)) as? [String: Any],
              let blocks = json["blocks"] as? [[String: Any]] else {
            throw BenchError("\(script) failed (exit \(status)) or printed no RESULT line")
        }
        return median(blocks.compactMap { $0["ups"] as? Double })
    }

    /// Runs `python arguments` through /usr/bin/env, after `prefix` (variables, then a launcher).
    private static func run(_ python: String, _ arguments: [String], prefix: [String] = []) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = prefix + [python] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { throw BenchError("cannot run \(python): \(error)") }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
