import Scores
import Foundation
import TestSupport
import Testing

/// The whole loop a user runs without D4RL's downloads: collect a dataset in the simulator,
/// train on it with evaluation, then evaluate the saved policy on its own.
struct PipelineToolTests {
    @Test("d4rl-collect → iql-train --eval-* → iql-eval: eval.csv, result.json, and the same returns replayed")
    func collectTrainEvaluate() throws {
        let directory = try TemporaryDirectory()
        let dataset = directory.path("hopper-expert-collected.hdf5"), run = directory.path("run")
        let expert = "deterministic:" + Fixtures.path("policies/hopper-expert.h5")
        let collected = try Tool.run("d4rl-collect", ["--env", "hopper", "--policy", expert, "--policy", "random",
                                                      "--transitions", "1500", "--noise", "0.1", "-o", dataset])
        #expect(collected.status == 0, "\(collected.standardError)")

        let trained = try Tool.run("iql-train", [dataset, "--steps", "200", "--seed", "5", "--eval-interval", "100",
                                                 "--eval-episodes", "3", "--hidden-dims", "32,32", "--batch-size", "64",
                                                 "--log-interval", "100", "-o", run])
        #expect(trained.status == 0, "\(trained.standardError)")
        #expect(trained.standardOutput.contains("Hopper-v4 (MuJoCo "), "the simulator was not inferred from the name")
        let result = try RunResult.read(from: run + "/result.json")
        #expect(result.dataset == "hopper-expert-collected" && result.evaluations.map(\.step) == [100, 200])
        let evalRows = try String(contentsOfFile: run + "/eval.csv", encoding: .utf8).split(separator: "\n")
        #expect(evalRows.count == 3)

        let evaluated = try Tool.run("iql-eval", [run + "/checkpoint.h5", "--episodes", "3", "--seed", "5", "--json"])
        #expect(evaluated.status == 0, "\(evaluated.standardError)")
        let report = try JSONDecoder().decode(Report.self, from: Data(evaluated.standardOutput.utf8))
        #expect(report.evaluation.returns == result.evaluations.last?.returns)
    }

    /// The part of `iql-eval --json` this test reads.
    struct Report: Decodable {
        var evaluation: RunResult.Evaluation
    }
}
