import D4RL
import Core
import Testing

/// Reward transforms, clipping, normalisation and sampling on a dataset small enough to work
/// out by hand: 8 rows, observation = row index, one timeout (row 2) and one terminal (row 5).
///
/// Kept rows 0, 1, 3, 4, 5, 6 (row 2 is a time-limit end, row 7 the last row). Trajectories by
/// `dones_float`: {0, 1} (its s′ = 2 is not the next kept s = 3), {3, 4, 5} (terminal), {6}
/// (last), with returns 3, 60 and 40.
struct PreprocessingTests {
    static func dataset(named name: String = "hopper-medium-v2") -> D4RLDataset {
        D4RLDataset(
            name: DatasetName(name), observations: (0..<8).map(Float.init), observationDim: 1,
            actions: [0.5, -1, 1, 0.2, 2, -0.3, 0, 0.1], actionDim: 1, nextObservations: nil,
            rewards: [1, 2, 3, 10, 20, 30, 40, 5],
            terminals: [false, false, false, false, false, true, false, false],
            timeouts: [false, false, true, false, false, false, false, false])
    }

    @Test func transitionsAndTrajectories() throws {
        let transitions = try Transitions(qLearningFrom: Self.dataset())
        #expect(transitions.sourceRows == [0, 1, 3, 4, 5, 6])
        #expect(transitions.nextObservations == [1, 2, 4, 5, 6, 7])
        #expect(transitions.masks == [1, 1, 1, 1, 0, 1])
        #expect(transitions.episodeEnds == [false, true, false, false, true, true])
        #expect(RewardTransform.trajectoryReturns(of: transitions) == [3, 60, 40])
    }

    @Test("locomotion: r · 1000 / (max − min trajectory return)")
    func locomotionScale() throws {
        let data = try PreprocessedData(Self.dataset())
        #expect(data.rewardTransform == .locomotion)
        #expect(data.rewardReturnRange == 57)
        #expect(data.transitions.rewards == [1, 2, 10, 20, 30, 40].map { Float($0) / 57 * 1000 })
    }

    @Test("antmaze: r − 1; other domains unchanged")
    func antmazeAndNone() throws {
        #expect(try PreprocessedData(Self.dataset(named: "antmaze-umaze-v2")).transitions.rewards == [0, 1, 9, 19, 29, 39])
        #expect(try PreprocessedData(Self.dataset(named: "pen-human-v1")).transitions.rewards == [1, 2, 10, 20, 30, 40])
        let explicit = PreprocessingOptions(rewardTransform: RewardTransform.none)
        #expect(try PreprocessedData(Self.dataset(), options: explicit).transitions.rewards == [1, 2, 10, 20, 30, 40])
    }

    @Test("equal trajectory returns cannot be scaled: a clear error")
    func degenerateScale() {
        var flat = Self.dataset()
        flat.rewards = [1, 1, 1, 1, 1, 1, 1, 1]
        flat.terminals = [Bool](repeating: false, count: 8)
        flat.timeouts = [false, false, false, true, false, false, false, false]
        #expect(throws: DatasetError.self) { try PreprocessedData(flat) }
    }

    @Test("no q-learning transitions (a single row, or every row but the last a timeout): a clear error")
    func noTransitions() {
        let single = D4RLDataset(
            name: DatasetName("hopper-medium-v2"), observations: [0], observationDim: 1, actions: [0], actionDim: 1,
            nextObservations: nil, rewards: [1], terminals: [false], timeouts: [false])
        var timeouts = Self.dataset()
        timeouts.timeouts = [Bool](repeating: true, count: 7) + [false]
        for (dataset, rows) in [(single, 1), (timeouts, 8)] {
            #expect(throws: DatasetError.noTransitions(file: "hopper-medium-v2", rows: rows)) { try PreprocessedData(dataset) }
        }
        #expect(DatasetError.noTransitions(file: "hopper-medium-v2", rows: 1).description
            == "hopper-medium-v2: no q-learning transitions: qlearning_dataset drops the last row and every time-limit row, leaving none of 1 rows")
    }

    @Test("actions clipped to ±(1 − 1e-5)")
    func actionClipping() throws {
        let actions = try PreprocessedData(Self.dataset()).transitions.actions
        #expect(actions == [0.5, -(1 - 1e-5), 0.2, 1 - 1e-5, -0.3, 0])
    }

    @Test("observations standardised with (s − mean) / (std + 1e-3), next observations too")
    func observationNormalisation() throws {
        let data = try PreprocessedData(Self.dataset(), options: PreprocessingOptions(normalizeObservations: true))
        let observations: [Double] = [0, 1, 3, 4, 5, 6]
        let mean = observations.reduce(0, +) / 6
        let std = (observations.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 6).squareRoot() + 1e-3
        let normalizer = try #require(data.normalizer)
        #expect(abs(Double(normalizer.mean[0]) - mean) < 1e-6)
        #expect(abs(Double(normalizer.std[0]) - std) < 1e-6)
        for (ours, raw) in zip(data.transitions.observations, observations) {
            #expect(abs(Double(ours) - (raw - mean) / std) < 1e-5)
        }
        #expect(abs(Double(data.transitions.nextObservations[5]) - (7 - mean) / std) < 1e-5)
    }

    @Test("same seed, same batches; each row is the transition its index names")
    func samplerDeterminism() throws {
        let sampler = BatchSampler(try Transitions(qLearningFrom: Self.dataset()))
        let first = Batch(size: 32, observationDim: 1, actionDim: 1), second = Batch(size: 32, observationDim: 1, actionDim: 1)
        var generatorA = SplitMix64(seed: 42), generatorB = SplitMix64(seed: 42)
        sampler.fill(first, using: &generatorA)
        sampler.fill(second, using: &generatorB)
        #expect(first.indices == second.indices && first.observationValues == second.observationValues)
        for row in 0..<32 {
            let index = first.indices[row]
            #expect(first.observations[row] == sampler.transitions.observations[index])
            #expect(first.actions[row] == sampler.transitions.actions[index])
            #expect(first.nextObservations[row] == sampler.transitions.nextObservations[index])
            #expect(first.rewards[row] == sampler.transitions.rewards[index])
            #expect(first.masks[row] == sampler.transitions.masks[index])
            // concat(s, a), built as the rows are drawn: the critics' input.
            #expect(first.stateActions[2 * row] == first.observations[row] && first.stateActions[2 * row + 1] == first.actions[row])
        }
    }

    @Test("uniformIndex is uniform: chi-square over 7 bins, 70 000 draws")
    func uniformity() {
        var generator = SplitMix64(seed: 1)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 { counts[uniformIndex(below: 7, using: &generator)] += 1 }
        let chiSquare = counts.map { Double(($0 - 10_000) * ($0 - 10_000)) / 10_000 }.reduce(0, +)
        #expect(chiSquare < 22.46, "chi-square \(chiSquare) above the 0.1 % critical value for 6 degrees of freedom")
    }

    @Test("names: download file names, case, directories; domain → family")
    func names() {
        #expect(DatasetName("/data/Hopper_Medium-v2.hdf5").name == "Hopper_Medium-v2")
        #expect(DatasetName("/data/Hopper_Medium-v2.hdf5").family == .locomotion)
        #expect(DatasetName("antmaze-umaze-diverse-v0").family == .antmaze)
        #expect(DatasetName("kitchen-partial-v0.h5").family == .kitchen)
        #expect(DatasetName("relocate-cloned-v1").family == .adroit)
        #expect(DatasetName("pointmass-wind-v0").family == nil)
    }
}
