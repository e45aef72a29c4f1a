import Core

/// A policy that may draw random numbers, from a generator the caller passes in: the collector
/// hands each episode its own generator, so an episode's actions depend on its seed alone.
///
/// Deterministic policies (any `D4RL.Policy`, e.g. an IQL checkpoint) take part through
/// `DeterministicPolicy`, which draws nothing.
public protocol SamplingPolicy {
    /// The action for one raw observation; random draws come from `generator` only.
    func action(for observation: [Float], using generator: inout SplitMix64) -> [Float]
}

/// A deterministic `Policy` used as a `SamplingPolicy`: it ignores the generator.
public struct DeterministicPolicy<Base: Policy>: SamplingPolicy {
    public let base: Base

    public init(_ base: Base) { self.base = base }

    public func action(for observation: [Float], using generator: inout SplitMix64) -> [Float] {
        base.action(for: observation)
    }
}

extension BehaviorPolicy {
    /// The behaviour policy's stochastic actions, clip(μ(s) + exp(log_std) ⊙ ε, −1, 1).
    public struct Stochastic: SamplingPolicy {
        public let policy: BehaviorPolicy

        public func action(for observation: [Float], using generator: inout SplitMix64) -> [Float] {
            policy.sampleAction(for: observation, using: &generator)
        }
    }

    /// This policy acting stochastically.
    public var stochastic: Stochastic { Stochastic(policy: self) }

    /// This policy acting deterministically, clip(μ(s), −1, 1).
    public var deterministic: DeterministicPolicy<BehaviorPolicy> { DeterministicPolicy(self) }
}
