/// Error measures that return numbers (tests print them and assert on them).
public enum Tolerance {
    /// ‖actual − expected‖₂ / max(‖expected‖₂, floor): one number for a whole vector, robust to a
    /// few near-zero components.
    public static func relativeError<A: BinaryFloatingPoint, E: BinaryFloatingPoint>(
        _ actual: [A], _ expected: [E], floor: Double = 1e-12
    ) -> Double {
        precondition(actual.count == expected.count, "relativeError: \(actual.count) vs \(expected.count) elements")
        var difference = 0.0, norm = 0.0
        for (a, e) in zip(actual, expected) {
            let d = Double(a) - Double(e)
            difference += d * d
            norm += Double(e) * Double(e)
        }
        return difference.squareRoot() / max(norm.squareRoot(), floor)
    }

    /// maxᵢ |actualᵢ − expectedᵢ| / (|expectedᵢ| + absolute): elementwise relative error with an
    /// absolute floor for components near zero.
    public static func maxRelativeError<A: BinaryFloatingPoint, E: BinaryFloatingPoint>(
        _ actual: [A], _ expected: [E], absolute: Double = 1e-6
    ) -> Double {
        precondition(actual.count == expected.count, "maxRelativeError: \(actual.count) vs \(expected.count) elements")
        var worst = 0.0
        for (a, e) in zip(actual, expected) {
            worst = max(worst, abs(Double(a) - Double(e)) / (abs(Double(e)) + absolute))
        }
        return worst
    }

    /// maxᵢ |actualᵢ − expectedᵢ|.
    public static func maxAbsoluteError<A: BinaryFloatingPoint, E: BinaryFloatingPoint>(
        _ actual: [A], _ expected: [E]
    ) -> Double {
        precondition(actual.count == expected.count, "maxAbsoluteError: \(actual.count) vs \(expected.count) elements")
        var worst = 0.0
        for (a, e) in zip(actual, expected) { worst = max(worst, abs(Double(a) - Double(e))) }
        return worst
    }

    /// The distance in units in the last place between two Floats (0 when bit-identical; ±0 equal).
    public static func ulps(_ a: Float, _ b: Float) -> Int {
        func ordered(_ x: Float) -> Int64 {
            let bits = Int64(Int32(bitPattern: x.bitPattern))
            return bits < 0 ? Int64(Int32.min) - bits : bits
        }
        return Int(abs(ordered(a) - ordered(b)))
    }
}
