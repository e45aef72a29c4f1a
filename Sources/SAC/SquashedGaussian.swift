import Foundation

/// Samples of the tanh-squashed Gaussian and their log-densities, for n rows of the policy's
/// output `head` (n × 2d: μ then ℓ) and standard-normal noise ε (n × d):
///
///     σ = exp(clip(ℓ, lo, hi)),   u = μ + σ·ε,   a = tanh(u)
///     log π(a|s) = Σⱼ −½εⱼ² − log σⱼ − ½·log 2π − log(1 − tanh² uⱼ)
///
/// The last term is the log-determinant of the tanh squash, computed exactly as
/// log(1 − tanh² u) = 2·(log 2 − u − softplus(−2u)), which stays finite where 1 − tanh² u
/// underflows.
func sampleSquashedGaussian(
    head: UnsafePointer<Float>, noise: UnsafePointer<Float>, count n: Int, actionDim d: Int, logStdBounds: ClosedRange<Float>,
    actions: UnsafeMutablePointer<Float>, logProbabilities: UnsafeMutablePointer<Float>
) {
    let halfLogTwoPi: Float = 0.5 * log(2 * Float.pi)
    for i in 0..<n {
        var logProbability: Float = 0
        for j in 0..<d {
            let logStd = min(max(head[i * 2 * d + d + j], logStdBounds.lowerBound), logStdBounds.upperBound)
            let epsilon = noise[i * d + j]
            let u = head[i * 2 * d + j] + exp(logStd) * epsilon
            actions[i * d + j] = tanh(u)
            logProbability += -0.5 * epsilon * epsilon - logStd - halfLogTwoPi - tanhLogDerivative(u)
        }
        logProbabilities[i] = logProbability
    }
}

/// log(d tanh(u)/du) = log(1 − tanh² u) = 2·(log 2 − u − softplus(−2u)).
@inline(__always)
func tanhLogDerivative(_ u: Float) -> Float {
    2 * (log(2) - u - softplus(-2 * u))
}

/// softplus(x) = log(1 + eˣ), as max(x, 0) + log1p(e^−|x|) so that it neither overflows nor
/// loses the small values.
@inline(__always)
func softplus(_ x: Float) -> Float {
    max(x, 0) + log1p(exp(-abs(x)))
}
