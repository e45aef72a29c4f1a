import Core
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
        self.init(config: checkpoint.config, observationDim: checkpoint.observationDim, actionDim: checkpoint.actionDim,
                  actor: checkpoint.state.actor.parameters, normalizer: checkpoint.normalizer)
    }

    /// The policy of actor parameters laid out for `config` (e.g. a live learner's, see
    /// `Trainer.policy`); `normalizer` standardises raw observations first when the run did.
    /// - Precondition: `actor` has the layout `config` gives an actor of these dimensions.
    public init(config: IQLConfig, observationDim: Int, actionDim: Int, actor: Parameters, normalizer: ObservationNormalizer?) {
        var layout = Parameters()
        let policy = GaussianPolicy(observationDim: observationDim, actionDim: actionDim, config: config, in: &layout)
        precondition(layout.tensors == actor.tensors,
                     "actor tensors \(actor.tensors.map(\.shape)) do not fit the configuration's \(layout.tensors.map(\.shape))")
        mlp = policy.mlp
        parameters = actor.values
        self.observationDim = observationDim
        self.actionDim = actionDim
        self.normalizer = normalizer
    }

    /// The deterministic action for one raw observation.
    public func action(for observation: [Float]) -> [Float] {
        actions(for: observation, count: 1)
    }

    /// Deterministic actions for `count` raw observations stored back to back.
    /// Allocates a workspace per call; `worker()` keeps one for repeated single actions.
    public func actions(for observations: [Float], count: Int) -> [Float] {
        actions(for: observations, count: count, workspace: makeWorkspace(batchCapacity: count))
    }

    /// Buffers for forward passes of up to `batchCapacity` observations.
    func makeWorkspace(batchCapacity: Int) -> MLP.Workspace { MLP.Workspace(for: mlp, batchCapacity: batchCapacity) }

    /// The actions computed in `workspace` (capacity at least `count`).
    func actions(for observations: [Float], count: Int, workspace: MLP.Workspace) -> [Float] {
        precondition(observations.count == count * observationDim,
                     "expected \(count) observations of \(observationDim) values, got \(observations.count) values")
        var input = observations
        normalizer?.normalize(&input)
        parameters.withUnsafeBufferPointer { mlp.forward(parameters: $0.baseAddress!, input: input, batch: count, workspace: workspace) }
        return (0..<count * actionDim).map { min(max(tanh(workspace.output[$0]), -1), 1) }
    }
}
