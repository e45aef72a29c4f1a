@testable import IQL
import Core
import D4RL
import NN
import TestSupport
import Testing

/// The learner's losses and hand-written gradients against `DoubleReference`: loss values
/// to Float rounding, gradients against central finite differences of the Double loss.
struct LossGradientTests {
    static let gradientTolerance = 1e-3
    static let lossTolerance = 1e-5

    /// A learner with 8-unit hidden layers and a random batch already loaded. Every parameter
    /// is perturbed: zero biases would put a hidden unit exactly on its ReLU kink whenever the
    /// layer below is all zero for a sample, the target critic must differ from the critic, and
    /// log-std from 0.
    static func makeLearner(algorithm: IQLConfig.Algorithm = .iql) -> (Learner, Batch) {
        var config = IQLConfig()
        config.algorithm = algorithm
        config.hiddenDims = [8, 8]
        config.batchSize = 16
        var generator = SplitMix64(seed: 7)
        let learner = Learner(config: config, observationDim: 3, actionDim: 2, using: &generator)
        func perturb(_ parameters: inout Parameters) {
            for index in parameters.values.indices { parameters.values[index] += 0.05 * Float(generator.nextStandardNormal()) }
        }
        perturb(&learner.state.critic.parameters)
        perturb(&learner.state.targetCritic)
        perturb(&learner.state.value.parameters)
        perturb(&learner.state.actor.parameters)
        func normals(_ count: Int) -> [Float] { (0..<count).map { _ in Float(generator.nextStandardNormal()) } }
        let observations = normals(48), nextObservations = normals(48)
        let actions = normals(32).map { min(max($0 * 0.5, -0.99), 0.99) }
        learner.batch.assign(observations: observations, actions: actions, rewards: normals(16),
                             masks: (0..<16).map { $0 % 5 == 0 ? 0 : 1 }, nextObservations: nextObservations)
        return (learner, learner.batch)
    }

    /// The forward passes the value step reads: Q1_t(s, a), Q2_t(s, a) and V(s).
    static func forwardTargetsAndValue(_ learner: Learner) {
        let b = learner.buffers, state = learner.state, batch = learner.batch
        learner.forward(learner.critic.q1, state.targetCritic, on: batch.stateActions, into: b.targetQ1Workspace)
        learner.forward(learner.critic.q2, state.targetCritic, on: batch.stateActions, into: b.targetQ2Workspace)
        learner.forward(learner.value.mlp, state.value.parameters, on: batch.observations, into: b.valueWorkspace)
    }

    /// Checks a Float loss against the Double one, and `analytic` against central differences
    /// of the Double loss over every entry of `parameters` (step 1e-5: no ReLU kink is crossed
    /// in practice, and Double rounding is negligible).
    static func check(_ name: String, loss: Float, analytic: [Float], parameters: [Float], reference: ([Float]) -> Double) {
        let expected = reference(parameters)
        let lossError = abs(Double(loss) - expected) / abs(expected)
        #expect(lossError < lossTolerance, "\(name) loss \(loss) vs Double \(expected)")
        let numeric = FiniteDifferences.gradient(of: reference, at: parameters, step: 1e-5)
        let error = Tolerance.relativeError(analytic, numeric)
        #expect(error < gradientTolerance, "\(name): relative L2 error \(error) between analytic and finite-difference gradients")
    }

    #if arch(x86_64)
    @Test("an update flushes subnormals only while it runs: the caller's floating-point mode is restored")
    func updateRestoresFloatingPointMode() {
        let (learner, _) = Self.makeLearner()
        var generator = SplitMix64(seed: 1)
        learner.update(dropoutUsing: &generator)
        let tiny: [Float] = [Float.leastNormalMagnitude]
        #expect((tiny[0] * 0.5).isSubnormal)
    }
    #endif

    @Test("the value step: L_V and ∂L_V/∂θ_V (expectile loss against the target critic's min)")
    func valueGradient() {
        let (learner, batch) = Self.makeLearner()
        let state = learner.state
        let loss = learner.updateValue().loss
        Self.check("value", loss: loss, analytic: learner.buffers.valueGradients, parameters: state.value.parameters.values) { values in
            var value = state.value.parameters
            value.values = values
            return DoubleReference.valueLoss(value: value, targetCritic: state.targetCritic, batch: batch, expectile: Double(learner.config.expectile))
        }
        #expect(learner.state.value.parameters != state.value.parameters && learner.state.value.optimizer.step == 1)
    }

    @Test("the actor step: L_π and ∂L_π/∂θ_π (advantage-weighted Gaussian NLL, trunk and log-std)", arguments: [IQLConfig.Algorithm.iql, .bc])
    func actorGradient(algorithm: IQLConfig.Algorithm) {
        let (learner, batch) = Self.makeLearner(algorithm: algorithm)
        let state = learner.state
        Self.forwardTargetsAndValue(learner)
        _ = learner.valueLoss()  // q in buffers.targetQ for the weights
        var noDropout = SplitMix64(seed: 0)
        let loss = learner.updateActor(learningRate: 3e-4, dropoutUsing: &noDropout).loss
        Self.check("actor (\(algorithm))", loss: loss, analytic: learner.buffers.actorGradients, parameters: state.actor.parameters.values) { values in
            var actor = state.actor.parameters
            actor.values = values
            return DoubleReference.actorLoss(actor: actor, value: state.value.parameters, targetCritic: state.targetCritic, batch: batch, config: learner.config)
        }
        #expect(learner.state.actor.optimizer.step == 1)
    }

    @Test("log-std outside its clip range gets no gradient")
    func clippedLogStd() {
        let (learner, _) = Self.makeLearner()
        Self.forwardTargetsAndValue(learner)
        _ = learner.valueLoss()
        var actor = learner.state.actor.parameters
        let logStd = actor.tensor(named: "log_std")!
        actor[logStd] = [-6, 0.1]
        var noDropout = SplitMix64(seed: 0)
        _ = learner.computeAdvantageWeights(value: learner.state.value.parameters)
        learner.forwardActor(actor, dropoutUsing: &noDropout)
        _ = learner.actorLoss(actor: actor)
        #expect(learner.buffers.actorGradients[logStd.offset] == 0)
        #expect(learner.buffers.actorGradients[logStd.offset + 1] != 0)
    }

    @Test("the critic step: L_Q and ∂L_Q/∂θ_Q (sum of the twin critics' squared TD errors)")
    func criticGradient() {
        let (learner, batch) = Self.makeLearner()
        let state = learner.state
        let loss = learner.updateCritic().loss
        Self.check("critic", loss: loss, analytic: learner.buffers.criticGradients, parameters: state.critic.parameters.values) { values in
            var critic = state.critic.parameters
            critic.values = values
            return DoubleReference.criticLoss(critic: critic, value: state.value.parameters, batch: batch, discount: Double(learner.config.discount))
        }
        #expect(learner.state.critic.optimizer.step == 1)
    }
}
