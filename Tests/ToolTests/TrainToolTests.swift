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

    @Test("--resume continues bit for bit: 30 + 30 steps (the second 30 on one thread) = 60 steps")
    func resume() throws {
        let directory = try TemporaryDirectory()
        let (split, straight) = (directory.path("split"), directory.path("straight"))
        #expect(try Self.train([Self.dataset, "--steps", "30", "-o", split] + Self.small).status == 0)
        let resumed = try Self.train([Self.dataset, "--steps", "60", "-o", split, "--resume", "--threads", "1"])
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
        let badThreads = try Self.train([Self.dataset, "--threads", "3"])
        #expect(badThreads.status != 0 && badThreads.standardError.hasPrefix("Error: --threads must be 1 or 2"))
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

    /// Writes a `rows`-row dataset (3-dim observations, 2-dim actions, an episode every 50 rows)
    /// whose rewards are `reward(row)`.
    static func writeDataset(_ path: String, rows: Int, reward: (Int) -> Float) throws {
        try File.writeAtomically(to: path) { file in
            let root = try file.root()
            try root.createDataset("observations", values: (0..<rows * 3).map { Float($0 % 7) / 7 }, shape: [rows, 3])
            try root.createDataset("actions", values: (0..<rows * 2).map { Float($0 % 5) / 5 - 0.4 }, shape: [rows, 2])
            try root.createDataset("rewards", values: (0..<rows).map(reward))
            try root.createDataset("terminals", values: [Bool](repeating: false, count: rows))
            try root.createDataset("timeouts", values: (0..<rows).map { $0 % 50 == 49 })
        }
    }

    @Test("--overwrite: a new run that diverges at its first step leaves the previous run's checkpoint in place")
    func divergenceAtFirstStep() throws {
        let directory = try TemporaryDirectory()
        let exploding = directory.path("exploding-v0.hdf5")
        try Self.writeDataset(exploding, rows: 200) { _ in 3e38 }
        let run = directory.path("run")
        #expect(try Self.train([Self.dataset, "--steps", "5", "-o", run] + Self.small).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: run + "/checkpoint.h5"))
        let result = try Self.train([exploding, "--steps", "100", "--reward-transform", "none", "-o", run, "--overwrite"] + Self.small)
        #expect(result.status == 1)
        #expect(result.standardError.contains("non-finite loss at step 1 "), "\(result.standardError)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: run + "/checkpoint.h5")) == before)
    }

    /// One row of 20,000 has reward 3e38, so the critic loss (Q − 3e38)² overflows at the first
    /// update whose batch of 16 draws that row: the run trains normally until then (on average
    /// 1/(16/20,000) = 1250 updates; the batch indices do not depend on any computed value, so the
    /// step is the same on every machine).
    @Test("a run that checkpoints and diverges later stops naming the step, its last checkpoint byte for byte intact")
    func divergenceLater() throws {
        let directory = try TemporaryDirectory()
        let poisoned = directory.path("poisoned-v0.hdf5")
        try Self.writeDataset(poisoned, rows: 20_000) { $0 == 12_345 ? 3e38 : Float($0 % 3) / 3 }
        let run = directory.path("run")
        let arguments = [poisoned, "-o", run, "--hidden-dims", "16,16", "--batch-size", "16", "--log-interval", "1"]
        let first = try Self.train(arguments + ["--steps", "10", "--checkpoint-interval", "5", "--reward-transform", "none"])
        #expect(first.status == 0, "the poisoned row was drawn in the first 10 steps: \(first.standardError)")
        let lastGood = try Data(contentsOf: URL(fileURLWithPath: run + "/checkpoint.h5"))

        let result = try Self.train(arguments + ["--steps", "20000", "--resume"])
        #expect(result.status == 1)
        let message = try #require(result.standardError.firstMatch(of: #/non-finite loss at step (\d+) \(.*critic inf.*\)/#), "\(result.standardError)")
        let step = try #require(Int(message.1))
        let logged = try String(contentsOfFile: run + "/metrics.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(step > 10 && logged.last?.split(separator: ",").first.flatMap { Int($0) } == step - 1,
                "step \(step); the last finite step logged: \(logged.last ?? "none")")
        #expect(try Data(contentsOf: URL(fileURLWithPath: run + "/checkpoint.h5")) == lastGood)
        print("poisoned row drawn at step \(step)")
    }

    /// A dataset name, the flags given, and the τ, β and actor dropout of SPEC §3's table
    /// (locomotion 0.7 / 3 / none, antmaze 0.9 / 10 / none, kitchen and adroit 0.7 / 0.5 / 0.1)
    /// with the flags applied.
    struct PresetCase: Sendable, CustomTestStringConvertible {
        var name: String
        var flags: [String] = []
        var expectile: Float
        var temperature: Float
        var dropout: Float
        var testDescription: String { ([name] + flags).joined(separator: " ") }
    }

    static let presetCases: [PresetCase] = [
        PresetCase(name: "hopper-medium-v2", expectile: 0.7, temperature: 3, dropout: 0),
        PresetCase(name: "halfcheetah-medium-replay-v2", expectile: 0.7, temperature: 3, dropout: 0),
        PresetCase(name: "antmaze-umaze-v0", expectile: 0.9, temperature: 10, dropout: 0),
        PresetCase(name: "antmaze-large-diverse-v2", expectile: 0.9, temperature: 10, dropout: 0),
        PresetCase(name: "kitchen-complete-v0", expectile: 0.7, temperature: 0.5, dropout: 0.1),
        PresetCase(name: "pen-human-v1", expectile: 0.7, temperature: 0.5, dropout: 0.1),
        PresetCase(name: "hammer-cloned-v1", expectile: 0.7, temperature: 0.5, dropout: 0.1),
        PresetCase(name: "door-expert-v1", expectile: 0.7, temperature: 0.5, dropout: 0.1),
        PresetCase(name: "relocate-human-v1", expectile: 0.7, temperature: 0.5, dropout: 0.1),
        PresetCase(name: "antmaze-umaze-v0", flags: ["--expectile", "0.8", "--temperature", "5"], expectile: 0.8, temperature: 5, dropout: 0),
        PresetCase(name: "pen-human-v1", flags: ["--dropout", "0"], expectile: 0.7, temperature: 0.5, dropout: 0),
        PresetCase(name: "kitchen-partial-v0", flags: ["--temperature", "2", "--dropout", "0.2"], expectile: 0.7, temperature: 2, dropout: 0.2),
        PresetCase(name: "hopper-medium-v2", flags: ["--preset", "antmaze", "--temperature", "1"], expectile: 0.9, temperature: 1, dropout: 0),
        PresetCase(name: "hopper-medium-v2", flags: ["--preset", "adroit"], expectile: 0.7, temperature: 0.5, dropout: 0.1),
    ]

    @Test("the preset comes from the dataset name, and each flag overrides its field", arguments: presetCases)
    func presetFromName(_ item: PresetCase) throws {
        let directory = try TemporaryDirectory()
        let dataset = directory.path(item.name + ".hdf5")
        try FileManager.default.copyItem(atPath: Self.dataset, toPath: dataset)
        let run = directory.path("run")
        let result = try Self.train([dataset, "--steps", "1", "--eval-env", "none", "-o", run] + Self.small + item.flags)
        #expect(result.status == 0, "\(result.standardError)")
        let config = try Checkpoint(contentsOf: run + "/checkpoint.h5").config
        #expect(config.expectile == item.expectile && config.temperature == item.temperature && config.dropoutRate == item.dropout,
                "τ \(config.expectile), β \(config.temperature), dropout \(config.dropoutRate)")
        #expect(config.hiddenDims == [32, 32] && config.discount == 0.99 && config.targetUpdateRate == 0.005)
    }
}
