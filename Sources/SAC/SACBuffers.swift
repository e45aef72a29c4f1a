import Core
import NN

/// Everything a SAC update needs besides the batch and the noise, allocated once for the batch
/// size so that `SACLearner.update` allocates nothing.
final class SACBuffers {
    // The policy at s (differentiated) and at s′.
    let actorWorkspace: MLP.Workspace
    let nextActorWorkspace: MLP.Workspace
    let sampledActions: UnsafeMutablePointer<Float>         // ã ~ π(·|s), n × d
    let logProbabilities: UnsafeMutablePointer<Float>       // log π(ã|s), n
    let nextActions: UnsafeMutablePointer<Float>            // a′ ~ π(·|s′), n × d
    let nextLogProbabilities: UnsafeMutablePointer<Float>   // log π(a′|s′), n
    let sampledStateActions: UnsafeMutablePointer<Float>    // concat(s, ã), n × (obs + d)
    let nextStateActions: UnsafeMutablePointer<Float>       // concat(s′, a′)
    // The critics at (s, a), at (s, ã) and the target critics at (s′, a′).
    let q1Workspace: MLP.Workspace
    let q2Workspace: MLP.Workspace
    let sampledQ1Workspace: MLP.Workspace
    let sampledQ2Workspace: MLP.Workspace
    let targetQ1Workspace: MLP.Workspace
    let targetQ2Workspace: MLP.Workspace
    let minQ: UnsafeMutablePointer<Float>                   // min(Q1, Q2)(s, ã), n
    let sampledQ1Gradient: UnsafeMutablePointer<Float>      // ∂(−mean min Q)/∂Q1(s, ã), n
    let sampledQ2Gradient: UnsafeMutablePointer<Float>
    let sampledQ1InputGradient: UnsafeMutablePointer<Float> // ∂/∂concat(s, ã) through Q1, n × (obs + d)
    let sampledQ2InputGradient: UnsafeMutablePointer<Float>
    let actionGradient: UnsafeMutablePointer<Float>         // G = ∂(−mean min Q)/∂ã, n × d
    let headGradient: UnsafeMutablePointer<Float>           // ∂L_π/∂(μ, ℓ), n × 2d
    let tdTargets: UnsafeMutablePointer<Float>              // y, n
    let q1Gradient: UnsafeMutablePointer<Float>             // ∂L_Q/∂Q1(s, a), n
    let q2Gradient: UnsafeMutablePointer<Float>
    // Gradients, laid out like the parameters they belong to.
    var criticGradients: [Float]
    var actorGradients: [Float]
    var temperatureGradient: [Float] = [0]

    private let allocations: [UnsafeMutablePointer<Float>]

    init(batchSize n: Int, observationDim: Int, actionDim d: Int, critic: TwinCritic, policy: SquashedGaussianPolicy,
         parameterCounts: (critic: Int, actor: Int)) {
        var allocations: [UnsafeMutablePointer<Float>] = []
        func buffer(_ count: Int) -> UnsafeMutablePointer<Float> {
            let made = UnsafeMutablePointer<Float>.allocateZeroedCacheAligned(count)
            allocations.append(made)
            return made
        }
        let width = observationDim + d
        actorWorkspace = MLP.Workspace(for: policy.mlp, batchCapacity: n)
        nextActorWorkspace = MLP.Workspace(for: policy.mlp, batchCapacity: n)
        sampledActions = buffer(n * d)
        logProbabilities = buffer(n)
        nextActions = buffer(n * d)
        nextLogProbabilities = buffer(n)
        sampledStateActions = buffer(n * width)
        nextStateActions = buffer(n * width)
        q1Workspace = MLP.Workspace(for: critic.q1, batchCapacity: n)
        q2Workspace = MLP.Workspace(for: critic.q2, batchCapacity: n)
        sampledQ1Workspace = MLP.Workspace(for: critic.q1, batchCapacity: n)
        sampledQ2Workspace = MLP.Workspace(for: critic.q2, batchCapacity: n)
        targetQ1Workspace = MLP.Workspace(for: critic.q1, batchCapacity: n)
        targetQ2Workspace = MLP.Workspace(for: critic.q2, batchCapacity: n)
        minQ = buffer(n)
        sampledQ1Gradient = buffer(n)
        sampledQ2Gradient = buffer(n)
        sampledQ1InputGradient = buffer(n * width)
        sampledQ2InputGradient = buffer(n * width)
        actionGradient = buffer(n * d)
        headGradient = buffer(n * 2 * d)
        tdTargets = buffer(n)
        q1Gradient = buffer(n)
        q2Gradient = buffer(n)
        self.allocations = allocations
        criticGradients = [Float](repeating: 0, count: parameterCounts.critic)
        actorGradients = [Float](repeating: 0, count: parameterCounts.actor)
    }

    deinit { allocations.forEach { $0.deallocate() } }
}
