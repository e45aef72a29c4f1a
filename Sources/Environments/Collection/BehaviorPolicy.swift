import Core
import D4RL

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif

/// A pretrained Gaussian behaviour policy (a tanh 2×64 MLP with observation standardisation),
/// as stored in `/work/shared/policies/*.h5`, for collecting datasets.
///
/// The forward pass, in double precision from the float32 weights:
///
///     x    = (s − obs_mean) / obs_denom
///     h₁   = tanh(x · W₀ + b₀)            W₀: (D, 64)
///     h₂   = tanh(h₁ · W₁ + b₁)           W₁: (64, 64)
///     μ(s) = h₂ · W₂ + b₂                 W₂: (64, A)
///     deterministic:  a = clip(μ(s), −1, 1)
///     stochastic:     a = clip(μ(s) + exp(log_std) ⊙ ε, −1, 1),   ε ~ N(0, I)
///
///     let expert = try BehaviorPolicy(contentsOf: "policies/hopper-expert.h5")
///     let action = expert.action(for: observation)                    // deterministic
///     let noisy = expert.sampleAction(for: observation, using: &generator)
public struct BehaviorPolicy: Policy, Sendable {
    /// The policy file's arrays and attributes.
    public let weights: BehaviorPolicyWeights

    /// Reads a policy file (layout: `/work/shared/policies/README.md`).
    /// - Throws: `BehaviorPolicyError` naming the file and the missing, misshapen or non-finite
    ///   array (or a non-positive `obs_denom`).
    public init(contentsOf path: String) throws(BehaviorPolicyError) {
        weights = try BehaviorPolicyWeights(contentsOf: path)
    }

    public var observationDim: Int { weights.observationDim }
    public var actionDim: Int { weights.actionDim }
    public var logStandardDeviation: [Double] { weights.logStandardDeviation }
    /// The file's `task` attribute, e.g. `hopper`, or nil.
    public var task: String? { weights.task }
    /// The file's `measured_return_gymnasium_v4`, or nil.
    public var measuredReturn: Double? { weights.measuredReturn }

    /// μ(s): the Gaussian's mean, before clipping.
    public func mean(for observation: [Float]) -> [Double] {
        precondition(observation.count == weights.observationDim,
                     "the policy takes \(weights.observationDim) observation values, got \(observation.count)")
        var x = (0..<weights.observationDim).map { (Double(observation[$0]) - weights.observationMean[$0]) / weights.observationDenominator[$0] }
        for (index, layer) in weights.layers.enumerated() {
            var y = layer.bias
            for i in 0..<layer.inputs where x[i] != 0 {
                let row = i * layer.outputs
                for j in 0..<layer.outputs { y[j] += x[i] * layer.kernel[row + j] }
            }
            x = index < weights.layers.count - 1 ? y.map(tanh) : y
        }
        return x
    }

    /// The deterministic action clip(μ(s), −1, 1).
    public func action(for observation: [Float]) -> [Float] {
        mean(for: observation).map { Float(min(max($0, -1), 1)) }
    }

    /// A stochastic action clip(μ(s) + exp(log_std) ⊙ ε, −1, 1), drawing ε one component at a
    /// time with `nextStandardNormal()`.
    public func sampleAction(for observation: [Float], using generator: inout SplitMix64) -> [Float] {
        zip(mean(for: observation), weights.logStandardDeviation).map { mean, logStd in
            Float(min(max(mean + exp(logStd) * generator.nextStandardNormal(), -1), 1))
        }
    }
}
