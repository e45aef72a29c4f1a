import Foundation
import HDF5
import IQL
import TestSupport
import Testing

/// `iql-train` run as users run it: outputs, resume, refusal to clobber, Ctrl-C, divergence.
struct TrainToolTests {
    static let dataset = Fixtures.path("d4rl/hopper-medium-v2-mini.hdf5")
    static let small = ["--hidden-dims", "32,32", "--batch-size", "64", "--schedule-steps", "200"]

    static func train(_ arguments: [String]) throws -> ProcessResult { try Tool.run("iql-train", arguments) }

    @Test("writes metrics.csv with the documented columns and a loadable checkpoint")
    func outputs() throws {
        let directory = try TemporaryDirectory()
        let run = directory.path("run")
        let result = try Self.train([Self.dataset, "--steps", "60", "--log-interval", "20", "-o", run] + Self.small)
        #expect(result.status == 0, "\(result.standardError)")
        let csv = try String(contentsOfFile: run + "/metrics.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.first == "step,value_loss,actor_loss,critic_loss,mean_q,mean_v,mean_advantage,actor_lr,steps_per_second")
        #expect(csv.dropFirst().map { $0.split(separator: ",").first! } == ["20", "40", "60"])
        let checkpoint = try Checkpoint(contentsOf: run + "/checkpoint.h5")
        #expect(checkpoint.state.step == 60 && checkpoint.config.hiddenDims == [32, 32] && checkpoint.config.maxSteps == 200)
        #expect(TrainedPolicy(checkpoint).action(for: [Float](repeating: 0.1, count: 11)).count == 3)
    }

    @Test("--resume continues bit for bit: 30 + 30 steps = 60 steps")
    func resume() throws {
        let directory = try TemporaryDirectory()
        let (split, straight) = (directory.path("split"), directory.path("straight"))
        #expect(try Self.train([Self.dataset, "--steps", "30", "-o", split] + Self.small).status == 0)
        let resumed = try Self.train([Self.dataset, "--steps", "60", "-o", split, "--resume"])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(try Self.train([Self.dataset, "--steps", "60", "-o", straight] + Self.small).status == 0)
        let a = try Checkpoint(contentsOf: split + "/checkpoint.h5"), b = try Checkpoint(contentsOf: straight + "/checkpoint.h5")
        #expect(a.state.step == 60)
        #expect(a.state == b.state && a.generator == b.generator)
    }

    @Test("an existing run is never overwritten without --overwrite; bad input is one line")
    func refusals() throws {
        let directory = try TemporaryDirectory()
        let run = directory.path("run")
        #expect(try Self.train([Self.dataset, "--steps", "5", "-o", run] + Self.small).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: run + "/checkpoint.h5"))
        let again = try Self.train([Self.dataset, "--steps", "5", "-o", run] + Self.small)
        #expect(again.status != 0 && again.standardError.contains("--resume"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: run + "/checkpoint.h5")) == before)
        for (arguments, message) in [([directory.path("missing.hdf5")], "missing.hdf5"),
                                     ([Fixtures.path("malformed/nan-observations.hdf5")], "row 7"),
                                     ([Self.dataset, "-o", directory.path("none"), "--resume"], "nothing to resume")] {
            let result = try Self.train(arguments + ["-o", directory.path("bad")])
            #expect(result.status == 1)
            #expect(result.standardError.split(separator: "\n").count == 1 && result.standardError.contains(message), "\(result.standardError)")
        }
        // Argument errors: ArgumentParser's message first, then the usage line.
        let badFlag = try Self.train([Self.dataset, "--hidden-dims", "abc"])
        #expect(badFlag.status != 0 && badFlag.standardError.hasPrefix("Error: --hidden-dims"))
    }

    @Test("Ctrl-C writes a checkpoint and exits with status 130")
    func interrupt() throws {
        let directory = try TemporaryDirectory()
        let run = directory.path("run")
        let process = Process()
        process.executableURL = Tool.productsDirectory.appendingPathComponent("iql-train")
        process.arguments = [Self.dataset, "--steps", "1000000", "--log-interval", "5", "-o", run] + Self.small
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, ((try? String(contentsOfFile: run + "/metrics.csv", encoding: .utf8))?.split(separator: "\n").count ?? 0) < 3 {
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let checkpoint = try Checkpoint(contentsOf: run + "/checkpoint.h5")
        #expect(checkpoint.state.step >= 10 && checkpoint.state.step < 1_000_000)
    }

    @Test("a non-finite loss stops the run with a clear message and leaves the last checkpoint intact")
    func divergence() throws {
        let directory = try TemporaryDirectory()
        let exploding = directory.path("exploding-v0.hdf5")
        try File.writeAtomically(to: exploding) { file in
            let root = try file.root(), rows = 200
            try root.createDataset("observations", values: (0..<rows * 3).map { Float($0 % 7) / 7 }, shape: [rows, 3])
            try root.createDataset("actions", values: (0..<rows * 2).map { Float($0 % 5) / 5 - 0.4 }, shape: [rows, 2])
            try root.createDataset("rewards", values: [Float](repeating: 3e38, count: rows))
            try root.createDataset("terminals", values: [Bool](repeating: false, count: rows))
            try root.createDataset("timeouts", values: (0..<rows).map { $0 % 50 == 49 })
        }
        let run = directory.path("run")
        #expect(try Self.train([Self.dataset, "--steps", "5", "-o", run] + Self.small).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: run + "/checkpoint.h5"))
        let result = try Self.train([exploding, "--steps", "100", "--reward-transform", "none", "-o", run, "--overwrite"] + Self.small)
        #expect(result.status == 1)
        #expect(result.standardError.contains("non-finite loss at step"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: run + "/checkpoint.h5")) == before)
    }

    /// The kernel name `iql-train` announces ("…, OpenBLAS <name> kernels").
    static func blasKernel(_ result: ProcessResult) -> String? {
        guard let range = result.standardOutput.range(of: #"OpenBLAS (\S+) kernels"#, options: .regularExpression) else { return nil }
        return result.standardOutput[range].split(separator: " ")[1].description
    }

    @Test("training runs on OpenBLAS kernels with the CPU's AVX2/AVX-512 even where OpenBLAS does not know the CPU; OPENBLAS_CORETYPE stands")
    func blasKernels() throws {
        let cpuFlags = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ").map(String.init) ?? []
        guard cpuFlags.contains("avx2") && cpuFlags.contains("fma"), ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil
        else { return }  // not an x86-64 Linux machine with AVX2, or the user chose the kernels
        let directory = try TemporaryDirectory()
        let arguments = [Self.dataset, "--steps", "1", "--eval-env", "none"] + Self.small
        let automatic = try Self.train(arguments + ["-o", directory.path("automatic")])
        #expect(automatic.status == 0, "\(automatic.standardError)")
        let vectorKernels: Set<String> = ["Haswell", "Zen", "SkylakeX", "Cooperlake", "SapphireRapids", "Excavator"]
        #expect(Self.blasKernel(automatic).map(vectorKernels.contains) == true, "\(automatic.standardOutput)")
        let chosen = try Tool.run("iql-train", arguments + ["-o", directory.path("chosen")], environment: ["OPENBLAS_CORETYPE": "Prescott"])
        #expect(chosen.status == 0 && Self.blasKernel(chosen) == "Prescott", "\(chosen.standardOutput)")
    }
}
