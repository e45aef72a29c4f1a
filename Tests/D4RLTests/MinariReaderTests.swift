import Core
@testable import D4RL
import Foundation
import TestSupport
import Testing

/// The Minari reader against what `minari.load_dataset` reads from the same files
/// (`Fixtures/minari/expected.json`, written by `tools/minari_facts.py` through minari 0.5.4).
struct MinariReaderTests {
    struct Facts: Decodable {
        struct Episode: Decodable {
            var id: Int, length: Int, `return`: Double, terminated: Bool, truncated: Bool
            var first_observation: [Double], last_observation: [Double], first_action: [Double], last_action: [Double]
        }
        var total_episodes: Int, total_steps: Int, terminated_episodes: Int, truncated_episodes: Int
        var observation_keys: [String]
        var ref_min_score: Double?, ref_max_score: Double?
        var episodes: [Episode]
    }

    static let root = Fixtures.path("minari")
    static let facts: [String: Facts] = {
        let data = (try? Data(contentsOf: URL(fileURLWithPath: root + "/expected.json"))) ?? Data()
        return (try? JSONDecoder().decode([String: Facts].self, from: data)) ?? [:]
    }()

    static func load(_ id: String, keys: [String]? = nil) throws -> MinariDataset {
        try MinariDataset(at: try #require(try MinariLocation.resolve(id, root: root)), observationKeys: keys)
    }

    @Test func factsAreThere() { #expect(Self.facts.count == 5) }

    @Test("episodes, steps, returns, terminations, truncations and the first and last observation and action of every episode",
          arguments: facts.keys.sorted())
    func matchesMinari(id: String) throws {
        let facts = try #require(Self.facts[id]), dataset = try Self.load(id)
        #expect(dataset.episodes.count == facts.total_episodes && dataset.stepCount == facts.total_steps)
        #expect(dataset.observationKeys == facts.observation_keys)
        #expect(dataset.episodes.filter(\.isTerminated).count == facts.terminated_episodes)
        #expect(dataset.episodes.filter(\.isTruncated).count == facts.truncated_episodes)
        #expect(dataset.metadata.refMinScore == facts.ref_min_score && dataset.metadata.refMaxScore == facts.ref_max_score)
        for (episode, expected) in zip(dataset.episodes, facts.episodes) {
            let o = dataset.observationDim, a = dataset.actionDim, t = episode.length
            #expect(episode.index == expected.id && t == expected.length)
            #expect(episode.undiscountedReturn == expected.return, "episode \(expected.id) return")
            #expect(episode.isTerminated == expected.terminated && (episode.truncations.last ?? false) == expected.truncated)
            #expect(episode.observations[0..<o].map(Double.init) == expected.first_observation.map { Double(Float($0)) })
            #expect(episode.observations[t * o..<(t + 1) * o].map(Double.init) == expected.last_observation.map { Double(Float($0)) })
            if t > 0 {
                #expect(episode.actions[0..<a].map(Double.init) == expected.first_action.map { Double(Float($0)) })
                #expect(episode.actions[(t - 1) * a..<t * a].map(Double.init) == expected.last_action.map { Double(Float($0)) })
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
