import Core

/// Uniformly random actions in [−1, 1]^A: aᵢ = 2uᵢ − 1 with uᵢ = `nextUnitInterval()`, drawn
/// in component order (D4RL's `random` datasets use a uniform policy over the action box).
///
///     var generator = SplitMix64(seed: 7)
///     let action = RandomPolicy(actionDim: 3).action(for: observation, using: &generator)
public struct RandomPolicy: SamplingPolicy, Sendable {
    /// A, the action width.
    public let actionDim: Int

    public init(actionDim: Int) {
        precondition(actionDim > 0, "actionDim must be positive, got \(actionDim)")
        self.actionDim = actionDim
    }

    /// A uniform action; the observation is ignored.
    public func action(for observation: [Float], using generator: inout SplitMix64) -> [Float] {
        (0..<actionDim).map { _ in Float(2 * generator.nextUnitInterval() - 1) }
    }
}
