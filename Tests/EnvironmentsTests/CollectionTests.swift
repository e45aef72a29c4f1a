import Core
import D4RL
import Environments
import Foundation
import HDF5
import TestSupport
import Testing

/// `DatasetCollector` writes files that read back as D4RL data, replay through fresh
/// simulators, and do not depend on the number of workers.
struct CollectionTests {
    static let expert = Result { try BehaviorPolicy(contentsOf: Fixtures.path("policies/hopper-expert.h5")) }

    /// Random actions, then the stochastic expert with action noise: two segments.
    static func hopperSegments() throws -> [CollectionSegment] {
        [CollectionSegment(policy: RandomPolicy(actionDim: 3), description: "random", transitions: 1500),
         CollectionSegment(policy: try expert.get().stochastic, description: "stochastic:hopper-expert.h5",
                           transitions: 1200, actionNoise: 0.1)]
    }

    static func collect(_ task: LocomotionTask, _ segments: [CollectionSegment], seed: UInt64 = 0, workers: Int,
                        to path: String) throws -> CollectedDataset {
        let data = try DatasetCollector(task: task, seed: seed, workers: workers).collect(segments)
        try data.write(to: path)
        return data
    }

    @Test("a collected file reads back with D4RL's shapes, dtypes and episode structure")
    func readsBack() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("hopper-mixed-collected.hdf5")
        let collected = try Self.collect(.hopper, Self.hopperSegments(), workers: 2, to: path)
        let data = try D4RLDataset(contentsOf: path)
        #expect(data.rowCount == 2700 && data.observationDim == 11 && data.actionDim == 3)
        let next = try #require(data.nextObservations)
        let timeouts = try #require(data.timeouts)
        #expect(data.observations == collected.observations && data.actions == collected.actions && data.rewards == collected.rewards)

        // Every episode ends with exactly one flag; inside an episode s′ᵢ = sᵢ₊₁.
        let ends = (0..<data.rowCount).filter { data.terminals[$0] || timeouts[$0] }
        #expect(!(0..<data.rowCount).contains { data.terminals[$0] && timeouts[$0] })
        #expect(ends.count == collected.episodeLengths.count && ends.last == data.rowCount - 1)
        #expect(ends.contains(1499), "the first segment's last episode is cut at its row count")
        #expect(timeouts[1499] && timeouts[2699])
        #expect(data.terminals.contains(true), "random Hopper episodes fall")
        for row in 0..<data.rowCount - 1 where !data.terminals[row] && !timeouts[row] {
            #expect(next[row * 11..<(row + 1) * 11] == data.observation(row + 1), "row \(row)")
        }
        #expect(collected.segments.map(\.rows) == [1500, 1200])
        #expect(collected.segments.map(\.episodes).reduce(0, +) == collected.episodeLengths.count)

