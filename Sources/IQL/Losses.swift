import Foundation

/// IQL's own losses as free functions on flat buffers (the critics' `meanSquaredError` is NN's):
/// each returns the loss and writes its gradient with respect to the network output, so the
/// update files read like the paper. `n` is the batch size; means are over it.

/// Expectile regression of predictions v toward targets q (SPEC §3.1):
///
///     u = q − v,   L = mean |τ − 1(u < 0)| · u²,   ∂L/∂vᵢ = −2·wᵢ·uᵢ / n
///
/// with weight w = τ where u > 0 and 1 − τ otherwise, as the original's `loss(diff, expectile)`.
func expectileLoss(
    predictions: UnsafePointer<Float>, targets: UnsafePointer<Float>, count n: Int, expectile: Float,
    gradient: UnsafeMutablePointer<Float>
) -> Float {
    var total: Float = 0
    for i in 0..<n {
        let u = targets[i] - predictions[i]
        let weight = u > 0 ? expectile : 1 - expectile
        total += weight * u * u
        gradient[i] = -2 * weight * u / Float(n)
    }
    return total / Float(n)
}

/// Advantage-weighted negative log-likelihood of actions under the Gaussian
/// policy (SPEC §3.2), for μ = tanh(m) and σⱼ = exp(ℓⱼ), ℓ = clip(log_std, lo, hi):
///
///     log π(aᵢ|sᵢ) = Σⱼ −½((aᵢⱼ − μᵢⱼ)/σⱼ)² − ℓⱼ − ½·log 2π
///     L = −mean wᵢ · log π(aᵢ|sᵢ)
///     ∂L/∂mᵢⱼ = −(wᵢ/n)·(aᵢⱼ − μᵢⱼ)/σⱼ² · (1 − μᵢⱼ²)
///     ∂L/∂log_stdⱼ = −(1/n)·Σᵢ wᵢ·((aᵢⱼ − μᵢⱼ)²/σⱼ² − 1)   inside (lo, hi), else 0
///
/// - Parameters:
///   - preTanhMeans: m, n × d; `meanGradient` (n × d) receives ∂L/∂m.
///   - logStd: d raw parameters; `logStdGradient` (d) receives ∂L/∂log_std.
func weightedGaussianLoss(
    preTanhMeans: UnsafePointer<Float>, actions: UnsafePointer<Float>, weights: UnsafePointer<Float>,
    count n: Int, actionDim d: Int, logStd: UnsafePointer<Float>, logStdBounds: ClosedRange<Float>,
    meanGradient: UnsafeMutablePointer<Float>, logStdGradient: UnsafeMutablePointer<Float>
) -> Float {
    let halfLogTwoPi: Float = 0.5 * log(2 * Float.pi)
    var total: Float = 0
    for j in 0..<d { logStdGradient[j] = 0 }
    for i in 0..<n {
        var logProbability: Float = 0
        for j in 0..<d {
            let clipped = min(max(logStd[j], logStdBounds.lowerBound), logStdBounds.upperBound)
            let inverseVariance = exp(-2 * clipped)
            let mean = tanh(preTanhMeans[i * d + j])
            let error = actions[i * d + j] - mean
            logProbability += -0.5 * error * error * inverseVariance - clipped - halfLogTwoPi
            meanGradient[i * d + j] = -weights[i] / Float(n) * error * inverseVariance * (1 - mean * mean)
            logStdGradient[j] -= weights[i] / Float(n) * (error * error * inverseVariance - 1)
        }
        total += weights[i] * logProbability
    }
    for j in 0..<d where !(logStd[j] > logStdBounds.lowerBound && logStd[j] < logStdBounds.upperBound) {
        logStdGradient[j] = 0
    }
    return -total / Float(n)
}
