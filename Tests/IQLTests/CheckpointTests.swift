import D4RL
import Foundation
@testable import IQL
import NN
import TestSupport
import Testing

/// Checkpoints hold the whole run: reading one back gives the same state, a resumed run
/// takes exactly the steps of an uninterrupted one, and damage is detected.
struct CheckpointTests {
    static let datasetPath = Fixtures.path("d4rl/hopper-medium-v2-mini.hdf5")

    static func makeTrainer(seed: UInt64 = 3, normalize: Bool = false, dropout: Float = 0.1, twoThreads: Bool = true,
                            algorithm: IQLConfig.Algorithm = .iql, decays: Bool = true) throws -> Trainer {
        var config = IQLConfig()
        config.decaysActorLearningRate = decays
        config.algorithm = algorithm
        config.hiddenDims = [32, 32]
        config.batchSize = 64
        config.maxSteps = 100
        config.dropoutRate = dropout  // so the generator also draws dropout masks
        let preprocessing = PreprocessingOptions(normalizeObservations: normalize)
        let data = try PreprocessedData(try D4RLDataset(contentsOf: datasetPath), options: preprocessing)
        return Trainer(data: data, preprocessing: preprocessing, dataset: try DatasetIdentity(fileAt: datasetPath),
                       config: config, seed: seed, targetSteps: 100, twoThreads: twoThreads)
    }

