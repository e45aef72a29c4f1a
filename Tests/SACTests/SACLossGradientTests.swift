@testable import SAC
import Core
import D4RL
import Foundation
import NN
import TestSupport
import Testing

/// Each SAC loss and its hand-written gradient against the Double reference: loss values to
/// Float rounding, gradients against central finite differences of the Double loss.
struct SACLossGradientTests {
    static let (observationDim, actionDim, rows) = (3, 2, 16)

    /// A learner with 8-unit layers, every parameter perturbed (the target critic away from the
    /// critic), one log-std unit pushed above the clip at 2 for every row, and a batch and noise loaded.
    static func makeLearner() -> SACLearner {
        var config = SACConfig()
        config.hiddenDims = [8, 8]
        config.batchSize = rows
        var generator = SplitMix64(seed: 11)
        let learner = SACLearner(config: config, observationDim: observationDim, actionDim: actionDim, using: &generator)
        func perturb(_ parameters: inout Parameters) {
            for index in parameters.values.indices { parameters.values[index] += 0.05 * Float(generator.nextStandardNormal()) }
        }
        perturb(&learner.state.critic.parameters)
        perturb(&learner.state.targetCritic)
        perturb(&learner.state.actor.parameters)
        learner.state.logTemperature.parameters.values[0] = -0.7
        let head = learner.policy.mlp.layers.last!.bias
        learner.state.actor.parameters.values[head.offset + 2 * actionDim - 1] = 3   // ℓ₁ ≈ 3 > 2: clipped
        func normals(_ count: Int) -> [Float] { (0..<count).map { _ in Float(generator.nextStandardNormal()) } }
        learner.batch.assign(observations: normals(rows * observationDim), actions: normals(rows * actionDim).map { min(max($0 * 0.5, -0.99), 0.99) },
                             rewards: normals(rows), masks: (0..<rows).map { $0 % 5 == 0 ? 0 : 1 },
                             nextObservations: normals(rows * observationDim))
        learner.drawNoise(using: &generator)
        return learner
    }

    static func values(_ pointer: UnsafePointer<Float>, _ count: Int) -> [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    static func check(_ name: String, loss: Float, analytic: [Float], parameters: [Float], reference: ([Float]) -> Double) {
        let expected = reference(parameters)
        #expect(abs(Double(loss) - expected) / max(abs(expected), 1e-3) < 1e-5, "\(name) loss \(loss) vs Double \(expected)")
        let numeric = FiniteDifferences.gradient(of: reference, at: parameters, step: 1e-4)
        let error = Tolerance.relativeError(analytic, numeric)
        #expect(error < 1e-3, "\(name): relative L2 error \(error) between analytic and finite-difference gradients")
    }

    @Test("log π of the squashed Gaussian: the stable log-det equals log N(u) − log(1 − tanh² u), and stays finite where tanh saturates")
    func logProbability() {
        let head: [Float] = [0.3, -1.2, 0.5, -0.4, 9.5, -8.0, 1.9, -25]   // two rows: one ordinary, one saturated and clipped
        let noise: [Float] = [0.7, -1.1, 1.5, -2.0]
        var actions = [Float](repeating: 0, count: 4), logProbabilities = [Float](repeating: 0, count: 2)
        sampleSquashedGaussian(head: head, noise: noise, count: 2, actionDim: 2, logStdBounds: SquashedGaussianPolicy.logStdBounds,
                               actions: &actions, logProbabilities: &logProbabilities)
        let reference = SACDoubleReference.sample(head: head.map(Double.init), noise: noise, rows: 2, actionDim: 2)
        #expect(Tolerance.maxRelativeError(actions, reference.actions) < 1e-6)
        #expect(Tolerance.maxRelativeError(logProbabilities, reference.logProbabilities) < 1e-5,
                "\(logProbabilities) vs \(reference.logProbabilities)")
        #expect(logProbabilities.allSatisfy { $0.isFinite })
        // u ≈ 13.5 in row 1: 1 − tanh²(u) is 0 in Float, so the naive Float formula would give +∞.
        #expect(1 - tanh(Float(13.5)) * tanh(Float(13.5)) == 0)
    }

