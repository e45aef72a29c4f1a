import Scores
import Foundation
import TestSupport
import Testing

/// Evaluation in the simulator as users meet it: `iql-train --eval-*` (eval.csv, result.json,
/// resume) and `iql-eval`, on the 400-row Hopper dynamics fixture.
struct EvalToolTests {
    static let dataset = Fixtures.path("dynamics/hopper-v4-dynamics.hdf5")
    /// Tiny networks; the actor's cosine schedule is fixed at 200 steps so that a run cut short
    /// and resumed follows the same schedule as one run straight through.
    static let small = ["--hidden-dims", "32,32", "--batch-size", "64", "--log-interval", "50", "--schedule-steps", "200"]
    /// Hopper's D4RL reference returns, from SPEC §4.
    static let (hopperRandom, hopperExpert) = (-20.272305, 3234.3)

    static func train(_ arguments: [String]) throws -> ProcessResult { try Tool.run("iql-train", arguments) }
    static func evaluate(_ arguments: [String]) throws -> ProcessResult { try Tool.run("iql-eval", arguments) }

    static func hopperScore(_ meanReturn: Double) -> Double { 100 * (meanReturn - hopperRandom) / (hopperExpert - hopperRandom) }

    /// The rows of eval.csv, split into cells, without the header.
    static func rows(_ run: String) throws -> [[Substring]] {
        try String(contentsOfFile: run + "/eval.csv", encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    }

    @Test("iql-train evaluates at every interval and the final step; result.json agrees with eval.csv")
    func trainWithEvaluation() throws {
        let directory = try TemporaryDirectory()
        let run = directory.path("run")
        let result = try Self.train([Self.dataset, "--steps", "250", "--seed", "3", "--eval-interval", "100",
                                     "--eval-episodes", "3", "-o", run] + Self.small)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("evaluation: Hopper-v4 (MuJoCo "))
        #expect(result.standardOutput.contains("hopper-medium-v2's reference returns"), "the fallback reference is not noted")
        #expect(result.standardOutput.split(separator: "\n").filter { $0.hasPrefix("eval step ") }.count == 3)

        let header = try String(contentsOfFile: run + "/eval.csv", encoding: .utf8).split(separator: "\n").first
        #expect(header == "step,mean_return,std_return,normalized_score,min_length,mean_length,max_length,returns,episode_lengths")
        let rows = try Self.rows(run)
        #expect(rows.map { $0[0] } == ["100", "200", "250"])
        for row in rows {
            let returns = row[7].split(separator: " ").map { Double($0)! }, lengths = row[8].split(separator: " ").map { Int($0)! }
            #expect(returns.count == 3 && lengths.count == 3)
            let mean = returns.reduce(0, +) / 3
            let std = (returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 3).squareRoot()
            #expect(abs(Double(row[1])! - mean) < 1e-9 && abs(Double(row[2])! - std) < 1e-9)
            #expect(abs(Double(row[3])! - Self.hopperScore(mean)) < 1e-9)
            #expect(Int(row[4]) == lengths.min() && Int(row[6]) == lengths.max())
            #expect(lengths.allSatisfy { (1...1000).contains($0) })
        }

        let json = try RunResult.read(from: run + "/result.json")
        #expect(json.dataset == "hopper-v4-dynamics" && json.algorithm == "IQL" && json.seed == 3 && json.steps == 250)
        #expect(json.evaluations.map(\.step) == [100, 200, 250])
        #expect(json.evaluations.map(\.returns) == rows.map { $0[7].split(separator: " ").map { Double($0)! } })
        #expect(json.evaluations.map(\.normalizedScore) == rows.map { Double($0[3])! })
        #expect(json.finalScore == Double(rows[2][3])! && json.bestScore == rows.map { Double($0[3])! }.max())
        #expect(json.versions["mujoco"]?.isEmpty == false)
    }

