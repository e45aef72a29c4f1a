/// Squared error of predictions p against targets y (one critic's loss in IQL and SAC):
///
///     L = mean (pᵢ − yᵢ)²,   ∂L/∂pᵢ = 2·(pᵢ − yᵢ) / n
public func meanSquaredError(
    predictions: UnsafePointer<Float>, targets: UnsafePointer<Float>, count n: Int,
    gradient: UnsafeMutablePointer<Float>
) -> Float {
    var total: Float = 0
    for i in 0..<n {
        let error = predictions[i] - targets[i]
        total += error * error
        gradient[i] = 2 * error / Float(n)
    }
    return total / Float(n)
}
