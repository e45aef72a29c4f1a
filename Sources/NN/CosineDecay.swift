#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif

/// The cosine learning-rate schedule `optax.cosine_decay_schedule(initialValue, decaySteps)`
/// (α = 0, exponent 1):
///
///     value(t) = initialValue · ½ · (1 + cos(π · min(t, T) / T))
///
/// where t is the 0-based number of updates already taken and T = `decaySteps`. IQL's actor uses
/// `CosineDecay(initialValue: 3e-4, decaySteps: 1_000_000)`: 3e-4 at the first update, 0 from T on.
/// Evaluated in Double, rounded to Float.
public struct CosineDecay {
    /// The value at t = 0.
    public let initialValue: Float
    /// T, the step at which the value reaches 0 (and stays).
    public let decaySteps: Int

    public init(initialValue: Float, decaySteps: Int) {
        precondition(decaySteps > 0, "CosineDecay: decaySteps \(decaySteps) must be positive")
        self.initialValue = initialValue
        self.decaySteps = decaySteps
    }

    /// The schedule's value after `step` updates (`step` ≥ 0).
    public func value(atStep step: Int) -> Float {
        let t = Double(min(max(step, 0), decaySteps))
        return Float(Double(initialValue) * 0.5 * (1 + cos(Double.pi * t / Double(decaySteps))))
    }
}
