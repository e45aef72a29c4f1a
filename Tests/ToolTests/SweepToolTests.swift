import Foundation
import TestSupport
import Testing

/// `iql-sweep` with the local executor, run as a user runs it, on the hopper fixture.
struct SweepToolTests {
    static let dataset = Fixtures.path("d4rl/hopper-medium-v2-mini.hdf5")

    /// A sweep file in `directory`: 2 algorithms × 2 seeds of `steps` small updates each.
    static func sweepFile(in directory: TemporaryDirectory, steps: Int = 300, extra: String = "") throws -> String {
        let path = directory.path("demo.json")
        try """
            {"name": "demo", "datasets": ["\(dataset)"], "algorithms": ["iql", "bc"], "seeds": [0, 1],
             "flags": {"steps": \(steps), "hidden-dims": "16,16", "batch-size": 32, "eval-episodes": 2, "eval-interval": 100,
                       "log-interval": 50, "checkpoint-interval": 100\(extra)}}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func sweep(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        try Tool.run("iql-sweep", arguments, environment: environment)
    }

    /// `iql-sweep` started in the background (standard output discarded), for a test to signal.
    static func startSweep(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = Tool.productsDirectory.appendingPathComponent("iql-sweep")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test("plan lists every run with its array index and iql-train command; a flag iql-train rejects is one line, nothing created")
    func plan() throws {
        let directory = try TemporaryDirectory()
        let file = try Self.sweepFile(in: directory)
        let plan = try Self.sweep(["plan", file])
        #expect(plan.status == 0, "\(plan.standardError)")
        #expect(plan.standardOutput.contains("sweep demo: 4 runs = 1 dataset × 2 algorithms × 1 grid point × 2 seeds"))
        #expect(plan.standardOutput.contains("3  hopper-medium-v2-mini-bc-seed1\n"))
        #expect(plan.standardOutput.contains("iql-train \(Self.dataset) --algorithm bc --seed 1 --steps 300"))
        let bad = try Self.sweepFile(in: directory, extra: #", "expectile": 1.5"#)
        for command in ["plan", "run"] {
            let refused = try Self.sweep([command, bad])
            #expect(refused.status == 1 && refused.standardError.split(separator: "\n").count == 1, "\(refused.standardError)")
            #expect(refused.standardError.contains("run hopper-medium-v2-mini-iql-seed0: iql-train refuses it: --expectile must be in (0, 1)"))
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path("demo")))
    }

    @Test("run --jobs 2, status, report: the table is d4rl-score's of the same runs; a second run starts nothing")
    func runStatusReport() throws {
        let directory = try TemporaryDirectory()
        let file = try Self.sweepFile(in: directory)
        let run = try Self.sweep(["run", file, "--jobs", "2"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("4 of 4 runs done"))
        let status = try Self.sweep(["status", file])
        #expect(status.standardOutput.split(separator: "\n").filter { $0.contains("done, final score") }.count == 4)
        #expect(status.standardOutput.hasSuffix("4 done\n"))
        let report = try Self.sweep(["report", file])
        #expect(report.status == 0 && report.standardOutput.contains("every cell has all its runs"), "\(report.standardError)")
        let table = try String(contentsOfFile: directory.path("demo/report/table-final.md"), encoding: .utf8)
        let scored = try Tool.run("d4rl-score", ["table", directory.path("demo/runs")])
        #expect(table == scored.standardOutput)
        let result = directory.path("demo/runs/hopper-medium-v2-mini-iql-seed0/result.json")
        let before = try FileManager.default.attributesOfItem(atPath: result)[.modificationDate] as? Date
        let again = try Self.sweep(["run", file, "--jobs", "2"])
        #expect(again.standardOutput == "4 runs: 4 done, 0 queued or running, 0 to run\n")
        #expect(try FileManager.default.attributesOfItem(atPath: result)[.modificationDate] as? Date == before)
    }

    @Test("a sweep stopped by SIGINT checkpoints its runs; run finishes them with the numbers of an uninterrupted sweep")
    func interrupted() throws {
        let directory = try TemporaryDirectory(), reference = try TemporaryDirectory()
        let file = try Self.sweepFile(in: directory, steps: 3000), referenceFile = try Self.sweepFile(in: reference, steps: 3000)
        #expect(try Self.sweep(["run", referenceFile, "--jobs", "2"]).status == 0)
        let process = try Self.startSweep(["run", file, "--jobs", "2"])
        let metrics = directory.path("demo/runs/hopper-medium-v2-mini-iql-seed0/metrics.csv")
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, ((try? String(contentsOfFile: metrics, encoding: .utf8))?.split(separator: "\n").count ?? 0) < 3 {
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let stopped = try Self.sweep(["status", file])
        #expect(stopped.standardOutput.contains("hopper-medium-v2-mini-iql-seed0  failed, exit status 130 (SIGINT: checkpointed)"),
                "\(stopped.standardOutput)")
        let resumed = try Self.sweep(["run", file, "--jobs", "2"])
        #expect(resumed.status == 0 && resumed.standardOutput.hasPrefix("4 runs: 0 done"), "\(resumed.standardOutput)")
        for run in ["iql-seed0", "iql-seed1", "bc-seed0", "bc-seed1"] {
            let path = "/demo/runs/hopper-medium-v2-mini-\(run)/eval.csv"
            #expect(try String(contentsOfFile: directory.url.path + path, encoding: .utf8)
                    == String(contentsOfFile: reference.url.path + path, encoding: .utf8), "\(run): evaluations differ")
        }
    }

    @Test("run --threads 1 gives every run iql-train --threads 1; --threads outside 1…2 or with slurm is refused, nothing started")
    func threads() throws {
        let directory = try TemporaryDirectory()
        let file = try Self.sweepFile(in: directory, steps: 3000)
        for arguments in [["--threads", "3"], ["--threads", "0"], ["--threads", "1", "--executor", "slurm"]] {
            let refused = try Self.sweep(["run", file] + arguments)
            #expect(refused.status != 0 && refused.standardError.hasPrefix("Error: --threads "), "\(refused.standardError)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path("demo")))
        let process = try Self.startSweep(["run", file, "--threads", "1"])
        let task = directory.path("demo/runs/hopper-medium-v2-mini-iql-seed0/task.json")
        let deadline = Date().addingTimeInterval(60)
        var command: String?
        while Date() < deadline, command == nil {
            command = try? String(contentsOfFile: task, encoding: .utf8)
            Thread.sleep(forTimeInterval: 0.02)
        }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(command?.contains(#""--threads", "1""#) == true, "\(command ?? "no task.json")")
    }

    @Test("a changed sweep file that would reuse a run directory is refused, naming the run")
    func changedSweep() throws {
        let directory = try TemporaryDirectory()
        #expect(try Self.sweep(["run", try Self.sweepFile(in: directory, steps: 100)]).status == 0)
        let changed = try Self.sweep(["run", try Self.sweepFile(in: directory, steps: 200)])
        #expect(changed.status == 1 && changed.standardError.split(separator: "\n").count == 1)
        #expect(changed.standardError.contains("run hopper-medium-v2-mini-iql-seed0: ") && changed.standardError.contains("the sweep file changed"))
    }

    @Test("a sweep moved elsewhere (a clone of committed runs) finds its runs done: sweep-run.json holds no absolute path")
    func movedSweep() throws {
        let parent = try TemporaryDirectory()
        let original = parent.path("original"), moved = parent.path("moved")
        try FileManager.default.createDirectory(atPath: original + "/data", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.dataset, toPath: original + "/data/mini.hdf5")
        try """
            {"name": "demo", "output": "sweep", "datasets": ["data/mini.hdf5"], "algorithms": ["bc"], "seeds": [0],
             "flags": {"steps": 100, "hidden-dims": "16,16", "batch-size": 32, "eval-episodes": 1, "eval-interval": 100}}
            """.write(toFile: original + "/demo.json", atomically: true, encoding: .utf8)
        #expect(try Self.sweep(["run", original + "/demo.json"]).status == 0)
        let claim = try String(contentsOfFile: original + "/sweep/runs/mini-bc-seed0/sweep-run.json", encoding: .utf8)
        #expect(!claim.contains(parent.url.path) && claim.contains(#""../../../data/mini.hdf5""#), "\(claim)")
        try FileManager.default.moveItem(atPath: original, toPath: moved)
        let again = try Self.sweep(["run", moved + "/demo.json"])
        #expect(again.status == 0 && again.standardOutput == "1 runs: 1 done, 0 queued or running, 0 to run\n",
                "\(again.standardOutput)\(again.standardError)")
    }

    @Test("--executor slurm without sbatch: one line that names --executor local, nothing submitted")
    func noSlurm() throws {
        let directory = try TemporaryDirectory()
        let result = try Self.sweep(["run", try Self.sweepFile(in: directory), "--executor", "slurm"],
                                    environment: ["PATH": directory.path("empty")])
        #expect(result.status == 1 && result.standardError.split(separator: "\n").count == 1)
        #expect(result.standardError.contains("sbatch is not installed") && result.standardError.contains("--executor local"))
        #expect(!FileManager.default.fileExists(atPath: directory.path("demo/slurm/submissions.json")))
    }
}