    @Test("--resume keeps eval.csv as the uninterrupted run writes it, dropping rows past the checkpoint")
    func resume() throws {
        let directory = try TemporaryDirectory()
        let (split, straight) = (directory.path("split"), directory.path("straight"))
        let options = ["--eval-interval", "50", "--eval-episodes", "2"] + Self.small
        #expect(try Self.train([Self.dataset, "--steps", "200", "--seed", "5", "-o", straight] + options).status == 0)
        #expect(try Self.train([Self.dataset, "--steps", "100", "--seed", "5", "-o", split] + options).status == 0)
        // As if the run had evaluated step 150 and died before its next checkpoint.
        let bogus = "150,1.0,0.0,0.6,1,1.0,1,1.0 1.0,1 1\n"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: split + "/eval.csv"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(bogus.utf8))
        try handle.close()
        // No --seed: the run's seed comes from its checkpoint.
        let resumed = try Self.train([Self.dataset, "--steps", "200", "-o", split, "--resume"] + options)
        #expect(resumed.status == 0, "\(resumed.standardError)")
        let a = try String(contentsOfFile: split + "/eval.csv", encoding: .utf8)
        let b = try String(contentsOfFile: straight + "/eval.csv", encoding: .utf8)
        #expect(try Self.rows(straight).map { $0[0] } == ["50", "100", "150", "200"])
        #expect(a == b)
        let (x, y) = (try RunResult.read(from: split + "/result.json"), try RunResult.read(from: straight + "/result.json"))
        #expect(x.seed == 5 && x.evaluations == y.evaluations && x.finalScore == y.finalScore)
    }

    @Test("iql-eval prints each episode and the normalised score; --seed replays the run's final evaluation")
    func evaluateCheckpoint() throws {
        let directory = try TemporaryDirectory()
        let run = directory.path("run")
        #expect(try Self.train([Self.dataset, "--steps", "120", "--seed", "7", "--eval-interval", "60",
                                "--eval-episodes", "4", "-o", run] + Self.small).status == 0)
        let result = try Self.evaluate([run + "/checkpoint.h5", "--episodes", "4", "--seed", "7", "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        // JSONDecoder, not JSONSerialization: the latter rounds some doubles on Linux.
        let report = try JSONDecoder().decode(Report.self, from: Data(result.standardOutput.utf8))
        let returns = report.evaluation.returns, score = report.evaluation.normalizedScore
        #expect(returns.count == 4 && report.evaluation.episodeLengths.count == 4)
        #expect(abs(score - Self.hopperScore(returns.reduce(0, +) / 4)) < 1e-9)
        #expect(report.environment == "Hopper" && report.gymnasiumID == "Hopper-v4" && !report.mujoco.isEmpty && report.step == 120)
        let logged = try RunResult.read(from: run + "/result.json").evaluations.last
        #expect(logged?.step == 120 && logged?.returns == returns, "\(String(describing: logged)) vs \(returns)")

        let text = try Self.evaluate([run + "/checkpoint.h5", "--episodes", "4", "--seed", "7"])
        #expect(text.status == 0)
        let lines = text.standardOutput.split(separator: "\n")
        #expect(lines.first?.contains("MuJoCo") == true)
        #expect(lines.filter { $0.hasPrefix("episode ") }.count == 4)
        #expect(lines.contains { $0.hasPrefix(String(format: "normalised score %.2f ", score)) }, "\(text.standardOutput)")

        // Hopper-v5 has v4's dynamics but pays no healthy reward on the terminating step.
        let v5 = try Self.evaluate([run + "/checkpoint.h5", "--episodes", "4", "--seed", "7", "--eval-env", "hopper-v5", "--json"])
        let v5Report = try JSONDecoder().decode(Report.self, from: Data(v5.standardOutput.utf8))
        #expect(v5Report.gymnasiumID == "Hopper-v5" && v5Report.evaluation.episodeLengths == report.evaluation.episodeLengths)
        let lost = zip(returns, v5Report.evaluation.returns).map { $0 - $1 }
        let terminated = report.evaluation.episodeLengths.map { $0 < 1000 ? 1.0 : 0 }
        #expect(zip(lost, terminated).allSatisfy { abs($0 - $1) < 1e-9 }, "v4 − v5 returns \(lost), terminated \(terminated)")
    }

    /// The fields of `iql-eval --json` this test reads.
    struct Report: Decodable {
        var environment: String
        var gymnasiumID: String
        var mujoco: String
        var step: Int
        var evaluation: RunResult.Evaluation

        enum CodingKeys: String, CodingKey {
            case environment, mujoco, step, evaluation, gymnasiumID = "gymnasium_id"
        }
    }

    @Test("iql-eval: bad input is one line and a non-zero exit")
    func evaluationErrors() throws {
        let directory = try TemporaryDirectory()
        let run = directory.path("run")
        #expect(try Self.train([Self.dataset, "--steps", "10", "--eval-env", "none", "-o", run] + Self.small).status == 0)
        let checkpoint = run + "/checkpoint.h5"
        for (arguments, message) in [([directory.path("missing.h5")], "missing.h5"),
                                     ([Self.dataset], "not a d4rl-iql checkpoint"),
                                     ([checkpoint, "--env", "halfcheetah"], "HalfCheetah-v4 has observations of 17"),
                                     ([checkpoint, "--env", "cartpole"], "unknown environment 'cartpole'"),
                                     ([checkpoint, "--eval-env", "Hopper-v3"], "unknown environment 'Hopper-v3'")] {
            let result = try Self.evaluate(arguments)
            #expect(result.status == 1)
            #expect(result.standardError.split(separator: "\n").count == 1 && result.standardError.contains(message),
                    "\(arguments): \(result.standardError)")
        }
    }

    @Test("iql-train: --eval-env none, an unrecognised dataset name, and a mismatched --eval-env")
    func trainingWithoutEvaluation() throws {
        let directory = try TemporaryDirectory()
        let off = try Self.train([Self.dataset, "--steps", "10", "--eval-env", "none", "-o", directory.path("off")] + Self.small)
        #expect(off.status == 0 && off.standardOutput.contains("evaluation off (--eval-env none)"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path("off")).sorted() == ["checkpoint.h5", "metrics.csv"])

        let mystery = directory.path("mystery-v0.hdf5")
        try FileManager.default.copyItem(atPath: Self.dataset, toPath: mystery)
        let unknown = try Self.train([mystery, "--steps", "10", "--preset", "locomotion", "-o", directory.path("unknown")] + Self.small)
        #expect(unknown.status == 0, "\(unknown.standardError)")
        #expect(unknown.standardOutput.split(separator: "\n").filter { $0.hasPrefix("evaluation off: no simulator matches 'mystery-v0'") }.count == 1)

        let wrong = try Self.train([Self.dataset, "--steps", "10", "--eval-env", "walker2d", "-o", directory.path("wrong")] + Self.small)
        #expect(wrong.status == 1 && wrong.standardError.contains("Walker2d-v4 has observations of 17 values"))
        #expect(!FileManager.default.fileExists(atPath: directory.path("wrong")), "the run started before the check")
    }

    @Test("d4rl-score table and curves read the result.json of a run")
    func scoreToolReadsResult() throws {
        let directory = try TemporaryDirectory()
        let named = directory.path("hopper-medium-v2.hdf5")  // a D4RL name, as d4rl-score requires
        try FileManager.default.copyItem(atPath: Self.dataset, toPath: named)
        let run = directory.path("runs/hopper")
        #expect(try Self.train([named, "--steps", "100", "--eval-interval", "50", "--eval-episodes", "2", "-o", run] + Self.small).status == 0)
        let result = try RunResult.read(from: run + "/result.json")
        let table = try Tool.run("d4rl-score", ["table", directory.path("runs"), "--format", "csv"])
        #expect(table.status == 0, "\(table.standardError)")
        #expect(table.standardOutput.contains("hopper-medium-v2"), "\(table.standardOutput)")
        #expect(table.standardOutput.contains(String(format: "%.2f", result.finalScore)), "\(table.standardOutput)")
        let curves = try Tool.run("d4rl-score", ["curves", directory.path("runs"), "--out", directory.path("curves.svg")])
        #expect(curves.status == 0, "\(curves.standardError)")
        #expect(try String(contentsOfFile: directory.path("curves.svg"), encoding: .utf8).contains("<svg"))
    }
}
