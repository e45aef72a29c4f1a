import Core
@testable import Scores
import Foundation
import TestSupport
import Testing

/// Reading runs: `result.json` round trips, score CSVs, and the problems of bad input (each one
/// names its file; everything else is still read).
struct ScoreInputTests {
    static let evaluation = RunResult.Evaluation(
        step: 5000, meanReturn: 1627, stdReturn: 2.5, normalizedScore: 50.614094591455,
        returns: [1624.5, 1629.5], episodeLengths: [1000, 1000])

    @Test("result.json round trips with snake_case keys and version keys kept as written")
    func runResultRoundTrip() throws {
        let directory = try TemporaryDirectory()
        var second = Self.evaluation
        second.step = 10000
        second.normalizedScore = 40
        let result = RunResult(
            dataset: "hopper-medium-v2", algorithm: "IQL", seed: 3, steps: 10000, evaluations: [Self.evaluation, second],
            versions: ["d4rl-iql": "0.1", "git_commit": "abc"])
        #expect(result.finalScore == 40 && result.bestScore == 50.614094591455)
        try result.write(to: directory.path("result.json"))
        #expect(try RunResult.read(from: directory.path("result.json")) == result)
        let text = try String(contentsOfFile: directory.path("result.json"), encoding: .utf8)
        for key in ["\"final_score\"", "\"best_score\"", "\"mean_return\"", "\"episode_lengths\"", "\"git_commit\"", "\"d4rl-iql-run\""] {
            #expect(text.contains(key), "\(key) missing")
        }
    }

    @Test("an evaluation record from an Evaluation: mean, population std, normalised mean")
    func evaluationRecord() throws {
        var environment = NoEnvironment()
        var evaluation = Core.Evaluation(policy: ZeroPolicy(), environment: &environment, episodes: 0, seed: 0)
        evaluation.returns = [1624.5, 1629.5]
        evaluation.lengths = [1000, 1000]
        let record = RunResult.Evaluation(step: 5000, evaluation: evaluation, reference: try ReferenceScores.lookup("hopper-medium-v2"))
        #expect(record.meanReturn == 1627 && record.stdReturn == 2.5)
        #expect(abs(record.normalizedScore - 50.614094591455) < 1e-9)
    }

    @Test("a score CSV: returns are normalised, file names accepted, bad rows named by line")
    func csvRows() {
        let text = """
            dataset,algorithm,seed,return
            hopper_medium-v2.hdf5,"TD3+BC",0,1627
            antmaze-umaze-v0,TD3+BC,x,1
            antmaze-umaze-v0,TD3+BC,1,1

            """
        let (records, problems) = RunRecord.records(csv: text, file: "a.csv")
        #expect(records.map(\.dataset) == ["hopper-medium-v2", "antmaze-umaze-v0"])
        #expect(records.map(\.algorithm) == ["TD3+BC", "TD3+BC"])
        #expect(abs(records[0].finalScore - 50.614094591455) < 1e-9 && records[1].bestScore == 100)
        #expect(problems.map(\.description) == ["a.csv:3: seed 'x' is not a whole number ≥ 0"])
    }

    @Test("a score column in [−1.5, 1.5] is flagged as not ×100")
    func csvFractionWarning() {
        let (records, problems) = RunRecord.records(csv: "algorithm,dataset,seed,score\nIQL,hopper-medium-v2,0,0.66\n", file: "f.csv")
        #expect(records.first?.finalScore == 0.66)
        #expect(problems.count == 1 && problems[0].description.hasPrefix("f.csv: every score is within ±1.5"))
        #expect(RunRecord.records(csv: "dataset,seed,value\n", file: "g.csv").problems.map(\.path) == ["g.csv"])
    }

    @Test("bad inputs are named and left out; the good runs are all read")
    func malformedFixtures() throws {
        let empty = try TemporaryDirectory()
        let malformed = Fixtures.path("results/malformed")
        let collection = RunCollection(paths: [Fixtures.path("results/runs"), malformed, empty.url.path, "/no/such/path"])
        #expect(collection.runs.count == 12)
        let reasons = Dictionary(collection.problems.map { ($0.path, $0.reason) }, uniquingKeysWith: { $0 + "; " + $1 })
        #expect(reasons[malformed + "/truncated/result.json"] == "not valid JSON")
        #expect(reasons[malformed + "/missing-key/result.json"] == "missing key 'final_score'")
        #expect(reasons[malformed + "/unknown-dataset/result.json"]?.hasPrefix("unknown D4RL name 'hoper-medium-v2'; did you mean hopper-medium-v2") == true)
        #expect(reasons[malformed + "/duplicate-seed/result.json"]?.hasPrefix("seed 0 of hopper-medium-v2 IQL is also in") == true)
        #expect(reasons[malformed + "/short-run/result.json"] == "2 evaluations, other walker2d-medium-v2 BC runs have 5; this one is left out")
        #expect((2...5).allSatisfy { reasons[malformed + "/bad-rows.csv:\($0)"] != nil })
        #expect(reasons[empty.url.path] == "no result.json or score CSV in this directory")
        #expect(reasons["/no/such/path"] == "no such file or directory")
    }

    @Test("directories skip CSVs that are not score files, such as metrics.csv")
    func metricsCSVSkipped() throws {
        let directory = try TemporaryDirectory()
        try "step,value_loss\n1,0.5\n".write(toFile: directory.path("metrics.csv"), atomically: true, encoding: .utf8)
        try "dataset,algorithm,seed,score\nhopper-medium-v2,IQL,0,70\n".write(toFile: directory.path("scores.csv"), atomically: true, encoding: .utf8)
        let collection = RunCollection(paths: [directory.url.path])
        #expect(collection.runs.count == 1 && collection.problems.isEmpty)
    }

    @Test("a file of another format is refused by name")
    func wrongFormat() throws {
        let directory = try TemporaryDirectory()
        try #"{"format": "other", "version": 1}"#.write(toFile: directory.path("x.json"), atomically: true, encoding: .utf8)
        #expect(throws: ScoreInputError(path: directory.path("x.json"), reason: "missing key 'dataset'")) {
            try RunResult.read(from: directory.path("x.json"))
        }
    }
}

/// The smallest environment and policy, to build an `Evaluation` value without rolling out.
struct NoEnvironment: Core.Environment {
    var observationDim: Int { 1 }
    var actionDim: Int { 1 }
    var maxEpisodeSteps: Int { 1 }
    mutating func reset(seed: UInt64) -> [Float] { [0] }
    mutating func step(_ action: [Float]) -> StepResult { StepResult(observation: [0], reward: 0, terminated: true, truncated: false) }
}

struct ZeroPolicy: Policy {
    func action(for observation: [Float]) -> [Float] { [0] }
}

/// Datasets collected here carry names D4RL does not know.
struct CollectedDatasetNameTests {
    @Test("a locomotion dataset made here keeps its canonical name; a misspelt robot is still refused")
    func collectedNames() throws {
        let result = RunResult(dataset: "Hopper_Mixed", algorithm: "IQL", seed: 0, steps: 5000, evaluations: [ScoreInputTests.evaluation])
        #expect(try RunRecord(result, file: "a/result.json").dataset == "hopper-mixed")
        var misspelt = result
        misspelt.dataset = "hoper-mixed"
        #expect(throws: ScoreInputError.self) { try RunRecord(misspelt, file: "b/result.json") }
    }
}
