import Core
import D4RL
import Foundation
import IQL
import Online
import SAC
import TestSupport
import Testing

/// `sac-train` and `iql-train --finetune-steps` run as users run them, on small networks.
struct OnlineToolTests {
    static let small = ["--hidden-dims", "16,16", "--batch-size", "16", "--random-steps", "100", "--eval-episodes", "1"]

    static func sac(_ arguments: [String]) throws -> ProcessResult { try Tool.run("sac-train", arguments) }

    /// Runs `tool` until `file` in `directory` has `rows` lines, then sends SIGINT.
    static func interrupt(_ tool: String, _ arguments: [String], when file: String, hasLines rows: Int) throws -> Int32 {
        let process = Process()
        process.executableURL = Tool.productsDirectory.appendingPathComponent(tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, ((try? String(contentsOfFile: file, encoding: .utf8))?.split(separator: "\n").count ?? 0) < rows {
            Thread.sleep(forTimeInterval: 0.02)
        }
        process.interrupt()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test("sac-train writes its logs, evaluations, result and policies; the policy collects data with d4rl-collect")
    func outputs() throws {
        let directory = try TemporaryDirectory()
        let run = directory.path("run"), replay = directory.path("hopper-replay.hdf5")
        let result = try Self.sac(["--env", "hopper", "--steps", "300", "--eval-interval", "150", "--log-interval", "50",
                                   "--save-policy-at", "0,200", "--save-policy-every", "250", "--save-policy-at-return", "-1e9", "--write-replay", replay, "-o", run] + Self.small)
        #expect(result.status == 0, "\(result.standardError)")
        let metrics = try String(contentsOfFile: run + "/metrics.csv", encoding: .utf8).split(separator: "\n")
        #expect(metrics.first == "step,critic_loss,actor_loss,alpha_loss,alpha,entropy,mean_q,episode_return,episode_length,episodes,steps_per_second")
        #expect(metrics.dropFirst().map { $0.prefix { $0 != "," } } == ["50", "100", "150", "200", "250", "300"])
        let cells = metrics.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[1] }
        #expect(cells[0] == "" && !cells[1].isEmpty, "no update before the buffer holds --random-steps rows, one from then on")
        let evaluations = try String(contentsOfFile: run + "/eval.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(evaluations.map { $0.prefix { $0 != "," } } == ["150", "300"])
        for file in ["policy.h5", "policy-step-0.h5", "policy-step-200.h5", "policy-step-250.h5", "policy-return--1000000000.h5", "result.json", "episodes.csv"] {
            #expect(FileManager.default.fileExists(atPath: run + "/" + file), "\(file) missing")
        }
        // The threshold was crossed at the first evaluation: the replay file holds the 150 rows before it.
        let dataset = try D4RLDataset(contentsOf: replay)
        #expect(dataset.rowCount == 150 && (dataset.timeouts?.last == true || dataset.terminals.last == true))
        // --export-replay afterwards: the first 120 steps are the first rows of the threshold's file.
        let exported = directory.path("first-120.hdf5")
        let export = try Self.sac(["--env", "hopper", "--export-replay", exported, "--until-step", "120", "-o", run])
        #expect(export.status == 0 && export.standardOutput.contains("120 rows"), "\(export.standardError)")
        let first = try D4RLDataset(contentsOf: exported)
        #expect(first.rowCount == 120 && first.observations == Array(dataset.observations.prefix(120 * 11)))
        #expect(first.actions == Array(dataset.actions.prefix(120 * 3)) && first.timeouts?.last == true)
        let beyond = try Self.sac(["--env", "hopper", "--export-replay", directory.path("x.hdf5"), "--until-step", "301", "-o", run])
        #expect(beyond.status != 0 && beyond.standardError.contains("holds the steps 0..<300"), "\(beyond.standardError)")
        let policy = try SACPolicy(contentsOf: run + "/policy.h5")
        #expect(policy.task == "Hopper-v4" && policy.hiddenDims == [16, 16])
        // Step 0 is the initial policy: the weights SACLearner draws from the run's seed.
        var generator = SplitMix64(seed: 0)
        var config = SACConfig()
        (config.hiddenDims, config.batchSize) = ([16, 16], 16)
        let initial = SACLearner(config: config, observationDim: 11, actionDim: 3, using: &generator, twoThreads: false)
        #expect(try SACPolicy(contentsOf: run + "/policy-step-0.h5").actor == initial.state.actor.parameters)
        let collected = directory.path("collected.hdf5")
        let collect = try Tool.run("d4rl-collect", ["--env", "hopper", "--policy", "stochastic:\(run)/policy.h5", "--transitions", "300", "-o", collected])
        #expect(collect.status == 0, "\(collect.standardError)")
        #expect(try D4RLDataset(contentsOf: collected).rowCount == 300)
        let wrongRobot = try Tool.run("d4rl-collect", ["--env", "walker2d", "--policy", "deterministic:\(run)/policy.h5", "--transitions", "10",
                                                      "-o", directory.path("x.hdf5")])
        #expect(wrongRobot.status == 1 && wrongRobot.standardError.contains("cannot act in Walker2d-v4"), "\(wrongRobot.standardError)")
    }

    @Test("sac-train: Ctrl-C mid-episode writes a checkpoint (status 130) and --resume continues bit for bit")
    func interruptAndResume() throws {
        let directory = try TemporaryDirectory()
        let (split, straight) = (directory.path("split"), directory.path("straight"))
        let arguments = ["--env", "hopper", "--steps", "400", "--log-interval", "10", "--eval-interval", "1000"] + Self.small
        let status = try Self.interrupt("sac-train", arguments + ["-o", split], when: split + "/metrics.csv", hasLines: 20)
        #expect(status == 130)
        let stopped = try SACCheckpoint(contentsOf: split + "/checkpoint.h5")
        #expect(stopped.run.environmentSteps >= 190 && stopped.run.environmentSteps < 400)
        let resumed = try Self.sac(["--env", "hopper", "--resume", "-o", split])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(try Self.sac(arguments + ["-o", straight]).status == 0)
        let a = try SACCheckpoint(contentsOf: split + "/checkpoint.h5"), b = try SACCheckpoint(contentsOf: straight + "/checkpoint.h5")
        #expect(a.run.environmentSteps == 400 && a.learner == b.learner && a.run == b.run && a.replay.appended == b.replay.appended)
        #expect(try Data(contentsOf: URL(fileURLWithPath: split + "/episodes.csv")) == Data(contentsOf: URL(fileURLWithPath: straight + "/episodes.csv")))
    }

    @Test("sac-train refuses bad flags and an existing run in one line")
    func refusals() throws {
        let directory = try TemporaryDirectory()
        for (arguments, message) in [(["--env", "cartpole"], "--env cartpole"), (["--env", "hopper", "--steps", "0"], "--steps must be"),
                                     (["--env", "hopper", "--batch-size", "0"], "--batch-size must be"),
                                     (["--env", "hopper", "--save-policy-at", "10,x"], "--save-policy-at"),
                                     (["--env", "hopper", "--hidden-dims", "16,0"], "--hidden-dims must be")] {
            let result = try Self.sac(arguments + ["-o", directory.path("bad")])
            #expect(result.status != 0 && result.standardError.hasPrefix("Error: ") && result.standardError.contains(message),
                    "\(arguments): \(result.standardError)")
        }
        let run = directory.path("run")
        #expect(try Self.sac(["--env", "hopper", "--steps", "20", "-o", run] + Self.small).status == 0)
        let again = try Self.sac(["--env", "hopper", "--steps", "20", "-o", run] + Self.small)
        #expect(again.status == 1 && again.standardError.contains("--resume"), "\(again.standardError)")
        let contradicting = try Self.sac(["--env", "hopper", "--resume", "--batch-size", "32", "-o", run])
        #expect(contradicting.status != 0 && contradicting.standardError.contains("--batch-size 32 (the run has 16)"), "\(contradicting.standardError)")
    }

    @Test("iql-train --finetune-steps: evaluations continue the update axis, and a run stopped online resumes bit for bit")
    func fineTuning() throws {
        let directory = try TemporaryDirectory()
        let (split, straight) = (directory.path("split"), directory.path("straight"))
        let arguments = [Fixtures.path("d4rl/hopper-medium-v2-mini.hdf5"), "--steps", "40", "--finetune-steps", "200", "--hidden-dims", "16,16",
                         "--batch-size", "16", "--eval-interval", "40", "--eval-episodes", "1", "--log-interval", "5", "--threads", "1"]
        #expect(try Tool.run("iql-train", arguments + ["-o", straight]).status == 0)
        let evaluations = try String(contentsOfFile: straight + "/eval.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(evaluations.map { $0.prefix { $0 != "," } } == ["40", "80", "120", "160", "200", "240"])
        let checkpoint = try Checkpoint(contentsOf: straight + "/checkpoint.h5")
        #expect(checkpoint.state.step == 240 && !checkpoint.config.decaysActorLearningRate, "fine-tuning keeps the actor's rate constant")
        let phase = try #require(try FineTuningPhase(checkpointAt: straight + "/checkpoint.h5", observationDim: 11, actionDim: 3))
        #expect(phase.targetSteps == 200 && phase.progress?.run.environmentSteps == 200)
        #expect(phase.progress?.replay.count == 2995 + 200, "the offline transitions, then the new ones")

        let status = try Self.interrupt("iql-train", arguments + ["-o", split], when: split + "/online-metrics.csv", hasLines: 15)
        #expect(status == 130)
        let resumed = try Tool.run("iql-train", [Fixtures.path("d4rl/hopper-medium-v2-mini.hdf5"), "--resume", "--eval-episodes", "1",
                                                 "--eval-interval", "40", "--log-interval", "5", "-o", split])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        let a = try Checkpoint(contentsOf: split + "/checkpoint.h5")
        #expect(a.state == checkpoint.state)
        let resumedPhase = try #require(try FineTuningPhase(checkpointAt: split + "/checkpoint.h5", observationDim: 11, actionDim: 3))
        #expect(resumedPhase.progress?.run == phase.progress?.run)
        #expect(try String(contentsOfFile: split + "/eval.csv", encoding: .utf8) == String(contentsOfFile: straight + "/eval.csv", encoding: .utf8))
    }
}
