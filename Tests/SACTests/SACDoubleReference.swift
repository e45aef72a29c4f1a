@testable import SAC
import Foundation
import NN

/// SAC's losses recomputed in Double from the definitions, with no shared code: the networks
/// as plain loops, log π as the Gaussian density of u minus log(1 − tanh² u) taken directly.
enum SACDoubleReference {
    /// `mlp` with `parameters` on `rows` rows of `input` (row-major), ReLU between layers.
    static func forward(_ mlp: MLP, _ parameters: [Float], _ input: [Double], rows: Int) -> [Double] {
        var x = input
        for (l, layer) in mlp.layers.enumerated() {
            var y = [Double](repeating: 0, count: rows * layer.outputCount)
            for r in 0..<rows {
                for j in 0..<layer.outputCount {
                    var total = Double(parameters[layer.bias.offset + j])
                    for i in 0..<layer.inputCount {
                        total += x[r * layer.inputCount + i] * Double(parameters[layer.kernel.offset + i * layer.outputCount + j])
                    }
                    y[r * layer.outputCount + j] = l < mlp.layers.count - 1 ? max(total, 0) : total
                }
            }
            x = y
        }
        return x
    }

    /// ã = tanh(μ + σε) and log π(ã|s) per row, from the policy output `head` (rows × 2d):
    /// log π = Σⱼ log N(uⱼ; μⱼ, σⱼ) − log(1 − tanh² uⱼ), the last term as log sech² u =
    /// −2·log cosh u = −2·(|u| + log(1 + e^−2|u|) − log 2) (1 − tanh² u itself cancels
    /// catastrophically in Double beyond |u| ≈ 10).
    static func sample(head: [Double], noise: [Float], rows: Int, actionDim d: Int) -> (actions: [Double], logProbabilities: [Double]) {
        var actions = [Double](repeating: 0, count: rows * d), logProbabilities = [Double](repeating: 0, count: rows)
        for r in 0..<rows {
            for j in 0..<d {
                let mean = head[r * 2 * d + j], logStd = min(max(head[r * 2 * d + d + j], -20), 2), sigma = exp(logStd)
                let u = mean + sigma * Double(noise[r * d + j])
                let z = (u - mean) / sigma
                logProbabilities[r] += -0.5 * z * z - log(sigma) - 0.5 * log(2 * Double.pi) + 2 * (abs(u) + log1p(exp(-2 * abs(u))) - log(2.0))
                actions[r * d + j] = tanh(u)
            }
        }
        return (actions, logProbabilities)
    }

    /// Rows of concat(s, a).
    static func concat(_ s: [Float], _ a: [Double], rows: Int) -> [Double] {
        let o = s.count / rows, d = a.count / rows
        var rowsOut: [Double] = []
        for r in 0..<rows {
            rowsOut += s[r * o..<(r + 1) * o].map { Double($0) }
            rowsOut += a[r * d..<(r + 1) * d]
        }
        return rowsOut
    }
}
