import Core
import NN

/// A SAC policy ready to act: the deterministic action tanh(μ(s)) for evaluation, or a
/// tanh-squashed Gaussian sample tanh(μ(s) + σ(s)·ε) for exploration and for collecting data as
/// D4RL did (no further noise).
///
///     let worker = policy.worker()
///     let action = worker.action(for: observation)                        // tanh(μ)
///     let sample = worker.sampleAction(for: observation, using: &generator)
public struct SACPolicy: Policy {
    public let observationDim: Int
    public let actionDim: Int
    public let hiddenDims: [Int]
    /// The policy network's parameters (`layers/layer0/kernel`, …).
    public let actor: Parameters
    /// The gymnasium id of the task the policy was trained in, when known (a policy file's `@task`).
    public var task: String?
    let network: SquashedGaussianPolicy

    /// - Precondition: `actor` has the layout of a policy of these widths.
    public init(hiddenDims: [Int], observationDim: Int, actionDim: Int, actor: Parameters, task: String? = nil) {
        var layout = Parameters()
        network = SquashedGaussianPolicy(observationDim: observationDim, actionDim: actionDim, hiddenDims: hiddenDims, in: &layout)
        precondition(layout.tensors == actor.tensors,
                     "actor tensors \(actor.tensors.map(\.shape)) do not fit a policy of widths \(hiddenDims)")
        self.observationDim = observationDim
        self.actionDim = actionDim
        self.hiddenDims = hiddenDims
        self.actor = actor
        self.task = task
    }

    /// The parameters of a policy of these widths, with zeros: the layout a file must fill.
    public static func layout(hiddenDims: [Int], observationDim: Int, actionDim: Int) -> Parameters {
        var layout = Parameters()
        _ = SquashedGaussianPolicy(observationDim: observationDim, actionDim: actionDim, hiddenDims: hiddenDims, in: &layout)
        return layout
    }

    /// tanh(μ(s)) with a workspace of its own per call, so one policy may act on several threads
    /// (`worker()` reuses one workspace instead).
    public func action(for observation: [Float]) -> [Float] {
        network.deterministicAction(actor, for: observation, workspace: MLP.Workspace(for: network.mlp, batchCapacity: 1))
    }

    /// tanh(μ(s) + σ(s)·ε), thread-safe as `action(for:)`.
    public func sampleAction<G: RandomNumberGenerator>(for observation: [Float], using generator: inout G) -> [Float] {
        network.sampleAction(actor, for: observation, workspace: MLP.Workspace(for: network.mlp, batchCapacity: 1), using: &generator)
    }

    /// A single-thread copy that reuses one workspace for every action; BLAS is set to one
    /// thread per call, as for IQL's workers. Make one per thread.
    public func worker() -> Worker {
        BLAS.setThreadCount(1)
        return Worker(policy: self)
    }

    /// A `SACPolicy` with its own forward-pass workspace. Not thread-safe.
    public final class Worker: Policy {
        public let policy: SACPolicy
        private let workspace: MLP.Workspace

        init(policy: SACPolicy) {
            self.policy = policy
            workspace = MLP.Workspace(for: policy.network.mlp, batchCapacity: 1)
        }

        /// tanh(μ(s)).
        public func action(for observation: [Float]) -> [Float] {
            policy.network.deterministicAction(policy.actor, for: observation, workspace: workspace)
        }

        /// tanh(μ(s) + σ(s)·ε), ε of |A| `nextStandardNormal()` draws from `generator`.
        public func sampleAction<G: RandomNumberGenerator>(for observation: [Float], using generator: inout G) -> [Float] {
            policy.network.sampleAction(policy.actor, for: observation, workspace: workspace, using: &generator)
        }
    }
}
