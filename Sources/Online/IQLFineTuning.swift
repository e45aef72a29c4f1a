import Foundation
import Core
import D4RL
import IQL

/// IQL's offline-to-online fine-tuning (Kostrikov et al. 2021, §5.3) as an `OnlineAgent`: a
/// trainer's learner keeps its losses, presets and step count, explores with samples of its
/// Gaussian policy, and learns from a replay buffer that starts with its offline training data.
///
/// New transitions are stored preprocessed as the offline ones were: rewards through the
/// dataset's transform (locomotion: r/(max_return − min_return)·1000, the offline range),
/// observations through its normaliser when it has one. Actions are stored as taken (in [−1, 1]).
public final class IQLFineTuning: OnlineAgent {
    public let trainer: Trainer

    public init(trainer: Trainer) { self.trainer = trainer }

    public var observationDim: Int { trainer.learner.observationDim }
    public var actionDim: Int { trainer.learner.actionDim }

    /// clip(tanh(m(s)) + σ·ε, −1, 1) for the normalised observation (`Learner.sampleAction`).
    public func explorationAction(for observation: [Float], using generator: inout SplitMix64) -> [Float] {
        trainer.learner.sampleAction(for: trainer.data.preprocessedObservation(observation), using: &generator)
    }

    /// A batch from `replay`, then the learner's update with dropout masks from `generator`.
    public func update(from replay: ReplayBuffer, using generator: inout SplitMix64) -> UpdateMetrics {
        replay.fill(trainer.learner.batch, using: &generator)
        return trainer.learner.update(dropoutUsing: &generator)
    }

    public func preprocessedObservation(_ observation: [Float]) -> [Float] { trainer.data.preprocessedObservation(observation) }
    public func preprocessedReward(_ reward: Double) -> Float { trainer.data.preprocessedReward(reward) }

    /// A replay buffer of `capacity` rows holding the trainer's offline transitions.
    public func seededReplayBuffer(capacity: Int) throws(ReplayBufferError) -> ReplayBuffer {
        let transitions = trainer.data.transitions
        let replay = try ReplayBuffer(capacity: capacity, observationDim: transitions.observationDim, actionDim: transitions.actionDim)
        replay.append(transitions)
        return replay
    }
}

extension UpdateMetrics: OnlineMetrics {
    public static let columns = ["value_loss", "actor_loss", "critic_loss", "mean_q", "mean_v", "mean_advantage", "actor_lr"]
    public var cells: [String] {
        [valueLoss, actorLoss, criticLoss, meanQ, meanValue, meanAdvantage, actorLearningRate].map { $0.map { "\($0)" } ?? "" }
    }
    public var summary: String {
        [("value", valueLoss), ("actor", actorLoss), ("critic", criticLoss)].compactMap { name, value in
            value.map { String(format: "\(name) %.4g", $0) }
        }.joined(separator: " ")
    }
}
