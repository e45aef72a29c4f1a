import Foundation

/// What `tools/load_reference.py` measured, or why there is nothing to compare with.
enum PythonReference {
    /// `--no-reference` was given.
    case skipped
    /// The script exited with status 2: h5py or numpy cannot be imported.
    case h5pyMissing
    case measured(Timing)

    /// The script's `RESULT {...}` line: best-of-repeat seconds.
    struct Timing: Decodable {
        var rows: Int
        var transitions: Int
        /// `f[key][()]` of every D4RL array the file has.
        var h5pyReadSeconds: Double
        /// That read followed by D4RL's per-row `qlearning_dataset` loop.
        var qlearningSeconds: Double
    }

    /// The timings, when measured.
    var timing: Timing? {
        if case .measured(let timing) = self { return timing }
        return nil
    }

    /// Parses the script's standard output, whose result line reads
    /// `RESULT {"rows": N, "transitions": n, "h5py_read_seconds": x, "qlearning_seconds": y}`.
    init(parsing output: String) throws {
        let prefix = "RESULT "
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix(prefix) }) else {
            throw BenchError("tools/load_reference.py printed no RESULT line")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            self = .measured(try decoder.decode(Timing.self, from: Data(line.dropFirst(prefix.count).utf8)))
        } catch {
            throw BenchError("tools/load_reference.py: cannot parse '\(line)': \(error)")
        }
    }
}
