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

    /// One Adam step on `parameters` with `gradients` (same count), updating `state`:
    /// `beginStep`, then `Step.apply` on every element.
    ///
    /// Allocates nothing (the arrays are updated in place when uniquely referenced).
    ///
    /// - Parameter learningRate: lr for this step (e.g. `CosineDecay.value(atStep: state.step)`).
    /// - Complexity: O(count), one square root and two divisions per parameter.
    public func update(_ parameters: inout [Float], gradients: UnsafePointer<Float>, state: inout State, learningRate: Float) {
        let n = parameters.count
        precondition(state.firstMoment.count == n && state.secondMoment.count == n,
                     "Adam.update: state for \(state.firstMoment.count) parameters, given \(n)")
        let step = beginStep(&state, learningRate: learningRate)
        parameters.withUnsafeMutableBufferPointer { theta in
            state.firstMoment.withUnsafeMutableBufferPointer { m in
                state.secondMoment.withUnsafeMutableBufferPointer { v in
                    step.apply(theta, gradients: gradients, firstMoment: m, secondMoment: v, elements: 0..<n)
                }
            }
        }
    }

    /// Advances `state`'s step count t and returns the step's coefficients, which `Step.apply`
    /// applies to any range of elements (so the elementwise work can be split between threads).
    public func beginStep(_ state: inout State, learningRate: Float) -> Step {
        state.step += 1
        let t = Double(state.step)
        return Step(beta1: beta1, beta2: beta2, complements: complements, epsilon: epsilon, scale: -learningRate,
                    correction1: 1 - Float(pow(Double(beta1), t)), correction2: 1 - Float(pow(Double(beta2), t)))
    }

    /// The coefficients of one Adam step t: β₁, β₂, their complements, ε, −lr and the bias
    /// corrections 1 − βᵗ (the powers `pow` in Double, rounded to Float, as optax).
    public struct Step {
        let beta1: Float, beta2: Float, complements: (Float, Float), epsilon: Float, scale: Float
        let correction1: Float, correction2: Float

        /// The step on elements `elements` of θ, m and v (each element on its own, so disjoint
        /// ranges may be updated at the same time).
        public func apply(
            _ theta: UnsafeMutableBufferPointer<Float>, gradients: UnsafePointer<Float>,
            firstMoment m: UnsafeMutableBufferPointer<Float>, secondMoment v: UnsafeMutableBufferPointer<Float>,
            elements: Range<Int>
        ) {
            guard !elements.isEmpty else { return }
            let i = elements.lowerBound
            ck_adam(theta.baseAddress! + i, m.baseAddress! + i, v.baseAddress! + i, gradients + i, elements.count,
                    beta1, beta2, complements.0, complements.1, correction1, correction2, epsilon, scale)
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
