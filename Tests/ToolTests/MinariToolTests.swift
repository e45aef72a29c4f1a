import Core
import D4RL
import Foundation
import TestSupport
import Testing

/// The tools on Minari datasets as a user runs them: inspect, train (evaluating in the
/// environment the dataset names), score with the dataset's own reference scores, and convert.
/// Expected numbers come from `Fixtures/minari/expected.json` (what minari 0.5.4 reads).
struct MinariToolTests {
    static let hopper = Fixtures.path("minari/fixtures/hopper/random-v0")
    static let antmaze = Fixtures.path("minari/fixtures/antmaze/umaze-v0")
    static let hopperFacts = MinariFacts.fixtures["fixtures/hopper/random-v0"]

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("d4rl-inspect --json: the existing keys plus format, ids, episode endings and reference scores, as minari counts them")
    func inspectJSON() throws {
        let facts = try #require(Self.hopperFacts)
        let result = try Tool.run("d4rl-inspect", ["--json", Self.hopper])
        #expect(result.status == 0, "\(result.standardError)")
        let report = try Self.json(result.standardOutput)
        #expect(report["format"] as? String == "minari" && report["dataset_id"] as? String == facts.dataset_id)
        #expect(report["env_id"] as? String == "Hopper-v5")
        #expect(report["episode_count"] as? Int == facts.total_episodes && report["rows"] as? Int == facts.total_steps)
        #expect(report["terminated_episodes"] as? Int == facts.terminated_episodes)
        #expect(report["truncated_episodes"] as? Int == facts.truncated_episodes)
        #expect(report["ref_min_score"] as? Double == facts.ref_min_score && report["ref_max_score"] as? Double == facts.ref_max_score)
        let returns = try #require(report["returns"] as? [String: Double]), expected = facts.episodes.map(\.return)
        #expect(returns["min"] == expected.min() && returns["max"] == expected.max())
        #expect(abs(try #require(returns["mean"]) - expected.reduce(0, +) / Double(expected.count)) < 1e-9)
        #expect((report["warnings"] as? [String])?.isEmpty == true)
    }

    @Test("d4rl-inspect text: metadata, episodes by how they ended, steps and one row per observation dimension")
    func inspectText() throws {
        let result = try Tool.run("d4rl-inspect", [Fixtures.path("minari/fixtures/pointgoal/mixed-v0")])
        #expect(result.status == 0, "\(result.standardError)")
        for line in ["environment        FixturePointGoal-v0", "episodes           6 (ended by termination 4 · by truncation 2)",
                     "steps              79", "keys observation 4, achieved_goal 2, desired_goal 2", "Warnings: none"] {
            #expect(result.standardOutput.contains(line), "missing '\(line)'")
        }
    }

