import D4RL
import NN

/// Every buffer one update needs, allocated once for the batch size so that
/// `Learner.update` allocates nothing: copies of the batch, one MLP workspace
/// per network pass that is differentiated, per-sample vectors and gradients.
final class UpdateBuffers {
    let batchSize: Int
    // The batch, copied in once per update.
    let observations: UnsafeMutablePointer<Float>        // n × obs
    let stateActions: UnsafeMutablePointer<Float>        // n × (obs + act): concat(s, a)
    let actions: UnsafeMutablePointer<Float>             // n × act
    let nextObservations: UnsafeMutablePointer<Float>    // n × obs
    let rewards: UnsafeMutablePointer<Float>             // n
    let masks: UnsafeMutablePointer<Float>               // n
    // Per-sample quantities.
    let targetQ: UnsafeMutablePointer<Float>             // min(Q1_t, Q2_t)(s, a)
    let advantageWeights: UnsafeMutablePointer<Float>    // min(exp(β(q − V(s))), cap)
    let tdTargets: UnsafeMutablePointer<Float>           // r + γ·mask·V(s′)
    let valueGradient: UnsafeMutablePointer<Float>       // ∂L_V/∂V(s)
    let q1Gradient: UnsafeMutablePointer<Float>
    let q2Gradient: UnsafeMutablePointer<Float>
    let meanGradient: UnsafeMutablePointer<Float>        // ∂L_π/∂m, n × act
    // Network workspaces: one per pass whose activations feed a backward pass.
    let q1Workspace: MLP.Workspace                       // Q1(s, a), online critic
    let q2Workspace: MLP.Workspace
    let targetQ1Workspace: MLP.Workspace                 // Q1_t(s, a), target critic
    let targetQ2Workspace: MLP.Workspace
    let valueWorkspace: MLP.Workspace                    // V(s)
    let nextValueWorkspace: MLP.Workspace                // V(s′), beside V(s) on the other thread
    let actorWorkspace: MLP.Workspace
    // Gradients, laid out like the parameters they belong to.
    var criticGradients: [Float]
    var valueGradients: [Float]
    var actorGradients: [Float]

    private var allocations: [UnsafeMutablePointer<Float>] = []

    init(batchSize n: Int, observationDim: Int, actionDim: Int,
         critic: TwinCritic, value: ValueFunction, policy: GaussianPolicy, parameterCounts: (Int, Int, Int)) {
        batchSize = n
        var allocations: [UnsafeMutablePointer<Float>] = []
        func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
            let pointer = UnsafeMutablePointer<Float>.allocateZeroedCacheAligned(count)
            allocations.append(pointer)
            return pointer
        }
        observations = allocate(n * observationDim)
        stateActions = allocate(n * (observationDim + actionDim))
        actions = allocate(n * actionDim)
        nextObservations = allocate(n * observationDim)
        rewards = allocate(n)
        masks = allocate(n)
        targetQ = allocate(n)
        advantageWeights = allocate(n)
        tdTargets = allocate(n)
        valueGradient = allocate(n)
        q1Gradient = allocate(n)
        q2Gradient = allocate(n)
        meanGradient = allocate(n * actionDim)
        self.allocations = allocations
        q1Workspace = MLP.Workspace(for: critic.q1, batchCapacity: n)
        q2Workspace = MLP.Workspace(for: critic.q2, batchCapacity: n)
        targetQ1Workspace = MLP.Workspace(for: critic.q1, batchCapacity: n)
        targetQ2Workspace = MLP.Workspace(for: critic.q2, batchCapacity: n)
        valueWorkspace = MLP.Workspace(for: value.mlp, batchCapacity: n)
        nextValueWorkspace = MLP.Workspace(for: value.mlp, batchCapacity: n)
        actorWorkspace = MLP.Workspace(for: policy.mlp, batchCapacity: n)
        criticGradients = [Float](repeating: 0, count: parameterCounts.0)
        valueGradients = [Float](repeating: 0, count: parameterCounts.1)
        actorGradients = [Float](repeating: 0, count: parameterCounts.2)
    }

    /// Copies a batch in, building concat(s, a) row by row.
    func load(_ batch: Batch) {
        precondition(batch.size == batchSize, "batch of \(batch.size) rows, learner built for \(batchSize)")
        let o = batch.observationDim, a = batch.actionDim
        observations.update(from: batch.observations, count: batchSize * o)
        actions.update(from: batch.actions, count: batchSize * a)
        nextObservations.update(from: batch.nextObservations, count: batchSize * o)
        rewards.update(from: batch.rewards, count: batchSize)
        masks.update(from: batch.masks, count: batchSize)
        for row in 0..<batchSize {
            (stateActions + row * (o + a)).update(from: observations + row * o, count: o)
            (stateActions + row * (o + a) + o).update(from: actions + row * a, count: a)
        }
    }

    deinit { allocations.forEach { $0.deallocate() } }
}
