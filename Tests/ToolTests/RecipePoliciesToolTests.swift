import Foundation
import TestSupport
import Testing

/// `tools/recipe_policies.awk`, the D4RL recipe's choice of expert and medium policy, on crafted
/// eval.csv files whose answers follow from the rule by construction.
struct RecipePoliciesToolTests {
    struct Failure: Error, CustomStringConvertible { var description: String }

    /// (expert step, medium step, level, threshold) the script chooses from evaluations at steps
    /// 5000, 10000, … with these normalised scores.
    static func choose(_ scores: [Double]) throws -> (expert: Int, medium: Int, level: Double, threshold: Double) {
        let directory = try TemporaryDirectory()
        let rows = scores.enumerated().map { "\(5000 * ($0.offset + 1)),\($0.element * 30),1.5,\($0.element),10,20.5,30,1 2,3 4" }
        try (["step,mean_return,std_return,normalized_score,min_length,mean_length,max_length,returns,episode_lengths"] + rows)
            .joined(separator: "\n").appending("\n").write(toFile: directory.path("eval.csv"), atomically: true, encoding: .utf8)
        let result = try runProcess("awk", ["-F,", "-v", "fraction=0.3333333333", "-f",
                                            Fixtures.packageRoot.appendingPathComponent("tools/recipe_policies.awk").path,
                                            directory.path("eval.csv")])
        let words = result.standardOutput.split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        guard result.status == 0, words.count == 4, let expert = Int(words[0]), let medium = Int(words[1]),
              let level = Double(words[2]), let threshold = Double(words[3])
        else { throw Failure(description: "awk: \(result.status) \(result.standardOutput) \(result.standardError)") }
        return (expert, medium, level, threshold)
    }

    @Test("a final evaluation below the level of the last ten gives the last policy reaching it; the threshold is a third of the level")
    func finalDip() throws {
        // Last ten: 90 ×8, 100, 30 → level 85; the last at or above it is the 100 at step 95k.
        let scores = [2, 5, 40, 10, 35, 40, 45] + [Double](repeating: 50, count: 3) + [Double](repeating: 90, count: 8) + [100, 30]
        let chosen = try Self.choose(scores)
        #expect(chosen.level == 85 && chosen.threshold == 28.33, "\(chosen)")
        #expect(chosen.expert == 95_000, "\(chosen)")
        // 40 at 15k is a lone spike (10 follows); 35, 40, 45 from 25k on all reach 28.33.
        #expect(chosen.medium == 25_000, "\(chosen)")
    }

    @Test("a final evaluation at or above the level gives the final policy; fewer than ten evaluations average them all")
    func finalAboveLevel() throws {
        let chosen = try Self.choose([3, 12, 9, 60, 70, 80])
        #expect(chosen.expert == 30_000 && chosen.level == 39 && chosen.threshold == 13, "\(chosen)")
        #expect(chosen.medium == 20_000, "\(chosen)")  // 3, 12 and 9 are below 13; 60, 70, 80 from 20k on
    }

    @Test("the window shortens at the end of the run, and a run without a medium policy takes the expert")
    func windowAtTheEnd() throws {
        // Level −1 → threshold −0.33: only the last evaluation (0) reaches it; its window is itself.
        let chosen = try Self.choose([-2, -1, -1, -1, 0])
        #expect(chosen.expert == 25_000 && chosen.medium == 25_000 && chosen.level == -1, "\(chosen)")
        // Level −3 → threshold −1, which no evaluation reaches: the medium is the expert (the last at −3).
        let flat = try Self.choose([-3, -3, -3])
        #expect(flat.expert == 15_000 && flat.medium == 15_000 && flat.threshold == -1, "\(flat)")
    }

    @Test("an eval.csv without evaluations is refused")
    func noEvaluations() throws {
        #expect(throws: (any Error).self) { try Self.choose([]) }
    }
}
