import Foundation

/// SAC's policy loss on n reparameterised samples ã = tanh(μ + σε) (Haarnoja et al. 2018, eq. 7):
///
///     L_π = mean α·log π(ã|s) − min(Q1, Q2)(s, ã)
///
/// Its gradient with respect to the policy's output, with ε held fixed, given
/// G = ∂(−mean min Q)/∂ã from the critics' backward pass (n × d). d log π/du = 2a (the
/// derivative of −log(1 − tanh² u)), du/dμ = 1 and du/dℓ = σε, and log π holds −ℓ directly:
///
///     ∂L/∂μᵢⱼ = 2α·aᵢⱼ/n + Gᵢⱼ·(1 − aᵢⱼ²)
///     ∂L/∂ℓᵢⱼ = [α·(2aᵢⱼσᵢⱼεᵢⱼ − 1)/n + Gᵢⱼ·(1 − aᵢⱼ²)·σᵢⱼεᵢⱼ] · 1(lo ≤ ℓᵢⱼ ≤ hi)
///
/// (the clip passes gradient inside its closed range, as `torch.clamp`).
///
/// - Parameters:
///   - head: the policy's output, n × 2d (μ then ℓ); `headGradient` (n × 2d) receives ∂L/∂head.
///   - minQ: min(Q1, Q2)(s, ã), n.
/// - Returns: L_π.
func squashedGaussianActorLoss(
    head: UnsafePointer<Float>, noise: UnsafePointer<Float>, actions: UnsafePointer<Float>, logProbabilities: UnsafePointer<Float>,
    minQ: UnsafePointer<Float>, actionGradient: UnsafePointer<Float>, temperature alpha: Float, count n: Int, actionDim d: Int,
    logStdBounds: ClosedRange<Float>, headGradient: UnsafeMutablePointer<Float>
) -> Float {
    var total: Float = 0
    for i in 0..<n {
        total += alpha * logProbabilities[i] - minQ[i]
        for j in 0..<d {
            let a = actions[i * d + j], g = actionGradient[i * d + j] * (1 - a * a)
            let logStd = head[i * 2 * d + d + j]
            let sigmaEpsilon = exp(min(max(logStd, logStdBounds.lowerBound), logStdBounds.upperBound)) * noise[i * d + j]
            headGradient[i * 2 * d + j] = 2 * alpha * a / Float(n) + g
            headGradient[i * 2 * d + d + j] = logStdBounds.contains(logStd)
                ? alpha * (2 * a * sigmaEpsilon - 1) / Float(n) + g * sigmaEpsilon : 0
        }
    }
    return total / Float(n)
}
