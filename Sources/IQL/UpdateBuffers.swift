import Core
import NN

/// Every buffer an update needs besides the batch, allocated once for the batch size so that
/// `Learner.update` allocates nothing: per-sample vectors, one MLP workspace per network pass
/// that is differentiated (or whose result is kept), and the gradients.
final class UpdateBuffers {
    // Per-sample quantities, one float per batch row.
    let targetQ: UnsafeMutablePointer<Float>             // min(Q1_t, Q2_t)(s, a)
    let advantageWeights: UnsafeMutablePointer<Float>    // min(exp(β(q − V(s))), cap)
    let tdTargets: UnsafeMutablePointer<Float>           // r + γ·mask·V(s′)
    let valueGradient: UnsafeMutablePointer<Float>       // ∂L_V/∂V(s)
    let q1Gradient: UnsafeMutablePointer<Float>          // ∂L_Q/∂Q1(s, a)
    let q2Gradient: UnsafeMutablePointer<Float>
    let meanGradient: UnsafeMutablePointer<Float>        // ∂L_π/∂m, batch × act
    // Network workspaces: one per pass.
    let q1Workspace: MLP.Workspace                       // Q1(s, a), online critic
    let q2Workspace: MLP.Workspace
    let targetQ1Workspace: MLP.Workspace                 // Q1_t(s, a), target critic
    let targetQ2Workspace: MLP.Workspace
    let valueWorkspace: MLP.Workspace                    // V(s)
    let nextValueWorkspace: MLP.Workspace                // V(s′)
    let actorWorkspace: MLP.Workspace                    // m(s), the policy's pre-tanh means
    // Gradients, laid out like the parameters they belong to.
    var criticGradients: [Float]
    var valueGradients: [Float]
    var actorGradients: [Float]

    private let allocations: [UnsafeMutablePointer<Float>]

    init(batchSize n: Int, actionDim: Int, critic: TwinCritic, value: ValueFunction, policy: GaussianPolicy,
         parameterCounts: (critic: Int, value: Int, actor: Int)) {
        let perSample = (0..<6).map { _ in UnsafeMutablePointer<Float>.allocateZeroedCacheAligned(n) }
        (targetQ, advantageWeights, tdTargets, valueGradient, q1Gradient, q2Gradient) =
            (perSample[0], perSample[1], perSample[2], perSample[3], perSample[4], perSample[5])
        meanGradient = .allocateZeroedCacheAligned(n * actionDim)
        allocations = perSample + [meanGradient]
        q1Workspace = MLP.Workspace(for: critic.q1, batchCapacity: n)
        q2Workspace = MLP.Workspace(for: critic.q2, batchCapacity: n)
        targetQ1Workspace = MLP.Workspace(for: critic.q1, batchCapacity: n)
        targetQ2Workspace = MLP.Workspace(for: critic.q2, batchCapacity: n)
        valueWorkspace = MLP.Workspace(for: value.mlp, batchCapacity: n)
        nextValueWorkspace = MLP.Workspace(for: value.mlp, batchCapacity: n)
        actorWorkspace = MLP.Workspace(for: policy.mlp, batchCapacity: n)
        criticGradients = [Float](repeating: 0, count: parameterCounts.critic)
        valueGradients = [Float](repeating: 0, count: parameterCounts.value)
        actorGradients = [Float](repeating: 0, count: parameterCounts.actor)
    }

    deinit { allocations.forEach { $0.deallocate() } }
}
