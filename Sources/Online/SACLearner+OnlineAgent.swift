import Core
import SAC

extension SACLearner: OnlineAgent {
    /// A sample tanh(μ(s) + σ(s)·ε) of the current policy.
    public func explorationAction(for observation: [Float], using generator: inout SplitMix64) -> [Float] {
        sampleAction(for: observation, using: &generator)
    }

    /// A batch from `replay`, then the noise of both samples (`drawNoise`), then `update()`.
    public func update(from replay: ReplayBuffer, using generator: inout SplitMix64) -> SACMetrics {
        replay.fill(batch, using: &generator)
        drawNoise(using: &generator)
        return update()
    }
}

extension SACMetrics: OnlineMetrics {
    public static let columns = ["critic_loss", "actor_loss", "alpha_loss", "alpha", "entropy", "mean_q"]
    public var cells: [String] { [criticLoss, actorLoss, temperatureLoss, temperature, entropy, meanQ].map { "\($0)" } }
    public var summary: String {
        String(format: "critic %.4g actor %.4g α %.3g entropy %.3g", criticLoss, actorLoss, temperature, entropy)
    }
}
