import Core
import D4RL
import Foundation
import HDF5
import IQL
import NN
import TestSupport
import Testing

/// K consecutive IQL updates computed with JAX autodiff in float32 are the
/// truth for the learner: every loss within 1e-4 relative, every final tensor
/// within 1e-4 relative L2 error.
///
/// Runs every `*.h5` in `../shared/golden/` (when present), in `$IQL_GOLDEN_DIR`, and in
/// `Fixtures/golden/` (the committed copy, skipped for names `../shared/golden/` has).
struct GoldenUpdateTests {
    static let tolerance = 1e-4

    static var goldenFiles: [String] {
        func files(in directory: String) -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
                .filter { $0.hasPrefix("iql_") && $0.hasSuffix(".h5") }.sorted().map { directory + "/" + $0 }
        }
        let shared = files(in: Fixtures.packageRoot.appendingPathComponent("../shared/golden").standardized.path)
        let extra = ProcessInfo.processInfo.environment["IQL_GOLDEN_DIR"].map(files(in:)) ?? []
        let sharedNames = Set(shared.map { URL(fileURLWithPath: $0).lastPathComponent })
        let committed = files(in: Fixtures.path("golden")).filter { !sharedNames.contains(URL(fileURLWithPath: $0).lastPathComponent) }
        return shared + extra + committed
    }

    @Test func goldenFilesExist() {
        #expect(!Self.goldenFiles.isEmpty, "no golden update files found")
    }

    @Test(arguments: goldenFiles)
    func matchesAutodiff(path: String) throws {
        let golden = try GoldenUpdates(contentsOf: path)
        let learner = try Learner(config: golden.config, observationDim: golden.observationDim, actionDim: golden.actionDim, state: golden.initial)
        var unusedDropout = SplitMix64(seed: 0)
        var worstLoss = 0.0
        for (step, batch) in golden.batches.enumerated() {
            learner.batch.assign(observations: batch.observations, actions: batch.actions, rewards: batch.rewards,
                                 masks: batch.masks, nextObservations: batch.nextObservations)
            let metrics = learner.update(dropoutUsing: &unusedDropout)
            for (name, ours, theirs) in [("value", metrics.valueLoss!, golden.valueLosses[step]),
                                         ("actor", metrics.actorLoss, golden.actorLosses[step]),
                                         ("critic", metrics.criticLoss!, golden.criticLosses[step])] {
                let error = Double(abs(ours - theirs)) / max(Double(abs(theirs)), 1e-12)
                worstLoss = max(worstLoss, error)
                #expect(error <= Self.tolerance, "step \(step) \(name) loss \(ours) vs \(theirs): rel err \(error)")
            }
        }
        var worstParameter = 0.0
        let ours = [learner.state.critic.parameters, learner.state.targetCritic, learner.state.value.parameters, learner.state.actor.parameters]
        let theirs = [golden.final.critic.parameters, golden.final.targetCritic, golden.final.value.parameters, golden.final.actor.parameters]
        for (index, network) in ["critic", "target_critic", "value", "actor"].enumerated() {
            let ours = ours[index], theirs = theirs[index]
            for tensor in ours.tensors {
                let error = Tolerance.relativeError(Array(ours[tensor]), Array(theirs[tensor]))
                worstParameter = max(worstParameter, error)
                #expect(error <= Self.tolerance, "\(network)/\(tensor.name): rel L2 err \(error)")
            }
        }
        print("golden \(URL(fileURLWithPath: path).lastPathComponent): loss rel err \(worstLoss), param rel err \(worstParameter)")
    }
}

/// A golden update file: configuration (root attributes), `/init`, `/batches/k`,
/// `/losses/{value,actor,critic}_loss` and `/final`.
struct GoldenUpdates {
    var config = IQLConfig()
    var observationDim: Int
    var actionDim: Int
    var initial: LearnerState
    var final: LearnerState
    /// One stored batch, row-major.
    struct StoredBatch {
        var observations: [Float], actions: [Float], rewards: [Float], masks: [Float], nextObservations: [Float]
    }
    var batches: [StoredBatch] = []
    var valueLosses: [Float], actorLosses: [Float], criticLosses: [Float]

    init(contentsOf path: String) throws {
        let root = try File(opening: path).root()
        observationDim = try root.attribute("obs", as: Int.self)
        actionDim = try root.attribute("act", as: Int.self)
        let hidden = try root.attribute("hidden", as: Int.self)
        config.hiddenDims = [hidden, hidden]
        config.batchSize = try root.attribute("batch", as: Int.self)
        config.expectile = try root.attribute("expectile", as: Float.self)
        config.temperature = try root.attribute("temperature", as: Float.self)
        config.discount = try root.attribute("discount", as: Float.self)
        config.targetUpdateRate = try root.attribute("tau", as: Float.self)
        let learningRate = try root.attribute("lr", as: Float.self)
        config.actorLearningRate = learningRate
        config.valueLearningRate = learningRate
        config.criticLearningRate = learningRate
        config.maxSteps = try root.attribute("max_steps", as: Int.self)
        config.adamBeta1 = try root.attribute("adam_beta1", as: Float.self)
        config.adamBeta2 = try root.attribute("adam_beta2", as: Float.self)
        config.adamEpsilon = try root.attribute("adam_eps", as: Float.self)
        config.logStdMin = try root.attribute("log_std_min", as: Float.self)
        config.logStdMax = try root.attribute("log_std_max", as: Float.self)
        config.maxAdvantageWeight = try root.attribute("adv_clip", as: Float.self)
        initial = try LearnerState(parametersIn: try root.group("init"), config: config, observationDim: observationDim, actionDim: actionDim)
        final = try LearnerState(parametersIn: try root.group("final"), config: config, observationDim: observationDim, actionDim: actionDim)
        let steps = try root.attribute("steps", as: Int.self)
        for step in 0..<steps {
            let group = try root.group("batches/\(step)")
            func read(_ key: String) throws -> [Float] { try group.dataset(key).read(as: Float.self) }
            batches.append(StoredBatch(observations: try read("observations"), actions: try read("actions"), rewards: try read("rewards"),
                                       masks: try read("masks"), nextObservations: try read("next_observations")))
        }
        valueLosses = try root.dataset("losses/value_loss").read(as: Float.self)
        actorLosses = try root.dataset("losses/actor_loss").read(as: Float.self)
        criticLosses = try root.dataset("losses/critic_loss").read(as: Float.self)
    }
}
