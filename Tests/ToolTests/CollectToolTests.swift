import Foundation
import TestSupport
import Testing

/// `d4rl-collect` run as a user runs it; its output read back by `d4rl-inspect --json`.
struct CollectToolTests {
    static let policy = Fixtures.path("policies/hopper-expert.h5")

    static func collect(_ arguments: [String]) throws -> ProcessResult {
        try Tool.run("d4rl-collect", ["--workers", "2"] + arguments)
    }

    @Test("two segments: d4rl-inspect reads the row count, widths and episode ends")
    func writesInspectableFile() throws {
        let directory = try TemporaryDirectory()
        let output = directory.path("hopper-mixed-collected.hdf5")
        let result = try Self.collect(["--env", "hopper", "--policy", "random", "--policy", "stochastic:\(Self.policy)",
                                       "--transitions", "300", "--transitions", "1200", "--noise", "0.1", "--seed", "5",
                                       "-o", output])
        #expect(result.status == 0, "\(result.standardError)")
        for needle in ["wrote \(output): 1500 rows", "random: 300 rows", "stochastic:\(Self.policy): 1200 rows",
                       "normalised score", "steps/s", "content hash"] {
            #expect(result.standardOutput.contains(needle), "summary lacks '\(needle)':\n\(result.standardOutput)")
        }
        let inspected = try Tool.run("d4rl-inspect", [output, "--json"])
        #expect(inspected.status == 0, "\(inspected.standardError)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(inspected.standardOutput.utf8)) as? [String: Any])
        #expect(report["rows"] as? Int == 1500)
        #expect(report["observation_dim"] as? Int == 11 && report["action_dim"] as? Int == 3)
        let episodes = try #require(report["episodes"] as? [String: Any])
        let episodeCount = try #require(report["episode_count"] as? Int)
        #expect(episodes["next_observation_mismatches"] as? Int == episodeCount - 1, "s′ differs from the next row only at resets")
        #expect((report["warnings"] as? [Any])?.isEmpty == true, "\(report["warnings"] ?? [])")
        #expect((episodes["timeouts"] as? Int ?? 0) >= 2, "each segment ends with a timeout")
        #expect((episodes["terminals"] as? Int ?? 0) >= 1, "random Hopper episodes fall")
        let datasets = try #require(report["datasets"] as? [[String: Any]])
        let qpos = try #require(datasets.first { $0["path"] as? String == "/infos/qpos" })
        #expect(qpos["shape"] as? [Int] == [1500, 6] && qpos["dtype"] as? String == "float64")
    }

    @Test("an IQL checkpoint acts through checkpoint:RUN/checkpoint.h5")
    func checkpointPolicy() throws {
        let directory = try TemporaryDirectory()
        let run = directory.path("run"), output = directory.path("hopper-iql-collected.hdf5")
        let trained = try Tool.run("iql-train", [Fixtures.path("d4rl/hopper-medium-v2-mini.hdf5"), "--steps", "10", "--log-interval", "10",
                                                 "--hidden-dims", "32,32", "--batch-size", "64", "--schedule-steps", "200", "-o", run])
        #expect(trained.status == 0, "\(trained.standardError)")
        let result = try Self.collect(["--env", "hopper", "--policy", "checkpoint:\(run)/checkpoint.h5", "--transitions", "200",
                                       "-o", output])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("checkpoint:\(run)/checkpoint.h5: 200 rows"), "\(result.standardOutput)")
        let walker = try Self.collect(["--env", "walker2d", "--policy", "checkpoint:\(run)/checkpoint.h5", "--transitions", "200",
                                       "-o", directory.path("walker.hdf5")])
        #expect(walker.status != 0 && walker.standardError.contains("maps 11 observation values to 3 actions"), "\(walker.standardError)")
    }

    @Test("an existing output is refused without --overwrite and replaced with it")
    func refusesToOverwrite() throws {
        let directory = try TemporaryDirectory()
        let output = directory.path("taken.hdf5")
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: output))
        let refused = try Self.collect(["--env", "hopper", "--policy", "random", "--transitions", "50", "-o", output])
        #expect(refused.status != 0)
        #expect(refused.standardError.split(separator: "\n").count == 1 && refused.standardError.contains("--overwrite"),
                "stderr: \(refused.standardError)")
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "keep me")
        let replaced = try Self.collect(["--env", "hopper", "--policy", "random", "--transitions", "50", "-o", output, "--overwrite"])
        #expect(replaced.status == 0, "\(replaced.standardError)")
        #expect(replaced.standardOutput.contains("50 rows"))
    }

    @Test("bad policies: non-zero exit, one line naming the file, no output written", arguments: [
        ("stochastic:" + Fixtures.path("d4rl/hopper-medium-v2-mini.hdf5"), "not a behaviour policy file"),
        ("deterministic:" + Fixtures.path("malformed/not-hdf5.hdf5"), "not-hdf5.hdf5"),
        ("checkpoint:" + Fixtures.path("policies/missing.h5"), "missing.h5"),
        ("stochastic:" + Fixtures.path("policies/hopper-expert.h5"), "cannot act in Walker2d"),
    ])
    func badPolicy(policy: String, message: String) throws {
        let directory = try TemporaryDirectory()
        let output = directory.path("out.hdf5")
        let result = try Self.collect(["--env", "walker2d", "--policy", policy, "--transitions", "50", "-o", output])
        #expect(result.status != 0)
        #expect(result.standardError.split(separator: "\n").count == 1, "stderr: \(result.standardError)")
        #expect(result.standardError.contains(message), "stderr: \(result.standardError)")
        #expect(try directory.contents().isEmpty)
    }

    @Test("--help shows the policy kinds and an example")
    func help() throws {
        let result = try Tool.run("d4rl-collect", ["--help"])
        #expect(result.status == 0)
        for needle in ["stochastic:FILE.h5", "checkpoint:", "--transitions", "--overwrite", "Examples:"] {
            #expect(result.standardOutput.contains(needle), "help lacks \(needle)")
        }
    }
}
