import CKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif

/// The Adam optimiser exactly as `optax.adam` (`scale_by_adam` then scaling by −lr), in Float:
///
///     t ← t + 1
///     m ← (1 − β₁)·g + β₁·m
///     v ← (1 − β₂)·g² + β₂·v
///     m̂ = m / (1 − β₁ᵗ),   v̂ = v / (1 − β₂ᵗ)
///     θ ← θ + (−lr)·(m̂ / (√v̂ + ε))
///
/// Rounding follows optax: the coefficients (1 − β) are formed in Double from the decimal
/// hyper-parameter, as Python does (`1 - 0.9` → Float(0.1), not `1 - Float(0.9)`, 2 ulp apart);
/// β₁ᵗ is `pow` rounded to Float; the bias corrections are divisions, not reciprocal products.
///
/// Reference: Kingma & Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015;
/// optax `scale_by_adam`.
public struct Adam {
    /// β₁, decay of the first moment.
    public var beta1: Float = 0.9 { didSet { complements = Adam.complements(beta1, beta2) } }
    /// β₂, decay of the second moment.
    public var beta2: Float = 0.999 { didSet { complements = Adam.complements(beta1, beta2) } }
    /// ε, added to √v̂ in the denominator.
    public var epsilon: Float = 1e-8
    /// (1 − β₁, 1 − β₂) rounded as optax rounds them.
    private var complements: (Float, Float)

    /// An optimiser with optax's defaults (β₁ 0.9, β₂ 0.999, ε 1e-8), IQL's for all three networks.
    public init(beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        complements = Adam.complements(beta1, beta2)
    }

    /// The optimiser's memory for one parameter vector.
    public struct State: Equatable {
        /// m, the exponential moving average of gradients.
        public var firstMoment: [Float]
        /// v, the exponential moving average of squared gradients.
        public var secondMoment: [Float]
        /// t, the number of updates taken so far (optax `count`).
        public var step: Int

        public init(firstMoment: [Float], secondMoment: [Float], step: Int) {
            precondition(firstMoment.count == secondMoment.count, "Adam.State: moment sizes differ")
            self.firstMoment = firstMoment
            self.secondMoment = secondMoment
            self.step = step
        }
    }

    /// Zero moments and step 0 for `count` parameters.
    public func makeState(count: Int) -> State {
        State(firstMoment: [Float](repeating: 0, count: count), secondMoment: [Float](repeating: 0, count: count), step: 0)
    }

    /// One Adam step on `parameters` with `gradients` (same count), updating `state`.
    ///
    /// Allocates nothing (the arrays are updated in place when uniquely referenced).
    ///
    /// - Parameters:
    ///   - learningRate: lr for this step (e.g. `CosineDecay.value(atStep: state.step)`).
    ///   - threads: when given, each of the two threads updates half of the parameters (the
    ///     step is elementwise, so the numbers are the same).
    /// - Complexity: O(count), one square root and two divisions per parameter.
    public func update(
        _ parameters: inout [Float], gradients: UnsafePointer<Float>, state: inout State, learningRate: Float,
        threads: ThreadPair? = nil
    ) {
        let n = parameters.count
        precondition(state.firstMoment.count == n && state.secondMoment.count == n,
                     "Adam.update: state for \(state.firstMoment.count) parameters, given \(n)")
        state.step += 1
        let t = Double(state.step)
        let (c1, c2) = complements
        let b1 = beta1, b2 = beta2, eps = epsilon, scale = -learningRate
        let correction1 = 1 - Float(pow(Double(b1), t))
        let correction2 = 1 - Float(pow(Double(b2), t))
        guard n > 0 else { return }
        parameters.withUnsafeMutableBufferPointer { theta in
            state.firstMoment.withUnsafeMutableBufferPointer { m in
                state.secondMoment.withUnsafeMutableBufferPointer { v in
                    let theta = theta.baseAddress!, m = m.baseAddress!, v = v.baseAddress!
                    guard let threads else {
                        return ck_adam(theta, m, v, gradients, n, b1, b2, c1, c2, correction1, correction2, eps, scale)
                    }
                    threads.split(n) { range in
                        let i = range.lowerBound
                        ck_adam(theta + i, m + i, v + i, gradients + i, range.count, b1, b2, c1, c2, correction1, correction2, eps, scale)
                    }
                }
            }
        }
    }

    /// (1 − β₁, 1 − β₂) computed in Double from the shortest decimal spelling of each Float.
    private static func complements(_ beta1: Float, _ beta2: Float) -> (Float, Float) {
        func complement(_ beta: Float) -> Float {
            Float(1 - (Double(beta.description) ?? Double(beta)))
        }
        return (complement(beta1), complement(beta2))
    }
}
