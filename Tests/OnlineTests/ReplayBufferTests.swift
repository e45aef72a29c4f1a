@testable import Online
import Core
@testable import D4RL
import Foundation
import TestSupport
import Testing

/// The replay buffer's storage semantics and its sampling.
struct ReplayBufferTests {
    static func row(_ k: Int, width: Int) -> [Float] { (0..<width).map { Float(k * 10 + $0) } }

    @Test("a termination masks the bootstrap, a truncation does not; once full the oldest rows are replaced")
    func semantics() throws {
        let replay = try ReplayBuffer(capacity: 4, observationDim: 2, actionDim: 1)
        let flags: [(terminated: Bool, truncated: Bool)] = [(false, false), (true, false), (false, true), (true, true), (false, false), (false, false)]
        for (k, flag) in flags.enumerated() {
            replay.append(observation: Self.row(k, width: 2), action: [Float(k)], reward: Float(k), terminated: flag.terminated,
                          truncated: flag.truncated, nextObservation: Self.row(k + 1, width: 2))
        }
        #expect(replay.count == 4 && replay.appended == 6)
        // Rows 4 and 5 replaced rows 0 and 1; oldest first the buffer holds appends 2, 3, 4, 5.
        #expect(replay.chronologicalRows == [2, 3, 0, 1])
        #expect(replay.chronologicalRows.map { replay.rewards[$0] } == [2, 3, 4, 5])
        #expect(replay.chronologicalRows.map { replay.masks[$0] } == [1, 0, 1, 1])
        #expect(replay.chronologicalRows.map { replay.truncations[$0] } == [true, false, false, false])
    }

    @Test("sampling draws what BatchSampler draws from the same rows with the same generator")
    func samplingMatchesBatchSampler() throws {
        let rows = 50
        let replay = try ReplayBuffer(capacity: 80, observationDim: 3, actionDim: 2)
        for k in 0..<rows {
            replay.append(observation: Self.row(k, width: 3), action: Self.row(k, width: 2), reward: Float(k), terminated: k % 7 == 6,
                          truncated: false, nextObservation: Self.row(k + 1, width: 3))
        }
        let transitions = Transitions(
            name: DatasetName("replay"), observationDim: 3, actionDim: 2, observations: Array(replay.observations.prefix(rows * 3)),
            actions: Array(replay.actions.prefix(rows * 2)), rewards: Array(replay.rewards.prefix(rows)), masks: Array(replay.masks.prefix(rows)),
            nextObservations: Array(replay.nextObservations.prefix(rows * 3)), episodeEnds: [Bool](repeating: false, count: rows),
            sourceRows: Array(0..<rows))
        let (a, b) = (Batch(size: 32, observationDim: 3, actionDim: 2), Batch(size: 32, observationDim: 3, actionDim: 2))
        var (g1, g2) = (SplitMix64(seed: 5), SplitMix64(seed: 5))
        replay.fill(a, using: &g1)
        BatchSampler(transitions).fill(b, using: &g2)
        #expect(a.indices == b.indices && a.indices.allSatisfy { $0 < rows })
        #expect(a.observationValues == b.observationValues && a.maskValues == b.maskValues && a.nextObservationValues == b.nextObservationValues)
        #expect(g1 == g2)
    }

    @Test("a buffer that would not fit in the memory budget is refused before anything is allocated")
    func memoryBudget() {
        #expect(throws: ReplayBufferError.self) { try ReplayBuffer(capacity: 1 << 40, observationDim: 1000, actionDim: 10) }
        #expect(ReplayBuffer.byteCount(capacity: Int.max / 2, observationDim: 100, actionDim: 10) == nil)
    }
}
