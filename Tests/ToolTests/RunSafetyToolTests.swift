import Foundation
import HDF5
import IQL
import TestSupport
import Testing

/// What `iql-train` promises about a run's files: signals checkpoint and resume bit for bit, a
/// full disk stops the run with its last checkpoint intact, `--overwrite` replaces a run only
/// once the new one has a checkpoint, leftovers of killed processes are tidied, and flags that
/// contradict a saved run are refused.
struct RunSafetyToolTests {
    static let dataset = TrainToolTests.dataset
    static let small = TrainToolTests.small + ["--eval-env", "none"]

    static func train(_ arguments: [String]) throws -> ProcessResult { try Tool.run("iql-train", arguments) }

    static func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// Starts a long run in `run`, waits until it has logged `rows` metrics rows, sends `signal`.
    static func signalRun(_ run: String, _ signal: Int32, afterRows rows: Int = 3) throws -> Int32 {
        let process = Process()
        process.executableURL = Tool.productsDirectory.appendingPathComponent("iql-train")
        process.arguments = [Self.dataset, "--steps", "1000000", "--log-interval", "5", "-o", run] + Self.small
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, ((try? String(contentsOfFile: run + "/metrics.csv", encoding: .utf8))?.split(separator: "\n").count ?? 0) < rows + 1 {
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit, "ended by an uncaught signal")
        return process.terminationStatus
    }

    @Test("SIGTERM and SIGHUP write a checkpoint and exit 143 and 129; the resumed run equals an uninterrupted one bit for bit",
          arguments: [(SIGTERM, Int32(143)), (SIGHUP, Int32(129))])
    func signalsCheckpoint(signal: Int32, status: Int32) throws {
        let directory = try TemporaryDirectory()
        let (split, straight) = (directory.path("split"), directory.path("straight"))
        #expect(try Self.signalRun(split, signal) == status)
        let stopped = try Checkpoint(contentsOf: split + "/checkpoint.h5")
        #expect(stopped.state.step >= 15)
        #expect(try directory.contents() == ["split"] && FileManager.default.contentsOfDirectory(atPath: split).sorted() == ["checkpoint.h5", "metrics.csv"])
        let target = String(stopped.state.step + 20)
        let resumed = try Self.train([Self.dataset, "--steps", target, "-o", split, "--resume"])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(try Self.train([Self.dataset, "--steps", target, "-o", straight] + Self.small).status == 0)
        let a = try Checkpoint(contentsOf: split + "/checkpoint.h5"), b = try Checkpoint(contentsOf: straight + "/checkpoint.h5")
        #expect(a.state == b.state && a.generator == b.generator)
    }

    @Test("--overwrite: a new run that fails before its first checkpoint leaves every file of the old run as it was")
    func overwriteRestoredOnFailure() throws {
        let directory = try TemporaryDirectory()
        let run = directory.path("run")
        let evaluated = ["--eval-interval", "5", "--eval-episodes", "1"]
        #expect(try Self.train([Self.dataset, "--steps", "10", "-o", run] + TrainToolTests.small + evaluated).status == 0)
        let files = ["checkpoint.h5", "eval.csv", "metrics.csv", "result.json"]
        #expect(try FileManager.default.contentsOfDirectory(atPath: run).sorted() == files)
        let before = try files.map { try Self.bytes(run + "/" + $0) }
        let exploding = directory.path("exploding-v0.hdf5")
        try TrainToolTests.writeDataset(exploding, rows: 200) { _ in 3e38 }
        let failed = try Self.train([exploding, "--steps", "100", "--reward-transform", "none", "-o", run, "--overwrite"] + Self.small)
        #expect(failed.status == 1 && failed.standardError.contains("non-finite loss"), "\(failed.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: run).sorted() == files)
        #expect(try files.map { try Self.bytes(run + "/" + $0) } == before)
    }

