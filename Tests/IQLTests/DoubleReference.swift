import D4RL
import Foundation
import IQL
import NN

/// The three IQL losses of SPEC §3 evaluated in Double, straight from the formulas, on
/// parameters addressed by name: an independent truth for the learner's Float code and
/// a loss smooth and precise enough for finite differences with tiny steps.
enum DoubleReference {
    /// The MLP `prefix`layer0 … layer(L−1) on `input` (rows of `width`), ReLU between layers.
    static func mlp(_ parameters: Parameters, prefix: String, input: [Double], width: Int) -> [Double] {
        var activations = input, inputWidth = width, layer = 0
        while let kernel = parameters.tensor(named: "\(prefix)layer\(layer)/kernel") {
            let bias = Array(parameters[parameters.tensor(named: "\(prefix)layer\(layer)/bias")!]).map(Double.init)
            let weights = Array(parameters[kernel]).map(Double.init)
            let outputWidth = kernel.shape[1], rows = activations.count / inputWidth
            var output = [Double](repeating: 0, count: rows * outputWidth)
            for row in 0..<rows {
                for j in 0..<outputWidth {
                    var sum = bias[j]
                    for i in 0..<inputWidth { sum += activations[row * inputWidth + i] * weights[i * outputWidth + j] }
                    output[row * outputWidth + j] = sum
                }
            }
            layer += 1
            if parameters.tensor(named: "\(prefix)layer\(layer)/kernel") != nil { output = output.map { max($0, 0) } }
            activations = output
            inputWidth = outputWidth
        }
        return activations
    }

    static func stateActions(_ batch: Batch) -> [Double] {
        var rows: [Double] = []
        for row in 0..<batch.size {
            let observation = batch.observationValues[row * batch.observationDim..<(row + 1) * batch.observationDim]
            let action = batch.actionValues[row * batch.actionDim..<(row + 1) * batch.actionDim]
            rows += observation.map(Double.init) + action.map(Double.init)
        }
        return rows
    }

    /// min(Q1, Q2)(s, a) of a critic parameter set.
    static func minQ(_ critic: Parameters, _ batch: Batch) -> [Double] {
        let input = stateActions(batch), width = batch.observationDim + batch.actionDim
        return zip(mlp(critic, prefix: "q1/", input: input, width: width), mlp(critic, prefix: "q2/", input: input, width: width)).map { min($0, $1) }
    }

    /// L_V = mean |τ − 1(u < 0)|·u², u = min(Q1_t, Q2_t)(s, a) − V(s).
    static func valueLoss(value: Parameters, targetCritic: Parameters, batch: Batch, expectile: Double) -> Double {
        let v = mlp(value, prefix: "", input: batch.observationValues.map(Double.init), width: batch.observationDim)
        let losses = zip(minQ(targetCritic, batch), v).map { q, v -> Double in
            let u = q - v
            return abs(expectile - (u < 0 ? 1 : 0)) * u * u
        }
        return losses.reduce(0, +) / Double(batch.size)
    }

    /// L_π = −mean w·log N(a; tanh(m(s)), exp(clip(log_std))²), w = min(exp(β(q − V(s))), cap), or 1 for BC.
    static func actorLoss(actor: Parameters, value: Parameters, targetCritic: Parameters, batch: Batch, config: IQLConfig) -> Double {
        let observations = batch.observationValues.map(Double.init), d = batch.actionDim
        let weights: [Double]
        if config.algorithm == .bc {
            weights = [Double](repeating: 1, count: batch.size)
        } else {
            let v = mlp(value, prefix: "", input: observations, width: batch.observationDim)
            let beta = Double(config.temperature), cap = Double(config.maxAdvantageWeight)
            weights = zip(minQ(targetCritic, batch), v).map { q, v in min(exp(beta * (q - v)), cap) }
        }
        let means = mlp(actor, prefix: "layers/", input: observations, width: batch.observationDim).map(tanh)
        let low = Double(config.logStdMin), high = Double(config.logStdMax)
        let logStd = actor[actor.tensor(named: "log_std")!].map { (raw: Float) -> Double in min(max(Double(raw), low), high) }
        var total = 0.0
        for row in 0..<batch.size {
            var logProbability = 0.0
            for j in 0..<d {
                let z = (Double(batch.actionValues[row * d + j]) - means[row * d + j]) / exp(logStd[j])
                logProbability += -0.5 * z * z - logStd[j] - 0.5 * log(2 * Double.pi)
            }
            total += weights[row] * logProbability
        }
        return -total / Double(batch.size)
    }

    /// L_Q = mean (Q1(s, a) − y)² + mean (Q2(s, a) − y)², y = r + γ·mask·V(s′).
    static func criticLoss(critic: Parameters, value: Parameters, batch: Batch, discount: Double) -> Double {
        let nextV = mlp(value, prefix: "", input: batch.nextObservationValues.map(Double.init), width: batch.observationDim)
        let targets = (0..<batch.size).map { Double(batch.rewardValues[$0]) + discount * Double(batch.maskValues[$0]) * nextV[$0] }
        let input = stateActions(batch), width = batch.observationDim + batch.actionDim
        var loss = 0.0
        for prefix in ["q1/", "q2/"] {
            let q = mlp(critic, prefix: prefix, input: input, width: width)
            loss += zip(q, targets).map { (q: Double, y: Double) -> Double in (q - y) * (q - y) }.reduce(0, +) / Double(batch.size)
        }
        return loss
    }
}