        let root = try File(opening: path).root()
        for (key, type) in [("observations", ElementType.float(bytes: 4)), ("actions", .float(bytes: 4)),
                            ("rewards", .float(bytes: 4)), ("next_observations", .float(bytes: 4)),
                            ("terminals", .boolean), ("timeouts", .boolean), ("infos/qpos", .float(bytes: 8)),
                            ("infos/qvel", .float(bytes: 8))] {
            let dataset = try root.dataset(key)
            #expect(dataset.elementType == type, "\(key)")
            #expect(dataset.compression == "gzip", "\(key)")
        }
        #expect(try root.dataset("infos/qpos").shape == [2700, 6])
        #expect(try root.dataset("metadata/seed").read(as: UInt64.self) == [0])
        #expect(try root.dataset("metadata/segment_rows").read(as: Int.self) == [1500, 1200])
        #expect(try root.dataset("metadata/action_noise").read(as: Double.self) == [0, 0.1])
        #expect(try root.dataset("metadata/algorithm").readStrings() == ["random ++ stochastic:hopper-expert.h5"])
        #expect(try root.dataset("metadata/mujoco_version").readStrings() == [Simulation.version])
    }

    @Test("an independent replay through fresh simulators agrees within 1e-4 on every row; metadata/environment names the version", arguments: [
        (LocomotionTask.hopper, "Hopper (D4RL -v2 / gymnasium v4 semantics)"), (.walker2d, "Walker2d (D4RL -v2 / gymnasium v4 semantics)"),
        (.halfCheetah, "HalfCheetah (D4RL -v2 / gymnasium v4 semantics)"), (.ant, "Ant (D4RL -v2 / gymnasium v4 semantics)"),
        (.antV5, "Ant (gymnasium v5 semantics)"),
    ])
    func dynamicsCheck(task: LocomotionTask, environment: String) throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("\(task.datasetDomain)-collected.hdf5")
        let actionDim = try LocomotionEnvironment(task).actionDim
        let segments = task.name == "Hopper" ? try Self.hopperSegments()
            : [CollectionSegment(policy: RandomPolicy(actionDim: actionDim), description: "random", transitions: 1200, actionNoise: 0.3)]
        _ = try Self.collect(task, segments, seed: 3, workers: 2, to: path)
        let check = try DynamicsCheck(recording: DynamicsRecording(contentsOf: path), task: task)
        #expect(try File(opening: path).root().dataset("metadata/environment").readStrings() == [environment])
        print("collected \(task.gymnasiumID): max observation error \(check.observationErrors.max()!), max reward error \(check.rewardErrors.max()!)")
        #expect(check.disagreeingRows(tolerance: 1e-4).isEmpty, "rows off: \(check.disagreeingRows(tolerance: 1e-4).prefix(10))")
    }

    @Test("the file is byte-identical with 1 and 2 workers; another seed gives other data")
    func deterministic() throws {
        let directory = try TemporaryDirectory()
        let one = directory.path("one.hdf5"), two = directory.path("two.hdf5"), other = directory.path("other.hdf5")
        let a = try Self.collect(.hopper, Self.hopperSegments(), seed: 7, workers: 1, to: one)
        let b = try Self.collect(.hopper, Self.hopperSegments(), seed: 7, workers: 2, to: two)
        let c = try Self.collect(.hopper, Self.hopperSegments(), seed: 8, workers: 2, to: other)
        #expect(a.episodeLengths == b.episodeLengths && a.qpos == b.qpos)
        #expect(try Data(contentsOf: URL(fileURLWithPath: one)) == Data(contentsOf: URL(fileURLWithPath: two)))
        #expect(c.episodeLengths != a.episodeLengths && c.observations != a.observations)
        #expect(try ContentHash.ofFile(at: other) != ContentHash.ofFile(at: one))
    }

    @Test("an episode longer than the segment is cut by a timeout; episodes of one seed differ")
    func cutAtSizeLimit() throws {
        let segment = CollectionSegment(policy: try Self.expert.get().deterministic, description: "expert", transitions: 150)
        let data = try DatasetCollector(task: .hopper, seed: 1, workers: 2).collect([segment])
        #expect(data.rowCount == 150 && data.episodeLengths == [150] && data.episodeCompleted == [false])
        #expect(data.timeouts.last == true && !data.terminals.contains(true))
        let seeds = (0..<100).map { DatasetCollector.episodeSeeds(seed: 1, segment: $0 % 2, episode: $0 / 2) }
        #expect(Set(seeds.map(\.reset)).count == 100 && Set(seeds.map(\.actions)).count == 100)
        #expect(Set(seeds.map(\.reset)).isDisjoint(with: seeds.map(\.actions)))
    }

    @Test("an existing file is kept unless overwriting is asked for")
    func refusesToOverwrite() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("taken.hdf5")
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: path))
        let data = try DatasetCollector(task: .hopper, seed: 0, workers: 1).collect(
            [CollectionSegment(policy: RandomPolicy(actionDim: 3), description: "random", transitions: 10)])
        #expect(throws: DatasetWriteError.fileExists(path: path)) { try data.write(to: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me")
        try data.write(to: path, overwrite: true)
        #expect(try D4RLDataset(contentsOf: path).rowCount == 10)
        #expect(try directory.contents() == ["taken.hdf5"], "no temporary file is left behind")
    }
}
