import Core
import Foundation
@testable import Sweeps
import TestSupport
import Testing

/// Reading sweep files and expanding them into runs.
struct SweepFileTests {
    static let dataset = Fixtures.path("d4rl/hopper-medium-v2-mini.hdf5")

    /// Writes `json` as a sweep file in `directory` and reads it.
    static func read(_ json: String, in directory: TemporaryDirectory) throws -> SweepFile {
        let path = directory.path("sweep.json")
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return try SweepFile(contentsOf: path)
    }

    @Test("datasets × algorithms × grid points × seeds, in that nesting order, with stable names and arguments")
    func expansion() throws {
        let directory = try TemporaryDirectory()
        let file = try Self.read("""
            {"name": "demo", "datasets": ["\(Self.dataset)"], "algorithms": ["iql", "bc"], "seeds": [0, 1],
             "flags": {"steps": 300, "hidden-dims": "8,8", "normalize-observations": true}, "grid": {"temperature": [1, 3.5]}}
            """, in: directory)
        let sweep = try Sweep(file)
        #expect(sweep.runs.count == 8 && sweep.runs.map(\.index) == Array(0..<8))
        #expect(sweep.runs.map(\.name).prefix(4) == [
            "hopper-medium-v2-mini-iql-temperature=1-seed0", "hopper-medium-v2-mini-iql-temperature=1-seed1",
            "hopper-medium-v2-mini-iql-temperature=3.5-seed0", "hopper-medium-v2-mini-iql-temperature=3.5-seed1",
        ])
        #expect(sweep.runs[4].label == "BC temperature=1" && sweep.runs[4].cell == "hopper-medium-v2-mini BC temperature=1")
        let output = directory.url.standardizedFileURL.path + "/demo"
        #expect(sweep.runs[3].arguments == [
            Self.dataset, "--algorithm", "iql", "--seed", "1", "--steps", "300", "--hidden-dims", "8,8", "--normalize-observations",
            "--temperature", "3.5", "--output", output + "/runs/hopper-medium-v2-mini-iql-temperature=3.5-seed1",
        ])
        #expect(try Sweep(try SweepFile(contentsOf: file.path)).runs == sweep.runs, "the same file expands to the same runs")
    }

    @Test("relative paths are relative to the sweep file; a name that is no path stays (a Minari id)")
    func relativePaths() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.copyItem(atPath: Self.dataset, toPath: directory.path("local.hdf5"))
        let file = try Self.read(#"{"datasets": ["local.hdf5", "mujoco/hopper/medium-v0"], "output": "out"}"#, in: directory)
        let base = directory.url.standardizedFileURL.path
        #expect(file.datasets == [base + "/local.hdf5", "mujoco/hopper/medium-v0"])
        #expect(file.output == base + "/out" && file.name == "sweep" && file.algorithms == ["iql"] && file.seeds == [0])
    }

    @Test("bad sweep files: one line naming the file and the problem", arguments: [
        (#"{"datasets": ["x"], "seed": [1]}"#, "unknown key 'seed' (known: name, output, datasets, algorithms, seeds, flags, grid)"),
        (#"{"datasets": []}"#, "'datasets' must be a non-empty list"),
        (#"{"datasets": ["x"], "seeds": [1, -2]}"#, "'seeds' must list integers ≥ 0, not -2"),
        (#"{"datasets": ["x"], "seeds": [1, 1]}"#, "'seeds' lists an entry twice"),
        (#"{"datasets": ["x"], "flags": {"seed": 3}}"#, "'seed' is set by the sweep for each run"),
        (#"{"datasets": ["x"], "flags": {"temperature": 3}, "grid": {"temperature": [1]}}"#, "'temperature' is given twice"),
        (#"{"datasets": ["x"], "flags": {"normalize-observations": false}}"#, "'flags.normalize-observations' is false"),
        (#"{"datasets": ["x"], "grid": {"temperature": 3}}"#, "'grid.temperature' must be a non-empty list"),
        (#"[1]"#, "not a JSON object"),
        ("{\"datasets\": [\"x\"], \"grid\": {\"a\": [\(Array(0..<100).map(String.init).joined(separator: ","))], \"b\": [\(Array(0..<100).map(String.init).joined(separator: ","))], \"c\": [\(Array(0..<100).map(String.init).joined(separator: ","))]}}",
         "the sweep expands to 1 × 1 × 1 × 100 × 100 × 100 runs, more than 100000"),
        (#"{"datasets": ["x"],"#, "not JSON"),
    ])
    func badFiles(json: String, message: String) throws {
        let directory = try TemporaryDirectory()
        #expect {
            _ = try Self.read(json, in: directory)
        } throws: { error in
            "\(error)".hasPrefix(directory.url.standardizedFileURL.path + "/sweep.json: ") && "\(error)".contains(message)
        }
    }

    @Test("a dataset that does not exist is refused before anything runs")
    func missingDataset() throws {
        let directory = try TemporaryDirectory()
        let file = try Self.read(#"{"datasets": ["nowhere.hdf5"]}"#, in: directory)
        #expect(throws: SweepError.self) { try Sweep(file) }
    }

    @Test("the benchmark's sweep file (tools/sweeps/locomotion.json): 9 datasets × IQL, BC × 3 seeds, the old script's flags")
    func benchmarkSweep() throws {
        let file = try SweepFile(contentsOf: Fixtures.packageRoot.appendingPathComponent("tools/sweeps/locomotion.json").path)
        #expect(file.datasets.count == 9 && file.algorithms == ["iql", "bc"] && file.seeds == [0, 1, 2] && file.grid.isEmpty)
        #expect(file.flags.map(\.name) == ["steps", "eval-interval", "eval-episodes", "log-interval", "checkpoint-interval"])
        #expect(file.flags.first == SweepFile.Flag(name: "steps", value: .value("100000")))
        #expect(file.output == Fixtures.packageRoot.standardizedFileURL.path + "/runs/benchmark")
    }

    @Test("the D4RL-recipe sweep file (tools/sweeps/d4rl-recipe.json): make_sac_datasets.sh's medium, medium-replay, medium-expert × IQL, BC × 3 seeds")
    func recipeSweep() throws {
        let file = try SweepFile(contentsOf: Fixtures.packageRoot.appendingPathComponent("tools/sweeps/d4rl-recipe.json").path)
        let root = Fixtures.packageRoot.standardizedFileURL.path
        let expected = ["hopper", "halfcheetah", "walker2d"].flatMap { robot in
            ["medium", "medium-replay", "medium-expert"].map { "sac-data/\(robot)-\($0).hdf5" }
        }
        // Paths are resolved only once the recipe has written the files.
        #expect(file.datasets.map { $0.split(separator: "/").suffix(2).joined(separator: "/") } == expected)
        #expect(file.algorithms == ["iql", "bc"] && file.seeds == [0, 1, 2] && file.grid.isEmpty)
        #expect(file.flags.first == SweepFile.Flag(name: "steps", value: .value("200000")))
        #expect(file.output == root + "/docs/d4rl-recipe/sweep")
    }

    @Test("array ranges: runs of consecutive indices")
    func ranges() {
        #expect(SlurmSubmission.ranges([7, 0, 1, 2, 3, 5, 8]) == "0-3,5,7-8")
        #expect(SlurmSubmission.ranges([4]) == "4")
    }
}