    @Test("--overwrite replaces a run as a whole: no eval.csv or result.json of the old run survives a new run without evaluation")
    func overwriteLeavesNoStaleFiles() throws {
        let directory = try TemporaryDirectory()
        let run = directory.path("run")
        #expect(try Self.train([Self.dataset, "--steps", "10", "-o", run, "--eval-interval", "5", "--eval-episodes", "1"]
                               + TrainToolTests.small).status == 0)
        let replaced = try Self.train([Self.dataset, "--steps", "20", "-o", run, "--overwrite"] + Self.small)
        #expect(replaced.status == 0, "\(replaced.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: run).sorted() == ["checkpoint.h5", "metrics.csv"])
        #expect(try Checkpoint(contentsOf: run + "/checkpoint.h5").state.step == 20)
    }

    @Test("a replacement cut short by kill -9 is finished at the next start: the old run comes back, or, with a new checkpoint, goes")
    func interruptedReplacementRecovered() throws {
        let directory = try TemporaryDirectory()
        let run = directory.path("run"), aside = run + "/.replaced-run"
        #expect(try Self.train([Self.dataset, "--steps", "10", "-o", run] + Self.small).status == 0)
        // The state a process killed after moving the old run aside, before its first checkpoint, leaves.
        try FileManager.default.createDirectory(atPath: aside, withIntermediateDirectories: false)
        for file in ["checkpoint.h5", "metrics.csv"] { try FileManager.default.moveItem(atPath: run + "/" + file, toPath: aside + "/" + file) }
        try Data("step\n".utf8).write(to: URL(fileURLWithPath: run + "/metrics.csv"))
        let resumed = try Self.train([Self.dataset, "--steps", "15", "-o", run, "--resume"])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(try Checkpoint(contentsOf: run + "/checkpoint.h5").state.step == 15)
        // The old run's metrics came back (its row at step 10), not the new run's stray file.
        let steps = try String(contentsOfFile: run + "/metrics.csv", encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",").first.map(String.init) }
        #expect(steps == ["10", "15"] && !FileManager.default.fileExists(atPath: aside), "\(steps)")
        // Killed after the new run's first checkpoint: the replaced run is deleted, the new one kept.
        try FileManager.default.createDirectory(atPath: aside, withIntermediateDirectories: false)
        try Data("old".utf8).write(to: URL(fileURLWithPath: aside + "/checkpoint.h5"))
        #expect(try Self.train([Self.dataset, "--steps", "20", "-o", run, "--resume"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: aside))
    }

    @Test("temporary files of dead writers are removed at the next start; a live process's and other files are kept")
    func staleTemporariesRemoved() throws {
        let directory = try TemporaryDirectory()
        let run = directory.path("run")
        try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let dead = finished.processIdentifier, alive = ProcessInfo.processInfo.processIdentifier
        let stale = ["checkpoint.h5.tmp-\(dead)-12345", "metrics.csv.tmp-\(dead)-7"]
        let kept = ["checkpoint.h5.tmp-\(alive)-1", "notes.h5.tmp-\(dead)-1", "checkpoint.h5.tmp-x-1"]
        for name in stale + kept { try Data("x".utf8).write(to: URL(fileURLWithPath: run + "/" + name)) }
        #expect(try Self.train([Self.dataset, "--steps", "5", "-o", run] + Self.small).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: run).sorted() == (["checkpoint.h5", "metrics.csv"] + kept).sorted())
    }

    @Test("--resume refuses flags that contradict the saved run, naming each; --steps extends it")
    func resumeContradictions() throws {
        let directory = try TemporaryDirectory()
        let run = directory.path("run")
        #expect(try Self.train([Self.dataset, "--steps", "10", "-o", run] + Self.small).status == 0)
        let before = try Self.bytes(run + "/checkpoint.h5")
        let refused = try Self.train([Self.dataset, "--steps", "20", "-o", run, "--resume", "--hidden-dims", "64,64",
                                      "--algorithm", "bc", "--batch-size", "32", "--temperature", "1", "--seed", "3"])
        #expect(refused.status != 0)
        for flag in ["--hidden-dims 64,64 (the run has 32,32)", "--algorithm bc (the run has iql)", "--batch-size 32 (the run has 64)",
                     "--temperature 1.0 (the run has 3.0)", "--seed 3 (the run has 0)"] {
            #expect(refused.standardError.contains(flag), "\(refused.standardError)")
        }
        #expect(try Self.bytes(run + "/checkpoint.h5") == before)
        let agreeing = try Self.train([Self.dataset, "--steps", "20", "-o", run, "--resume", "--hidden-dims", "32,32", "--temperature", "3"])
        #expect(agreeing.status == 0, "\(agreeing.standardError)")
        #expect(try Checkpoint(contentsOf: run + "/checkpoint.h5").state.step == 20)
    }

    /// Flags outside their domains (the list), each refused with its own one-line message.
    @Test("every numeric flag is checked against its domain", arguments: [
        (["--dropout", "1.0"], "--dropout must be in [0, 1), got 1.0"),
        (["--expectile", "1.5"], "--expectile must be in (0, 1), got 1.5"),
        (["--expectile", "0"], "--expectile must be in (0, 1), got 0.0"),
        (["--discount", "2"], "--discount must be in (0, 1], got 2.0"),
        (["--temperature", "inf"], "--temperature must be finite and > 0, got inf"),
        (["--temperature", "nan"], "--temperature must be finite and > 0, got nan"),
        (["--hidden-dims", "64,,64"], "--hidden-dims takes positive integers separated by commas"),
        (["--hidden-dims", "1000000000000"], "--hidden-dims must be 1 to 16 widths in 1...65536"),
        (["--batch-size", "1000000000"], "--batch-size must be in 1...16777216, got 1000000000"),
        (["--max-episode-steps", "0"], "--max-episode-steps must be ≥ 1, got 0"),
        (["--steps", "-5"], "--steps must be ≥ 1, got -5"),
        (["--tau", "0"], "--target-update-rate must be in (0, 1], got 0.0"),
        (["--actor-lr", "-1"], "--actor-lr must be finite and > 0, got -1.0"),
        (["--eval-episodes", "0"], "--eval-episodes must be in 1...100000, got 0"),
        (["--max-memory", "lots"], "--max-memory"),
    ])
    func flagDomains(flags: [String], message: String) throws {
        let directory = try TemporaryDirectory()
        let result = try Self.train([Self.dataset, "-o", directory.path("run")] + flags)
        #expect(result.status != 0 && result.standardError.hasPrefix("Error: ") && result.standardError.contains(message),
                "\(result.standardError)")
        #expect(result.standardError.components(separatedBy: "Error:").count == 2)
        #expect(try directory.contents().isEmpty)
    }

    @Test("networks beyond the memory budget and unwritable output paths: one line each, nothing created")
    func resourcesRefused() throws {
        let directory = try TemporaryDirectory()
        let big = try Self.train([Self.dataset, "--hidden-dims", "4096,4096", "--batch-size", "1000000", "-o", directory.path("run")])
        #expect(big.status == 1 && big.standardError.contains("more than the memory budget"), "\(big.standardError)")
        let tight = try Self.train([Self.dataset, "--max-memory", "100k", "-o", directory.path("run")])
        #expect(tight.status == 1 && tight.standardError.contains("more than the memory budget of 100 kB"), "\(tight.standardError)")
        let proc = try Self.train([Self.dataset, "--steps", "5", "-o", "/proc/no-such-run/run"] + Self.small)
        #expect(proc.status == 1 && proc.standardError == "Error: cannot create /proc/no-such-run: No such file or directory\n",
                "\(proc.standardError)")
        #expect(try directory.contents().isEmpty)
    }
}
