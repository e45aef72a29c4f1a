import Foundation
import IQL
import TestSupport
import Testing

/// A full disk, for real: a small tmpfs mounted for the test (root only; skipped with a message
/// elsewhere). A write that does not fit must end the tool with one `Error:` line and status 1,
/// never a crash, with the previous checkpoint intact and no temporary file left.
struct DiskFullToolTests {
    /// A tmpfs of `bytes` mounted on a fresh directory, unmounted when released.
    final class SmallDisk {
        let directory: TemporaryDirectory
        let path: String

        init?(bytes: Int) throws {
            directory = try TemporaryDirectory()
            path = directory.path("disk")
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            let mounted = try runProcess("mount", ["-t", "tmpfs", "-o", "size=\(bytes)", "tmpfs", path])
            guard mounted.status == 0 else {
                print("skipped: cannot mount a tmpfs here (\(mounted.standardError.trimmingCharacters(in: .whitespacesAndNewlines))); run the tests as root")
                return nil
            }
        }

        deinit { _ = try? runProcess("umount", [path]) }
    }

    /// The lines of standard error that report an error (the progress bar's lines are the others).
    static func errorLines(_ result: ProcessResult) -> [String] {
        result.standardError.split(separator: "\n").map(String.init).filter { $0.hasPrefix("Error:") }
    }

    static let training = [TrainToolTests.dataset, "--log-interval", "10", "--checkpoint-interval", "10"]
        + TrainToolTests.small + ["--eval-env", "none"]

    @Test("iql-train on a disk that holds one checkpoint but not two: exit 1 at the second, the first intact and resumable")
    func checkpointDoesNotFit() throws {
        let scratch = try TemporaryDirectory()
        #expect(try Tool.run("iql-train", Self.training + ["--steps", "10", "-o", scratch.path("probe")]).status == 0)
        let checkpointBytes = try FileManager.default.attributesOfItem(atPath: scratch.path("probe/checkpoint.h5"))[.size] as! Int
        // One checkpoint and the metrics fit; a second checkpoint beside the first does not.
        guard let disk = try SmallDisk(bytes: checkpointBytes * 3 / 2 + 16384) else { return }
        let run = disk.path + "/run"
        let result = try Tool.run("iql-train", Self.training + ["--steps", "100", "-o", run])
        #expect(result.status == 1, "\(result.standardError)")
        let errors = Self.errorLines(result)
        #expect(errors.count == 1 && errors[0].hasPrefix("Error: cannot write \(run)/checkpoint.h5: No space left on device"), "\(result.standardError)")
        #expect(errors.first?.contains("stopped at step 20, the previous checkpoint (step 10) is intact") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: run).sorted() == ["checkpoint.h5", "metrics.csv"])
        let saved = try Checkpoint(contentsOf: run + "/checkpoint.h5")
        let probe = try Checkpoint(contentsOf: scratch.path("probe/checkpoint.h5"))
        #expect(saved.state.step == 10 && saved.state == probe.state, "the checkpoint on the full disk is the 10-step run's")
    }

    @Test("d4rl-collect on a full disk: one line, status 1, nothing left behind")
    func collectedFileDoesNotFit() throws {
        guard let disk = try SmallDisk(bytes: 64 * 1024) else { return }
        let output = disk.path + "/hopper-random.hdf5"
        let collect = try Tool.run("d4rl-collect", ["--env", "hopper", "--policy", "random", "--transitions", "20000", "-o", output])
        #expect(collect.status == 1)
        #expect(Self.errorLines(collect) == ["Error: cannot write \(output): No space left on device"], "\(collect.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path).isEmpty)
    }
}
