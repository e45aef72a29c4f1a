import ArgumentParser
import Foundation

/// `iql-bench load`: a D4RL file into training buffers, beside h5py and a Python `qlearning_dataset`.
struct LoadBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Time loading a D4RL file into training buffers, beside h5py and Python.",
        discussion: """
            Measures the best of --repeat runs (ContinuousClock) of:
              Swift read        D4RLDataset(contentsOf:): every array read (parallel gzip
                                chunk reader), shape-checked and checked for NaN/Inf
              Swift preprocess  PreprocessedData: qlearning_dataset transitions, episode
                                ends, action clipping, locomotion reward scaling
              Swift total       the two together, from file to training buffers
            and, from tools/load_reference.py (unless --no-reference):
              h5py read         f[key][()] of the same arrays into numpy
              Python qlearning  that read plus D4RL's per-row qlearning_dataset loop
            Ratios are reference seconds / Swift total seconds.

            Aims: Swift total no slower than the h5py read, and at least 5× faster than
            Python qlearning. Without --file, a hopper-sized gzip'd file (obs 11, act 3,
            every D4RL v2 key) is generated once by tools/make_fixtures.py at
            /tmp/iql-bench-load-<rows>.hdf5 and reused. The Python side needs h5py and
            numpy: pip install -r tools/requirements.txt

            Examples:
              iql-bench load
              iql-bench load --file hopper_medium-v2.hdf5 --repeat 5
            """)

    @Option(help: "A D4RL HDF5 file to load (default: generate /tmp/iql-bench-load-<rows>.hdf5).")
    var file: String?

    @Option(help: "Rows of the generated file (ignored with --file).")
    var rows = 1_000_000

    @Option(name: .customLong("repeat"), help: "Runs per measurement; the fastest is reported.")
    var repetitions = 3

    @Flag(help: "Skip the Python reference (h5py read and qlearning_dataset timings).")
    var noReference = false

    func validate() throws {
        guard rows >= 2 else { throw ValidationError("--rows must be at least 2") }
        guard repetitions >= 1 else { throw ValidationError("--repeat must be at least 1") }
    }

    func run() throws {
        let path = try file.map(Self.requireExisting) ?? PythonTools.locate().benchmarkFile(rows: rows)
        let swift = try SwiftLoadTiming.best(of: repetitions, loading: path)
        let reference = noReference ? .skipped : try PythonTools.locate().loadReference(path, repetitions: repetitions)
        if let timing = reference.timing, timing.transitions != swift.transitions {
            throw BenchError("transition counts differ: Swift \(swift.transitions), Python \(timing.transitions)")
        }
        print(LoadReport(file: path, repetitions: repetitions, swift: swift, reference: reference).text)
    }

    /// `path` if a file exists there.
    private static func requireExisting(_ path: String) throws -> String {
        guard FileManager.default.fileExists(atPath: path) else { throw BenchError("\(path): no such file") }
        return path
    }
}
