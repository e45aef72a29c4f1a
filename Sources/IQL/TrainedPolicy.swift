import D4RL
import Foundation
import NN

/// A trained actor ready to act: observation normalisation (when the run used it), the MLP,
/// and the deterministic action clip(tanh(m(s)), −1, 1) (SPEC §3).
///
///     let policy = try TrainedPolicy.load("runs/hopper/checkpoint.h5")
///     let action = policy.action(for: observation)
public struct TrainedPolicy: Policy {
    public let observationDim: Int
    public let actionDim: Int
    public let normalizer: ObservationNormalizer?
    private let mlp: MLP
    private let parameters: [Float]

    /// The policy of a checkpoint file.
    public static func load(_ path: String) throws(CheckpointError) -> TrainedPolicy {
        TrainedPolicy(try Checkpoint(contentsOf: path))
    }

    public init(_ checkpoint: Checkpoint) {
        var layout = Parameters()
        let policy = GaussianPolicy(observationDim: checkpoint.observationDim, actionDim: checkpoint.actionDim,
                                    config: checkpoint.config, in: &layout)
        mlp = policy.mlp
        parameters = checkpoint.state.actor.parameters.values
        observationDim = checkpoint.observationDim
        actionDim = checkpoint.actionDim
        normalizer = checkpoint.normalizer
    }

    /// The deterministic action for one raw observation.
    public func action(for observation: [Float]) -> [Float] {
        actions(for: observation, count: 1)
    }

    /// Deterministic actions for `count` raw observations stored back to back.
    public func actions(for observations: [Float], count: Int) -> [Float] {
        precondition(observations.count == count * observationDim,
                     "expected \(count) observations of \(observationDim) values, got \(observations.count) values")
        var input = observations
        normalizer?.normalize(&input)
        let workspace = MLP.Workspace(for: mlp, batchCapacity: count)
        parameters.withUnsafeBufferPointer { mlp.forward(parameters: $0.baseAddress!, input: input, batch: count, workspace: workspace) }
        return (0..<count * actionDim).map { min(max(tanh(workspace.output[$0]), -1), 1) }
    }
}
