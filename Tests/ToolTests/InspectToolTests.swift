import Foundation
import TestSupport
import Testing

/// `d4rl-inspect` run as a user runs it: `--json` against the Python sidecar, the plain
/// report, and one-line errors with a non-zero exit for bad input.
struct InspectToolTests {
    static let facts = ((try? JSONSerialization.jsonObject(
        with: Data(contentsOf: Fixtures.directory.appendingPathComponent("d4rl/expected.json")))) as? [String: [String: Any]]) ?? [:]

    static func inspect(_ arguments: [String]) throws -> ProcessResult { try Tool.run("d4rl-inspect", arguments) }

    @Test("--json holds the sidecar's facts", arguments: facts.keys.sorted())
    func jsonMatchesSidecar(file: String) throws {
        let expected = Self.facts[file]!
        let maxSteps = expected["max_episode_steps"] as! Int
        let result = try Self.inspect([Fixtures.path("d4rl/\(file)"), "--json", "--max-episode-steps", "\(maxSteps)"])
        #expect(result.status == 0, "\(result.standardError)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        for key in ["rows", "observation_dim", "action_dim", "episode_count"] {
            #expect(report[key] as? Int == expected[key] as? Int, "\(key)")
        }
        let qlearning = expected["qlearning"] as! [String: Any]
        #expect(report["qlearning_transitions"] as? Int == qlearning["transitions"] as? Int)
        let episodes = try #require(report["episodes"] as? [String: Any]), expectedEpisodes = expected["episodes"] as! [String: Any]
        for key in ["terminals", "timeouts", "next_observation_mismatches"] {
            #expect("\(episodes[key] ?? NSNull())" == "\(expectedEpisodes[key] ?? NSNull())", "episodes.\(key)")
        }
        let returns = try #require(report["returns"] as? [String: Double]), expectedReturns = expected["returns"] as! [String: Double]
        for key in ["min", "mean", "max"] {
            #expect(abs(returns[key]! - expectedReturns[key]!) <= 1e-5 * max(abs(expectedReturns[key]!), 1), "returns.\(key)")
        }
        let datasets = try #require(report["datasets"] as? [[String: Any]])
        let observations = try #require(datasets.first { $0["path"] as? String == "/observations" })
        #expect(observations["dtype"] as? String == expected["dtype"] as? String)
        #expect(observations["shape"] as? [Int] == [expected["rows"] as! Int, expected["observation_dim"] as! Int])
        #expect(observations["compression"] as? String == "gzip")
        #expect((observations["chunks"] as? [Int])?.count == 2)
    }

    @Test("--json gives metadata values and attributes as JSON values")
    func jsonValues() throws {
        let result = try Self.inspect([Fixtures.path("d4rl/hopper-medium-v2-mini.hdf5"), "--json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let datasets = try #require(report["datasets"] as? [[String: Any]])
        func value(_ path: String) -> Any? { datasets.first { $0["path"] as? String == path }?["value"] }
        #expect(value("/metadata/algorithm") as? String == "SAC")
        #expect(value("/metadata/iteration") as? Int == 1_000_000)
        #expect((report["groups"] as? [String: [String: Any]])?["/"]?["source"] as? String == "make_fixtures.py")
    }

    @Test("the plain report names the file's metadata and the summary")
    func plainReport() throws {
        let result = try Self.inspect([Fixtures.path("d4rl/hopper-medium-v2-mini.hdf5")])
        #expect(result.status == 0)
        for needle in ["/metadata/algorithm", "SAC", "/infos/qpos", "q-learning transitions", "2995", "episode return"] {
            #expect(result.standardOutput.contains(needle), "plain output lacks \(needle)")
        }
    }

    @Test("suspicious data is flagged", arguments: [
        ("hopper-medium-replay-v2-mini.hdf5", "both terminal and timeout"),
        ("hopper-medium-replay-v2-mini.hdf5", "not followed by a reset"),
        ("hopper-medium-v0-mini.hdf5", "timeouts"),
    ])
    func warnings(file: String, warning: String) throws {
        let result = try Self.inspect([Fixtures.path("d4rl/\(file)")])
        #expect(result.standardOutput.contains(warning))
    }

    @Test("bad input: one line on stderr, non-zero exit", arguments: [
        "malformed/missing-actions.hdf5", "malformed/truncated.hdf5", "malformed/not-hdf5.hdf5", "malformed/wrong-rank.hdf5",
        "does-not-exist.hdf5",
    ])
    func badInput(file: String) throws {
        let result = try Self.inspect([Fixtures.path(file)])
        #expect(result.status != 0)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(result.standardError)")
        #expect(result.standardError.contains(URL(fileURLWithPath: file).lastPathComponent))
    }

    @Test func help() throws {
        let result = try Self.inspect(["--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("--json"))
    }
}