    @Test("iql-train on a Minari directory evaluates in its eval_env_spec's environment; result.json and d4rl-score use its ref scores")
    func trainAndScore() throws {
        let directory = try TemporaryDirectory(), run = directory.path("run")
        let train = try Tool.run("iql-train", [Self.hopper, "--steps", "20", "--hidden-dims", "8,8", "--batch-size", "8",
                                               "--eval-episodes", "2", "--eval-interval", "20", "-o", run])
        #expect(train.status == 0, "\(train.standardError)")
        #expect(train.standardOutput.contains("evaluation: Hopper-v5"), "\(train.standardOutput)")
        let result = try Self.json(try String(contentsOfFile: run + "/result.json", encoding: .utf8))
        let reference = try #require(result["reference"] as? [String: Any])
        #expect(reference["name"] as? String == "fixtures/hopper/random-v0")
        let low = -20.272305, high = 3234.3
        #expect(reference["random_return"] as? Double == low && reference["expert_return"] as? Double == high)
        let last = try #require((result["evaluations"] as? [[String: Any]])?.last)
        let meanReturn = try #require(last["mean_return"] as? Double)
        let score = try #require(last["normalized_score"] as? Double)
        #expect(abs(score - 100 * (meanReturn - low) / (high - low)) < 1e-9)
        let table = try Tool.run("d4rl-score", ["table", run])
        #expect(table.status == 0 && table.standardOutput.contains("| fixtures/hopper/random-v0 | **\(String(format: "%.1f", score)) ± 0.0 (1)** |"),
                "\(table.standardOutput)\(table.standardError)")
    }

    @Test("d4rl-score normalize --dataset uses the dataset's ref_min_score / ref_max_score, by directory or by id")
    func normalize() throws {
        let byPath = try Tool.run("d4rl-score", ["normalize", "--dataset", Self.hopper, "1607.01"])
        #expect(byPath.status == 0 && byPath.standardOutput.contains("return 1607.01 → score 50.00"), "\(byPath.standardOutput)")
        let byID = try Tool.run("d4rl-score", ["normalize", "--dataset", "fixtures/antmaze/umaze-v0", "0.25"],
                                environment: ["MINARI_DATASETS_PATH": Fixtures.path("minari")])
        #expect(byID.status == 0 && byID.standardOutput.contains("return 0.25 → score 25.00"), "\(byID.standardOutput)")
    }

    @Test("an environment the toolkit cannot simulate is refused in one line naming --eval-env none, which trains with the antmaze preset")
    func unsimulatedEnvironment() throws {
        let directory = try TemporaryDirectory()
        let refused = try Tool.run("iql-train", [Self.antmaze, "--steps", "2", "-o", directory.path("a")])
        #expect(refused.status == 1 && refused.standardError.split(separator: "\n").count == 1)
        #expect(refused.standardError.contains("FixtureAntMaze_UMaze-v0") && refused.standardError.contains("--eval-env none"))
        let trained = try Tool.run("iql-train", [Self.antmaze, "--steps", "2", "--hidden-dims", "8,8", "--batch-size", "8",
                                                 "--eval-env", "none", "-o", directory.path("b")])
        #expect(trained.status == 0, "\(trained.standardError)")
        #expect(trained.standardOutput.contains("rewards antmaze") && trained.standardOutput.contains("expectile 0.9"))
    }

    @Test("--observation-keys picks the keys training sees; an unknown key is one line")
    func observationKeys() throws {
        let directory = try TemporaryDirectory(), dataset = Fixtures.path("minari/fixtures/pointgoal/mixed-v0")
        let picked = try Tool.run("iql-train", [dataset, "--observation-keys", "observation,desired_goal", "--steps", "2",
                                                "--hidden-dims", "8,8", "--batch-size", "8", "--eval-env", "none", "-o", directory.path("a")])
        #expect(picked.status == 0 && picked.standardOutput.contains("observation 6"), "\(picked.standardOutput)\(picked.standardError)")
        let unknown = try Tool.run("iql-train", [dataset, "--observation-keys", "observation,goal", "--steps", "2",
                                                 "--eval-env", "none", "-o", directory.path("b")])
        #expect(unknown.status == 1 && unknown.standardError.hasPrefix("Error: ") && unknown.standardError.split(separator: "\n").count == 1)
        #expect(unknown.standardError.contains("'goal'") && unknown.standardError.contains("observation, achieved_goal, desired_goal"))
    }

    @Test("D4RL → Minari → D4RL keeps every array bit for bit; the converter says what Minari cannot hold")
    func roundTrip() throws {
        let directory = try TemporaryDirectory()
        let source = Fixtures.path("d4rl/hopper-medium-v2-mini.hdf5"), back = directory.path("back.hdf5")
        let there = try Tool.run("d4rl-convert", ["to-minari", source, "-o", directory.path("minari")])
        #expect(there.status == 0 && there.standardOutput.contains("not carried over: infos/*, metadata/*"), "\(there.standardOutput)")
        #expect(try Tool.run("d4rl-convert", ["to-d4rl", directory.path("minari"), "-o", back]).status == 0)
        let original = try D4RLDataset(contentsOf: source), copy = try D4RLDataset(contentsOf: back)
        #expect(copy.observations == original.observations && copy.actions == original.actions)
        #expect(copy.rewards == original.rewards && copy.terminals == original.terminals)
        // The file's last episode ends without a flag; Minari stores it truncated, D4RL then as a timeout.
        #expect(there.standardOutput.contains("1 episode ends without a terminal or timeout flag: written as truncated"))
        var timeouts = try #require(original.timeouts)
        timeouts[timeouts.count - 1] = true
        #expect(copy.timeouts == timeouts)
        #expect(copy.nextObservations == original.nextObservations)
        let again = try Tool.run("d4rl-convert", ["to-d4rl", directory.path("minari"), "-o", back])
        #expect(again.status == 1 && again.standardError.contains("--overwrite"), "nothing existing is replaced without --overwrite")
    }
}
