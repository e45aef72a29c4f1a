import Foundation
import NN

/// SAC's policy: a tanh-squashed Gaussian with state-dependent mean and log-std.
///
/// One MLP [obs, hidden…, 2|A|] (`layers/layer0/kernel`, …) gives per row the means μ (columns
/// 0..<|A|) and the raw log-stds ℓ (columns |A|..<2|A|). The log-std is clipped to [−20, 2] as in
/// rlkit and SB3 (CleanRL instead squashes it into [−5, 2] with a tanh), then
///
///     σ = exp(clip(ℓ, −20, 2)),   u = μ + σ·ε with ε ~ N(0, I),   a = tanh(u) ∈ (−1, 1)^|A|
///
/// and the deterministic action (evaluation) is tanh(μ). Locomotion actions lie in [−1, 1], so
/// no rescaling follows.
public struct SquashedGaussianPolicy {
    public let mlp: MLP
    /// [−20, 2], the range ℓ is clipped to.
    public static let logStdBounds: ClosedRange<Float> = -20...2

    public init(observationDim: Int, actionDim: Int, hiddenDims: [Int], in parameters: inout Parameters) {
        mlp = MLP(sizes: [observationDim] + hiddenDims + [2 * actionDim], prefix: "layers/", in: &parameters)
    }

    public var observationDim: Int { mlp.inputCount }
    public var actionDim: Int { mlp.outputCount / 2 }
}

extension SquashedGaussianPolicy {
    /// tanh(μ(s)) for one observation, through a one-row `workspace`.
    func deterministicAction(_ parameters: Parameters, for observation: [Float], workspace: MLP.Workspace) -> [Float] {
        let head = forward(parameters, observation, workspace)
        return (0..<actionDim).map { tanh(head[$0]) }
    }

    /// tanh(μ(s) + σ(s)·ε) for one observation, ε of |A| `nextStandardNormal()` draws from `generator`.
    func sampleAction<G: RandomNumberGenerator>(
        _ parameters: Parameters, for observation: [Float], workspace: MLP.Workspace, using generator: inout G
    ) -> [Float] {
        let head = forward(parameters, observation, workspace)
        let noise = (0..<actionDim).map { _ in Float(generator.nextStandardNormal()) }
        var action = [Float](repeating: 0, count: actionDim), logProbability: Float = 0
        sampleSquashedGaussian(head: head, noise: noise, count: 1, actionDim: actionDim, logStdBounds: Self.logStdBounds,
                               actions: &action, logProbabilities: &logProbability)
        return action
    }

    private func forward(_ parameters: Parameters, _ observation: [Float], _ workspace: MLP.Workspace) -> UnsafeMutablePointer<Float> {
        precondition(observation.count == observationDim, "expected an observation of \(observationDim) values, got \(observation.count)")
        mlp.forward(parameters, input: observation, batch: 1, workspace: workspace)
        return workspace.output
    }
}