    @Test("the policy loss L_π = mean α·log π(ã|s) − min Q(s, ã) and ∂L_π/∂θ_π, through the critics' action gradient and the clip")
    func actorGradient() {
        let learner = Self.makeLearner()
        let alpha = learner.temperature
        let loss = learner.policyGradient(temperature: alpha).loss
        let critic = learner.state.critic.parameters.values, batch = learner.batch, n = Self.rows, d = Self.actionDim
        let noise = Self.values(learner.noise, n * d), observations = batch.observationValues
        Self.check("actor", loss: loss, analytic: learner.buffers.actorGradients, parameters: learner.state.actor.parameters.values) { actor in
            let head = SACDoubleReference.forward(learner.policy.mlp, actor, observations.map(Double.init), rows: n)
            let (actions, logProbabilities) = SACDoubleReference.sample(head: head, noise: noise, rows: n, actionDim: d)
            let input = SACDoubleReference.concat(observations, actions, rows: n)
            let q1 = SACDoubleReference.forward(learner.critic.q1, critic, input, rows: n)
            let q2 = SACDoubleReference.forward(learner.critic.q2, critic, input, rows: n)
            return (0..<n).map { Double(alpha) * logProbabilities[$0] - min(q1[$0], q2[$0]) }.reduce(0, +) / Double(n)
        }
        let clipped = learner.policy.mlp.layers.last!.bias.offset + 2 * d - 1
        #expect(learner.buffers.actorGradients[clipped] == 0, "the clipped log-std unit passes no gradient")
    }

    @Test("the temperature loss L_α = −mean log α·(log π + H̄) and ∂L_α/∂log α")
    func temperatureGradient() {
        let learner = Self.makeLearner()
        _ = learner.policyGradient(temperature: learner.temperature)
        let n = Self.rows, logProbabilities = Self.values(learner.buffers.logProbabilities, n)
        let step = temperatureLoss(logTemperature: learner.state.logTemperature.parameters.values[0],
                                   logProbabilities: logProbabilities, count: n, targetEntropy: learner.targetEntropy)
        Self.check("alpha", loss: step.loss, analytic: [step.gradient], parameters: learner.state.logTemperature.parameters.values) { logAlpha in
            -logProbabilities.map { Double(logAlpha[0]) * (Double($0) - Double(Self.actionDim)) }.reduce(0, +) / Double(n)
        }
        #expect(learner.targetEntropy == -2)
    }

    @Test("the critic loss L_Q against the soft Bellman target through the target critic, and ∂L_Q/∂θ_Q")
    func criticGradient() {
        let learner = Self.makeLearner()
        let alpha = learner.temperature
        let loss = learner.criticGradient(temperature: alpha).loss
        let state = learner.state, batch = learner.batch, n = Self.rows, d = Self.actionDim
        let nextNoise = Self.values(learner.nextNoise, n * d), next = batch.nextObservationValues
        let head = SACDoubleReference.forward(learner.policy.mlp, state.actor.parameters.values, next.map(Double.init), rows: n)
        let (nextActions, nextLogProbabilities) = SACDoubleReference.sample(head: head, noise: nextNoise, rows: n, actionDim: d)
        let nextInput = SACDoubleReference.concat(next, nextActions, rows: n)
        let target1 = SACDoubleReference.forward(learner.critic.q1, state.targetCritic.values, nextInput, rows: n)
        let target2 = SACDoubleReference.forward(learner.critic.q2, state.targetCritic.values, nextInput, rows: n)
        let rewards = batch.rewardValues, masks = batch.maskValues
        let targets = (0..<n).map { i in
            Double(rewards[i]) + 0.99 * Double(masks[i]) * (min(target1[i], target2[i]) - Double(alpha) * nextLogProbabilities[i])
        }
        #expect(Tolerance.maxRelativeError(Self.values(learner.buffers.tdTargets, n), targets, absolute: 1e-4) < 1e-4)
        let input = SACDoubleReference.concat(batch.observationValues, batch.actionValues.map(Double.init), rows: n)
        Self.check("critic", loss: loss, analytic: learner.buffers.criticGradients, parameters: state.critic.parameters.values) { critic in
            let q1 = SACDoubleReference.forward(learner.critic.q1, critic, input, rows: n)
            let q2 = SACDoubleReference.forward(learner.critic.q2, critic, input, rows: n)
            return (0..<n).map { pow(q1[$0] - targets[$0], 2) + pow(q2[$0] - targets[$0], 2) }.reduce(0, +) / Double(n)
        }
    }
}
