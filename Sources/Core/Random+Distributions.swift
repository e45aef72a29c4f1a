#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif

/// Platform-independent uniform and normal variates, defined bit for bit in terms of `next()`.
///
/// Swift's `Double.random(in:using:)` does not specify its algorithm, so seeded runs could differ
/// across toolchains; these do not (up to libm's `log`/`cos` on the last bit of a normal).
extension RandomNumberGenerator {
    /// A uniform double in [0, 1): the top 53 bits of one `next()` times 2⁻⁵³.
    @inlinable
    public mutating func nextUnitInterval() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A standard normal variate by the Box–Muller transform.
    ///
    /// Draws exactly two values per call, u₁ then u₂, each by `nextUnitInterval()`, and returns
    ///
    ///     z = √(−2 · ln(1 − u₁)) · cos(2π · u₂)
    ///
    /// (1 − u₁ ∈ (0, 1] keeps the logarithm finite). The paired sine variate is discarded, so the
    /// result depends on nothing but the two draws — no hidden cache between calls.
    @inlinable
    public mutating func nextStandardNormal() -> Double {
        let u1 = nextUnitInterval()
        let u2 = nextUnitInterval()
        return (-2 * log(1 - u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
