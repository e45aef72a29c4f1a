import Core
import Scores
import Testing

/// D4RL-normalised scores against numbers worked out by hand from `d4rl_ref_scores.tsv`
/// (random / expert return), name normalisation, and suggestions for unknown names.
struct ScoreNormalizationTests {
    /// (name, return, expected score): the score written out from the TSV's pair.
    static let cases: [(String, Double, Double)] = [
        // hopper −20.272305 / 3234.3: 100·(1627 + 20.272305)/(3234.3 + 20.272305)
        ("hopper-medium-v2", 1627, 50.614094591455),
        // halfcheetah −280.178953 / 12135.0: 100·(5000 + 280.178953)/(12135 + 280.178953)
        ("halfcheetah-medium-v2", 5000, 42.530026937099),
        // walker2d 1.629008 / 4592.3: the expert return is 100, the random one 0
        ("walker2d-medium-expert-v2", 4592.3, 100),
        ("walker2d-medium-expert-v2", 1.629008, 0),
        // antmaze 0 / 1: the success rate ×100
        ("antmaze-umaze-diverse-v0", 0.622, 62.2),
        // kitchen 0 / 4: 2.5 of 4 subtasks
        ("kitchen-complete-v0", 2.5, 62.5),
        // maze2d-open 0.01 / 20.66: 100·10.325/20.65
        ("maze2d-open-v0", 10.335, 50),
        // pen 96.262799 / 3076.8331017826877: the midpoint 1586.5479503913438 is 50
        ("pen-human-v1", 1586.5479503913438, 50),
        // door-cloned-v1 −56.512833 / 2880.5693087298737: −56.512833 − 0.1·2937.0821417298737 is −10
        ("door-cloned-v1", -350.22104717298737, -10),
    ]

    @Test("normalize matches the hand-computed score", arguments: cases)
    func normalize(name: String, value: Double, expected: Double) throws {
        let score = try ReferenceScores.lookup(name).normalize(value)
        #expect(abs(score - expected) <= 1e-9 * max(abs(expected), 1), "\(name): \(score) vs \(expected)")
    }

    @Test("unnormalize inverts normalize", arguments: cases)
    func reverse(name: String, value: Double, expected: Double) throws {
        let reference = try ReferenceScores.lookup(name)
        #expect(abs(reference.unnormalize(expected) - value) <= 1e-9 * max(abs(value), 1))
    }

    @Test func reverseByHand() throws {
        // IQL's hopper-medium 66.3 as a return: −20.272305 + 0.663·(3234.3 + 20.272305)
        let value = try ReferenceScores.lookup("hopper-medium-v2").unnormalize(66.3)
        #expect(abs(value - 2137.509133215) < 1e-9)
    }

    @Test("names, files and paths find the D4RL name", arguments: [
        ("hopper-medium-v2", "hopper-medium-v2"),
        ("hopper_medium-v2.hdf5", "hopper-medium-v2"),
        ("/data/d4rl/Hopper-Medium-v2.hdf5", "hopper-medium-v2"),
        ("halfcheetah_medium_replay-v2.hdf5", "halfcheetah-medium-replay-v2"),
        ("antmaze-umaze-diverse-v0", "antmaze-umaze-diverse-v0"),
        ("kitchen-complete-v0.hdf5", "kitchen-complete-v0"),
        ("pen-human-v1", "pen-human-v1"),
        ("maze2d-open-v0", "maze2d-open-v0"),
        ("bullet-hopper-medium-v0.h5", "bullet-hopper-medium-v0"),
    ])
    func lookup(given: String, expected: String) throws {
        #expect(try ReferenceScores.lookup(given).name == expected)
    }

    @Test func unknownNameSuggestsTheClosest() {
        #expect(throws: ReferenceScoreError.unknown(
            name: "hoper-medium-v2", suggestions: ["hopper-medium-v2", "hopper-medium-v0", "hopper-medium-v1"]
        )) { try ReferenceScores.lookup("hoper-medium-v2") }
        let error = ReferenceScoreError.unknown(name: "hoper-medium-v2", suggestions: ["hopper-medium-v2", "hopper-medium-v0"])
        #expect(error.description == "unknown D4RL name 'hoper-medium-v2'; did you mean hopper-medium-v2, hopper-medium-v0?")
    }

    @Test("a fixture's suffix is not stripped: hopper-medium-v2-mini is not a D4RL name")
    func fixtureNameIsUnknown() {
        do {
            _ = try ReferenceScores.lookup("Fixtures/d4rl/hopper-medium-v2-mini.hdf5")
            Issue.record("hopper-medium-v2-mini was accepted")
        } catch {
            switch error {
            case .unknown(let name, let suggestions):
                #expect(name == "hopper-medium-v2-mini")
                #expect(suggestions.first == "hopper-medium-v2")
            }
        }
    }
}
