@testable import SAC
import Core
import Foundation
import HDF5
import IQL
import NN
import TestSupport
import Testing

/// Twenty SAC updates against the same updates computed with JAX autodiff and optax by
/// `tools/sac_golden.py` (`Fixtures/golden/sac_update_hopper_h32.h5`): every metric within 1e-4
/// relative, every final tensor within 1e-4 relative L2 error. The file's actor starts with one
/// log-std unit above the clip (its gradient must stay 0) and with masks of 0 in every batch.
struct SACGoldenUpdateTests {
    static let tolerance = 1e-4

    @Test("20 updates match JAX autodiff: the metrics, the critics, the target, the policy and log α")
    func matchesAutodiff() throws {
        let root = try File(opening: Fixtures.path("golden/sac_update_hopper_h32.h5")).root()
        func integer(_ name: String) throws -> Int { Int(try root.attribute(name, as: Int64.self)) }
        let (o, d, updates) = (try integer("observation_dim"), try integer("action_dim"), try integer("updates"))
        var config = SACConfig()
        guard case .integers(let hidden) = try root.attribute("hidden_dims") else { Issue.record("hidden_dims"); return }
        config.hiddenDims = hidden.map { Int($0) }
        config.batchSize = try integer("batch_size")
        let initial = try Self.state(in: try root.group("init"), config: config, observationDim: o, actionDim: d)
        let learner = try SACLearner(config: config, observationDim: o, actionDim: d, state: initial)
        #expect(learner.targetEntropy == Float(try root.attribute("target_entropy", as: Double.self)))
        let metrics = try root.group("metrics")
        let expected = try ["critic_loss", "actor_loss", "alpha_loss", "alpha", "entropy", "mean_q"].map { try metrics.dataset($0).read(as: Float.self) }
        var worstMetric = 0.0
        for k in 0..<updates {
            let batch = try root.group("batches/\(k)")
            func read(_ name: String) throws -> [Float] { try batch.dataset(name).read(as: Float.self) }
            learner.batch.assign(observations: try read("observations"), actions: try read("actions"), rewards: try read("rewards"),
                                 masks: try read("masks"), nextObservations: try read("next_observations"))
            learner.noise.update(from: try read("noise"), count: config.batchSize * d)
            learner.nextNoise.update(from: try read("next_noise"), count: config.batchSize * d)
            let ours = learner.update()
            let values = [ours.criticLoss, ours.actorLoss, ours.temperatureLoss, ours.temperature, ours.entropy, ours.meanQ]
            for (index, name) in ["critic", "actor", "alpha loss", "alpha", "entropy", "mean Q"].enumerated() {
                let theirs = expected[index][k]
                let error = Double(abs(values[index] - theirs)) / max(Double(abs(theirs)), 1e-3)
                worstMetric = max(worstMetric, error)
                #expect(error <= Self.tolerance, "update \(k) \(name): \(values[index]) vs \(theirs), rel err \(error)")
            }
        }
        let final = try Self.state(in: try root.group("final"), config: config, observationDim: o, actionDim: d)
        var worstTensor = 0.0
        for (name, (ours, theirs)) in zip(SACState.networkNames, zip(learner.state.networks, final.networks)) {
            for tensor in ours.tensors {
                let error = Tolerance.relativeError(Array(ours[tensor]), Array(theirs[tensor]))
                worstTensor = max(worstTensor, error)
                #expect(error <= Self.tolerance, "\(name)/\(tensor.name): rel L2 err \(error)")
            }
        }
        let clippedBias = learner.policy.mlp.layers.last!.bias.offset + 2 * d - 1
        #expect(learner.state.actor.parameters.values[clippedBias] == initial.actor.parameters.values[clippedBias])
        print("golden SAC: metric rel err \(worstMetric), tensor rel err \(worstTensor)")
    }

    /// `group/{critic, target_critic, actor, log_alpha}/<tensor>` with fresh Adam states.
    static func state(in group: Group, config: SACConfig, observationDim: Int, actionDim: Int) throws -> SACState {
        let layouts = SACLearner.layouts(config: config, observationDim: observationDim, actionDim: actionDim).parameters
        var networks = [layouts.critic, layouts.critic, layouts.actor, layouts.logTemperature]
        for (index, name) in SACState.networkNames.enumerated() { try networks[index].read(from: try group.group(name)) }
        let adam = Adam()
        return SACState(step: 0, critic: Trainable(parameters: networks[0], adam: adam), targetCritic: networks[1],
                        actor: Trainable(parameters: networks[2], adam: adam), logTemperature: Trainable(parameters: networks[3], adam: adam))
    }
}
