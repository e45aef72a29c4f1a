/// The temperature's loss, which moves the policy's entropy towards the target H̄ = −|A|
/// (Haarnoja et al. 2018, eq. 18, on log α as rlkit and SB3 do):
///
///     L_α = −mean log α·(log π(ã|s) + H̄),   ∂L_α/∂log α = −mean(log π(ã|s) + H̄)
///
/// with log π of the same samples as the policy loss, held constant.
func temperatureLoss(
    logTemperature: Float, logProbabilities: UnsafePointer<Float>, count n: Int, targetEntropy: Float
) -> (loss: Float, gradient: Float) {
    var total: Float = 0
    for i in 0..<n { total += logProbabilities[i] + targetEntropy }
    let gradient = -total / Float(n)
    return (logTemperature * gradient, gradient)
}