    /// Expects `a` and `b` to hold the same parameters and Adam states, bit for bit.
    static func expectBitIdentical(_ a: LearnerState, _ b: LearnerState) {
        for (name, x, y) in [("critic", a.critic.parameters, b.critic.parameters), ("target", a.targetCritic, b.targetCritic),
                             ("value", a.value.parameters, b.value.parameters), ("actor", a.actor.parameters, b.actor.parameters)] {
            let differing = zip(x.values, y.values).filter { $0.bitPattern != $1.bitPattern }.count
            #expect(differing == 0, "\(name): \(differing) of \(x.count) parameters differ")
        }
        #expect(a.actor.optimizer == b.actor.optimizer && a.critic.optimizer == b.critic.optimizer
                && a.value.optimizer == b.value.optimizer)
    }

    @Test("write then read gives back every field")
    func roundTrip() throws {
        let directory = try TemporaryDirectory()
        let trainer = try Self.makeTrainer(normalize: true)
        for _ in 0..<5 { trainer.train() }
        let checkpoint = trainer.checkpoint
        try checkpoint.write(to: directory.path("checkpoint.h5"))
        let read = try Checkpoint(contentsOf: directory.path("checkpoint.h5"))
        #expect(read == checkpoint)
        #expect(read.state.step == 5 && read.normalizer != nil && read.config.dropoutRate == 0.1 && read.seed == 3)
        #expect(try directory.contents() == ["checkpoint.h5"], "a temporary file was left behind")
    }

    @Test("a constant actor learning rate (fine-tuning's) stays constant and survives a checkpoint; the hash tells it from the cosine")
    func constantActorLearningRate() throws {
        let directory = try TemporaryDirectory()
        let trainer = try Self.makeTrainer(decays: false)
        let rates = (0..<60).map { _ in trainer.train().actorLearningRate }
        #expect(Set(rates) == [3e-4], "the rate moved: \(Set(rates))")
        let cosine = try Self.makeTrainer()
        #expect((0..<60).map { _ in cosine.train().actorLearningRate }.last! < 3e-4 * 0.8, "the cosine over 100 steps decays")
        try trainer.checkpoint.write(to: directory.path("checkpoint.h5"))
        let read = try Checkpoint(contentsOf: directory.path("checkpoint.h5"))
        #expect(!read.config.decaysActorLearningRate && read == trainer.checkpoint)
        var flipped = trainer.checkpoint
        flipped.config.decaysActorLearningRate = true
        #expect(flipped.contentHash != trainer.checkpoint.contentHash)
    }

    @Test("N steps, checkpoint to disk, N more steps = 2N steps in one go, bit for bit")
    func resumeIsExact() throws {
        let directory = try TemporaryDirectory()
        let straight = try Self.makeTrainer()
        for _ in 0..<40 { straight.train() }

        let first = try Self.makeTrainer()
        for _ in 0..<20 { first.train() }
        try first.checkpoint.write(to: directory.path("checkpoint.h5"))
        let checkpoint = try Checkpoint(contentsOf: directory.path("checkpoint.h5"))
        let resumed = try Trainer(resuming: checkpoint, data: first.data, dataset: first.dataset)
        for _ in 0..<20 { resumed.train() }

        #expect(resumed.step == 40)
        Self.expectBitIdentical(straight.learner.state, resumed.learner.state)
    }

    /// The two-thread schedule (`Learner+TwoThreads.swift`) against the sequential update
    /// (`Learner.update` on one thread), for IQL and behaviour cloning, with and without dropout.
    @Test("updates on one thread and on two threads give the same run, bit for bit",
          arguments: [(IQLConfig.Algorithm.iql, Float(0.1)), (.iql, 0), (.bc, 0.1), (.bc, 0)])
    func threadCountDoesNotChangeNumbers(algorithm: IQLConfig.Algorithm, dropout: Float) throws {
        let two = try Self.makeTrainer(dropout: dropout, twoThreads: true, algorithm: algorithm)
        let one = try Self.makeTrainer(dropout: dropout, twoThreads: false, algorithm: algorithm)
        #expect(two.learner.usesTwoThreads && !one.learner.usesTwoThreads)
        for _ in 0..<30 {
            two.train()
            one.train()
        }
        Self.expectBitIdentical(two.learner.state, one.learner.state)
    }

    @Test("a different dataset file is refused on resume")
    func otherDatasetRefused() throws {
        let trainer = try Self.makeTrainer()
        let other = DatasetIdentity(name: "hopper-medium-v2-mini", fileHash: "0000000000000000")
        #expect(throws: CheckpointError.self) { try Trainer(resuming: trainer.checkpoint, data: trainer.data, dataset: other) }
    }

    /// Edits h5py makes to a written checkpoint, each of one stored field, none of a shape.
    static let edits: [String] = [
        #"f["params/value/layer0/kernel"][0, 0] += 1.0"#,
        #"f["optimizers/actor"].attrs["step"] = np.int64(7)"#,
        #"f["config"].attrs["expectile"] = np.float32(0.8)"#,
        #"f["config"].attrs["batch_size"] = np.int64(32)"#,
        #"f["preprocessing"].attrs["max_episode_steps"] = np.int64(500)"#,
        #"f["preprocessing"].attrs["reward_transform"] = "none""#,
        #"f.attrs["dataset_name"] = "walker2d-medium-v2""#,
        #"f.attrs["dataset_hash"] = "0123456789abcdef""#,
        #"f.attrs["seed"] = np.uint64(4)"#,
    ]

    /// Writes a 3-step checkpoint, applies `edit` with h5py and returns the error reading it gives.
    static func readingEdited(_ edit: String) throws -> (any Error)? {
        let directory = try TemporaryDirectory()
        let path = directory.path("checkpoint.h5")
        let trainer = try makeTrainer()
        for _ in 0..<3 { trainer.train() }
        try trainer.checkpoint.write(to: path)
        _ = try PythonH5py.run("""
            import sys, h5py, numpy as np
            with h5py.File(sys.argv[1], "r+") as f:
                \(edit)
            """, arguments: [path])
        do { _ = try Checkpoint(contentsOf: path) } catch { return error }
        return nil
    }

    @Test("an edited number, setting, dataset identity or seed is refused as corrupted, in one line",
          .enabled(if: PythonH5py.isAvailable || PythonH5py.isRequired), arguments: edits)
    func editDetected(edit: String) throws {
        let error = try #require(try Self.readingEdited(edit), "the edited checkpoint loaded")
        guard case CheckpointError.corrupted = error else { Issue.record("not a corruption error: \(error)"); return }
        #expect("\(error)".contains("corrupted checkpoint") && !"\(error)".contains("\n"), "\(error)")
    }

    @Test("a checkpoint without its seed is refused in one line naming @seed",
          .enabled(if: PythonH5py.isAvailable || PythonH5py.isRequired))
    func missingSeedRefused() throws {
        let error = try #require(try Self.readingEdited(#"del f.attrs["seed"]"#), "the checkpoint without @seed loaded")
        #expect(error is CheckpointError && "\(error)".hasSuffix("missing /@seed") && !"\(error)".contains("\n"), "\(error)")
    }

    @Test("a checkpoint of another layout version is refused, naming older or newer",
          .enabled(if: PythonH5py.isAvailable || PythonH5py.isRequired), arguments: [(1, "an older"), (3, "a newer")])
    func otherVersionRefused(version: Int, writer: String) throws {
        let error = try #require(try Self.readingEdited("f.attrs[\"version\"] = np.int64(\(version))"))
        guard case CheckpointError.unsupportedVersion(_, version, 2) = error else { Issue.record("\(error)"); return }
        #expect("\(error)".contains("written by \(writer) version of d4rl-iql (checkpoint version \(version); this build reads version 2)"))
    }

    @Test("truncated or foreign files give one-line errors")
    func badFiles() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("checkpoint.h5")
        try Self.makeTrainer().checkpoint.write(to: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: directory.path("truncated.h5")))
        for file in [directory.path("truncated.h5"), Self.datasetPath, directory.path("missing.h5")] {
            #expect(throws: CheckpointError.self) { try Checkpoint(contentsOf: file) }
        }
        do { _ = try Checkpoint(contentsOf: Self.datasetPath) } catch {
            #expect("\(error)".contains("not a d4rl-iql checkpoint") && !"\(error)".contains("\n"))
        }
    }

    @Test("the trained policy: load a checkpoint, act with clip(tanh(mean)), normalising observations")
    func trainedPolicy() throws {
        let directory = try TemporaryDirectory()
        let trainer = try Self.makeTrainer(normalize: true)
        for _ in 0..<3 { trainer.train() }
        try trainer.checkpoint.write(to: directory.path("checkpoint.h5"))

        let policy = try TrainedPolicy.load(directory.path("checkpoint.h5"))
        let observation = Array(trainer.data.transitions.observation(0))  // already normalised
        let normalizer = try #require(trainer.data.normalizer)
        let raw = zip(observation, zip(normalizer.mean, normalizer.std)).map { $0 * $1.1 + $1.0 }
        let action = policy.action(for: raw)
        #expect(action.count == 3 && action.allSatisfy { abs($0) <= 1 })

        // Independent forward pass in Double on the normalised observation.
        let actor = trainer.learner.state.actor.parameters
        let means = DoubleReference.mlp(actor, prefix: "layers/", input: observation.map(Double.init), width: 11).map(tanh)
        #expect(Tolerance.maxAbsoluteError(action, means) < 1e-4)

        // The live actor (Trainer.policy) and a per-thread worker act exactly as the loaded policy.
        let worker = trainer.policy.worker()
        for row in 0..<5 {
            let raw = zip(Array(trainer.data.transitions.observation(row)), zip(normalizer.mean, normalizer.std)).map { $0 * $1.1 + $1.0 }
            #expect(trainer.policy.action(for: raw) == policy.action(for: raw))
            #expect(worker.action(for: raw) == policy.action(for: raw))
        }
    }
}
