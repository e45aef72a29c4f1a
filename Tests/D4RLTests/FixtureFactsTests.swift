import D4RL
import TestSupport
import Testing

/// Every fixture layout loads, and its transitions, episodes and returns equal the facts
/// `tools/make_fixtures.py` computed in Python.
struct FixtureFactsTests {
    static let facts: [String: ExpectedFacts] = (try? Fixtures.json("d4rl/expected.json")) ?? [:]
    static let files = facts.keys.sorted()

    static func load(_ file: String) throws -> (D4RLDataset, ExpectedFacts) {
        (try D4RLDataset(contentsOf: Fixtures.path("d4rl/\(file)")), facts[file]!)
    }

    @Test func sidecarCoversEveryLayout() {
        #expect(Self.files.count >= 6, "Fixtures/d4rl/expected.json is missing or incomplete")
    }

    @Test("rows, dimensions, episode counts, lengths and returns", arguments: files)
    func rawFacts(file: String) throws {
        let (dataset, expected) = try Self.load(file)
        #expect(dataset.name.name == expected.name)
        #expect(dataset.rowCount == expected.rows)
        #expect(dataset.observationDim == expected.observationDim)
        #expect(dataset.actionDim == expected.actionDim)
        let summary = DatasetSummary(dataset, maxEpisodeSteps: expected.maxEpisodeSteps)
        #expect(summary.episodeCounts.terminals == expected.episodes.terminals)
        #expect(summary.episodeCounts.timeouts == expected.episodes.timeouts)
        #expect(summary.episodeCounts.nextObservationMismatches == expected.episodes.nextObservationMismatches)
        #expect(summary.episodeCount == expected.episodeCount)
        #expect(summary.episodeLengths?.min == expected.episodeLengths.min)
        #expect(summary.episodeLengths?.max == expected.episodeLengths.max)
        #expect(summary.qLearningTransitions == expected.qlearning.transitions)
        for (ours, theirs) in [(summary.episodeReturns?.min, expected.returns.min), (summary.episodeReturns?.mean, expected.returns.mean),
                               (summary.episodeReturns?.max, expected.returns.max)] {
            // Python sums the stored rewards in float64; float64 files are float32 here.
            #expect(abs(ours! - theirs) <= 1e-5 * max(abs(theirs), 1), "return \(ours!) vs \(theirs)")
        }
    }

    @Test("qlearning_dataset: count, terminals, first and last transitions, dones_float", arguments: files)
    func qLearningTransitions(file: String) throws {
        let (dataset, expected) = try Self.load(file)
        let options = QLearningOptions(maxEpisodeSteps: expected.maxEpisodeSteps)
        let transitions = try Transitions(qLearningFrom: dataset, options: options)
        let facts = expected.qlearning
        #expect(transitions.count == facts.transitions)
        #expect(transitions.masks.filter { $0 == 0 }.count == facts.terminals)
        #expect(transitions.episodeEnds.filter { $0 }.count == facts.episodeEnds)
        for (index, transition) in [(0, facts.first), (transitions.count - 1, facts.last)] {
            #expect(transitions.sourceRows[index] == transition.row)
            #expect(Array(transitions.observation(index)) == transition.observation)
            #expect(Array(transitions.action(index)) == transition.action)
            #expect(transitions.rewards[index] == transition.reward)
            #expect(transitions.isTerminal(index) == (transition.terminal == 1))
            #expect(Array(transitions.nextObservation(index)) == transition.nextObservation)
        }
        var keepEnds = options
        keepEnds.terminateOnEnd = true
        #expect(try Transitions(qLearningFrom: dataset, options: keepEnds).count == facts.terminateOnEndTransitions)
    }

    @Test("leaving next_observations unread changes no default transition", arguments: files)
    func withoutNextObservations(file: String) throws {
        let (dataset, expected) = try Self.load(file)
        let lean = try D4RLDataset(contentsOf: Fixtures.path("d4rl/\(file)"), readNextObservations: false)
        #expect(lean.nextObservations == nil)
        let options = QLearningOptions(maxEpisodeSteps: expected.maxEpisodeSteps)
        let a = try Transitions(qLearningFrom: dataset, options: options), b = try Transitions(qLearningFrom: lean, options: options)
        #expect(a.observations == b.observations && a.nextObservations == b.nextObservations && a.episodeEnds == b.episodeEnds)
    }

    @Test("the stored next_observations option", arguments: files)
    func storedNextObservations(file: String) throws {
        let (dataset, expected) = try Self.load(file)
        var options = QLearningOptions(maxEpisodeSteps: expected.maxEpisodeSteps)
        options.useStoredNextObservations = true
        guard let stored = expected.storedNext else {
            #expect(throws: DatasetError.self) { try Transitions(qLearningFrom: dataset, options: options) }
            return
        }
        let transitions = try Transitions(qLearningFrom: dataset, options: options)
        #expect(Array(transitions.nextObservation(0)) == stored.firstNextObservation)
        #expect(Array(transitions.nextObservation(transitions.count - 1)) == stored.lastNextObservation)
    }
}
