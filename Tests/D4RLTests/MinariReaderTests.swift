import Core
@testable import D4RL
import Foundation
import TestSupport
import Testing

/// The Minari reader against what `minari.load_dataset` reads from the same files
/// (`Fixtures/minari/expected.json`, written by `tools/minari_facts.py` through minari 0.5.4).
struct MinariReaderTests {
    static let root = Fixtures.path("minari")
    static let facts = MinariFacts.fixtures

    static func load(_ id: String, keys: [String]? = nil) throws -> MinariDataset {
        try MinariDataset(at: try #require(try MinariLocation.resolve(id, root: root)), observationKeys: keys)
    }

    @Test func factsAreThere() { #expect(Self.facts.count == 5) }

    @Test("episodes, steps, returns, terminations, truncations and the first and last observation and action of every episode",
          arguments: facts.keys.sorted())
    func matchesMinari(id: String) throws {
        Self.expect(try Self.load(id), toMatch: try #require(Self.facts[id]))
    }

    /// Expects `dataset` (our reader) to hold what minari read (`facts`): the counts, the reference
    /// scores, and per episode the id, length, return, last flags and first and last observation and action.
    static func expect(_ dataset: MinariDataset, toMatch facts: MinariFacts, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(dataset.episodes.count == facts.total_episodes && dataset.stepCount == facts.total_steps, sourceLocation: sourceLocation)
        #expect(dataset.observationKeys == facts.observation_keys, sourceLocation: sourceLocation)
        #expect(dataset.episodes.filter(\.isTerminated).count == facts.terminated_episodes, sourceLocation: sourceLocation)
        #expect(dataset.episodes.filter(\.isTruncated).count == facts.truncated_episodes, sourceLocation: sourceLocation)
        #expect(dataset.metadata.refMinScore == facts.ref_min_score && dataset.metadata.refMaxScore == facts.ref_max_score,
                sourceLocation: sourceLocation)
        #expect(dataset.episodes.count == facts.episodes.count, sourceLocation: sourceLocation)
        for (episode, expected) in zip(dataset.episodes, facts.episodes) {
            let o = dataset.observationDim, a = dataset.actionDim, t = episode.length
            func float32(_ values: [Double]) -> [Double] { values.map { Double(Float($0)) } }
            #expect(episode.index == expected.id && t == expected.length, sourceLocation: sourceLocation)
            #expect(episode.undiscountedReturn == expected.return, "episode \(expected.id) return", sourceLocation: sourceLocation)
            #expect(episode.isTerminated == expected.terminated && (episode.truncations.last ?? false) == expected.truncated,
                    sourceLocation: sourceLocation)
            #expect(episode.observations[0..<o].map(Double.init) == float32(expected.first_observation), sourceLocation: sourceLocation)
            #expect(episode.observations[t * o..<(t + 1) * o].map(Double.init) == float32(expected.last_observation),
                    sourceLocation: sourceLocation)
            if t > 0 {
                #expect(episode.actions[0..<a].map(Double.init) == float32(expected.first_action), sourceLocation: sourceLocation)
                #expect(episode.actions[(t - 1) * a..<t * a].map(Double.init) == float32(expected.last_action), sourceLocation: sourceLocation)
            }
        }
    }

    @Test("every step is a transition, s′ from the next stored observation; a truncation keeps mask 1")
    func transitions() throws {
        let dataset = try Self.load("fixtures/pointgoal/mixed-v0")
        let transitions = try Transitions(minari: dataset)
        #expect(transitions.count == dataset.stepCount)
        var row = 0
        for episode in dataset.episodes {
            let o = dataset.observationDim
            for t in 0..<episode.length {
                #expect(Array(transitions.observation(row)) == Array(episode.observations[t * o..<(t + 1) * o]))
                #expect(Array(transitions.nextObservation(row)) == Array(episode.observations[(t + 1) * o..<(t + 2) * o]))
                #expect(transitions.masks[row] == (episode.terminations[t] ? 0 : 1))
                #expect(transitions.episodeEnds[row] == (t == episode.length - 1))
                row += 1
            }
        }
    }

    @Test("--observation-keys picks and orders Dict keys; an unknown key is one line")
    func observationKeys() throws {
        let all = try Self.load("fixtures/pointgoal/mixed-v0")
        let picked = try Self.load("fixtures/pointgoal/mixed-v0", keys: ["desired_goal", "observation"])
        #expect(picked.observationKeys == ["desired_goal", "observation"] && picked.observationDim == 6)
        // Row 0 of the picked layout: desired_goal (all columns 6...7) then observation (0...3).
        let first = Array(all.episodes[0].observations[0..<8])
        #expect(Array(picked.episodes[0].observations[0..<6]) == Array(first[6..<8] + first[0..<4]))
        #expect(throws: MinariError.self) { try Self.load("fixtures/pointgoal/mixed-v0", keys: ["goal"]) }
    }

    @Test("the id's domain picks the family: D4RL/antmaze/… is antmaze, mujoco/hopper/… locomotion")
    func domains() {
        #expect(DatasetName(minariID: "D4RL/antmaze/umaze-v1").family == .antmaze)
        #expect(DatasetName(minariID: "mujoco/hopper/medium-v0").family == .locomotion)
        #expect(DatasetName(minariID: "mujoco/ant/expert-v0").domain == "ant")
        #expect(DatasetName(minariID: "fixtures/pointgoal/mixed-v0").domain == "pointgoal")
        #expect(DatasetName("hopper_medium-v2.hdf5").domain == "hopper")
    }
}
