import Foundation

/// The package's `tools/*.py` scripts, run with `python3` from the package root.
struct PythonTools {
    /// The directory holding `tools/`.
    let packageRoot: URL

    /// Finds the package root: the current directory if it holds `tools/make_fixtures.py`,
    /// else the root this source file was compiled in.
    static func locate(sourceFile: String = #filePath) throws -> PythonTools {
        let compiledRoot = URL(fileURLWithPath: sourceFile)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath), compiledRoot]
        let hasTools = { (root: URL) in
            FileManager.default.fileExists(atPath: root.appendingPathComponent("tools/make_fixtures.py").path)
        }
        guard let root = candidates.first(where: hasTools) else {
            throw BenchError("cannot find tools/make_fixtures.py; run iql-bench from the package root")
        }
        return PythonTools(packageRoot: root)
    }

    /// `/tmp/iql-bench-load-<rows>.hdf5`, written by `make_fixtures.py bench` (about 7 s per
    /// million rows) unless it exists. The script writes a temporary name that is renamed
    /// when complete, so an interrupted run is not reused.
    func benchmarkFile(rows: Int) throws -> String {
        let path = "/tmp/iql-bench-load-\(rows).hdf5"
        guard !FileManager.default.fileExists(atPath: path) else { return path }
        let partial = path + ".partial"
        Self.note("generating \(path) (\(rows) rows) with tools/make_fixtures.py")
        let (status, _) = try run("make_fixtures.py", ["bench", partial, "--rows", String(rows)])
        guard status == 0 else {
            throw BenchError("tools/make_fixtures.py failed (exit \(status)); it needs h5py and numpy: pip install -r tools/requirements.txt")
        }
        try FileManager.default.moveItem(atPath: partial, toPath: path)
        return path
    }

    /// Runs `load_reference.py FILE --repeat N` (h5py read and Python `qlearning_dataset`, best of N).
    func loadReference(_ path: String, repetitions: Int) throws -> PythonReference {
        Self.note("timing h5py and Python qlearning_dataset with tools/load_reference.py")
        let (status, output) = try run("load_reference.py", [path, "--repeat", String(repetitions)])
        switch status {
        case 0: return try PythonReference(parsing: output)
        case 2: return .h5pyMissing
        default: throw BenchError("tools/load_reference.py failed (exit \(status))")
        }
    }

    /// Runs `tools/cleanrl_sac_speed.py` (CleanRL's SAC on `environment`, one thread) and returns
    /// the environment steps/s of its learning phase.
    func cleanRLStepsPerSecond(python: String?, environment: String, steps: Int, learningStarts: Int, seed: Int,
                               policyFrequency: Int) throws -> Double {
        let venv = packageRoot.appendingPathComponent("cleanrl-venv/bin/python").path
        let interpreter = python ?? (FileManager.default.isExecutableFile(atPath: venv) ? venv : "python3")
        let arguments = ["--env-id", environment, "--steps", String(learningStarts + steps), "--learning-starts", String(learningStarts),
                         "--seed", String(seed), "--policy-frequency", String(policyFrequency)]
        let (status, output) = try run("cleanrl_sac_speed.py", arguments, python: interpreter)
        guard status == 0, let line = output.split(separator: "\n").last(where: { $0.hasPrefix("steps_per_second ") }),
              let rate = Double(line.split(separator: " ")[1]) else {
            throw BenchError("tools/cleanrl_sac_speed.py failed (exit \(status)); install CleanRL: python3 -m venv cleanrl-venv && cleanrl-venv/bin/pip install --no-deps --ignore-requires-python -r tools/requirements-cleanrl.txt")
        }
        return rate
    }

    /// Runs `python3 tools/<script> arguments…` in the package root. Its standard error
    /// goes to ours; its standard output is returned.
    private func run(_ script: String, _ arguments: [String], python: String = "python3") throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "tools/\(script)"] + arguments
        process.currentDirectoryURL = packageRoot
        let output = Pipe()
        process.standardOutput = output
        do { try process.run() } catch { throw BenchError("cannot run python3 tools/\(script): \(error)") }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A progress line on standard error, keeping standard output for the table.
    private static func note(_ message: String) {
        FileHandle.standardError.write(Data("iql-bench: \(message)\n".utf8))
    }
}
