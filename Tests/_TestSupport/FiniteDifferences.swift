/// Numerical derivatives for checking hand-written backward passes.
public enum FiniteDifferences {
    /// The gradient of `loss` at `point` by central differences:
    ///
    ///     gᵢ = (L(x + h·eᵢ) − L(x − h·eᵢ)) / (x⁺ᵢ − x⁻ᵢ)
    ///
    /// where x±ᵢ are the Float values actually stored after perturbing (so the denominator is the
    /// true step, not the intended 2h). `loss` should accumulate in Double. Exact for quadratics,
    /// so ReLU networks under a squared loss agree to rounding unless a step crosses a kink.
    ///
    /// - Parameters:
    ///   - point: x, left unchanged.
    ///   - step: h, relative to max(1, |xᵢ|).
    /// - Complexity: 2·count evaluations of `loss`.
    public static func gradient(of loss: ([Float]) -> Double, at point: [Float], step: Float = 1e-3) -> [Double] {
        var x = point
        var gradient = [Double](repeating: 0, count: point.count)
        for i in 0..<point.count {
            let original = point[i]
            let h = step * max(1, abs(original))
            x[i] = original + h
            let plus = x[i]
            let lossPlus = loss(x)
            x[i] = original - h
            let minus = x[i]
            let lossMinus = loss(x)
            x[i] = original
            gradient[i] = (lossPlus - lossMinus) / (Double(plus) - Double(minus))
        }
        return gradient
    }
}
