/// `Fixtures/d4rl/expected.json`: facts about each fixture computed in Python by
/// `tools/make_fixtures.py`, independently of this package (see that script for definitions).
struct ExpectedFacts: Decodable {
    struct Range: Decodable { var min: Double; var mean: Double; var max: Double }
    struct EpisodeCounts: Decodable { var terminals: Int; var timeouts: Int?; var nextObservationMismatches: Int? }
    struct Transition: Decodable {
        var row: Int
        var observation: [Float]
        var action: [Float]
        var reward: Float
        var terminal: Int
        var nextObservation: [Float]
    }
    struct QLearning: Decodable {
        var transitions: Int
        var terminals: Int
        var first: Transition
        var last: Transition
        var terminateOnEndTransitions: Int
        var episodeEnds: Int
    }
    struct StoredNext: Decodable { var firstNextObservation: [Float]; var lastNextObservation: [Float] }

    var name: String
    var dtype: String
    var rows: Int
    var observationDim: Int
    var actionDim: Int
    var maxEpisodeSteps: Int
    var episodes: EpisodeCounts
    var episodeCount: Int
    var episodeLengths: Range
    var returns: Range
    var qlearning: QLearning
    var storedNext: StoredNext?
}

/// `Fixtures/malformed/expected.json`: the error each malformed file must give.
struct ExpectedFailure: Decodable {
    var kind: String
    var key: String?
    var row: Int?
}
