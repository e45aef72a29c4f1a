import Core

/// Soft Actor-Critic's hyperparameters, with the values of Haarnoja et al. 2018 ("Soft
/// Actor-Critic Algorithms and Applications") as rlkit, which D4RL's datasets came from, sets them.
///
/// What is not a field is fixed: the log-std clip [−20, 2] (`SquashedGaussianPolicy`), α₀ = 1
/// (log α starts at 0), the target entropy −|A|, Adam's β₁ 0.9, β₂ 0.999, ε 1e-8, and PyTorch's
/// default initialisation (`MLP.initializeUniformFanIn`).
public struct SACConfig: Equatable, Sendable {
    /// Widths of the hidden ReLU layers of the policy and of each critic.
    public var hiddenDims = [256, 256]
    /// Transitions per update, drawn uniformly from the replay buffer.
    public var batchSize = 256
    /// γ.
    public var discount: Float = 0.99
    /// τ of the target critic's soft update θ_t ← τ·θ + (1 − τ)·θ_t, every update.
    public var targetUpdateRate: Float = 0.005
    /// Adam's learning rate for the critics, the policy and log α alike.
    public var learningRate: Float = 3e-4

    public init() {}

    /// The most hidden layers and the widest layer a configuration may have.
    public static let maximumHiddenLayers = 16
    public static let maximumLayerWidth = 1 << 16
    /// The largest batch.
    public static let maximumBatchSize = 1 << 20

    /// The floats of an MLP of layer widths `sizes` (kernels and biases), or nil on overflow.
    public static func parameterCount(sizes: [Int]) -> Int? {
        var total = 0
        for l in 0..<(sizes.count - 1) {
            let (kernel, o1) = sizes[l].multipliedReportingOverflow(by: sizes[l + 1])
            let (sum, o2) = total.addingReportingOverflow(kernel)
            let (withBias, o3) = sum.addingReportingOverflow(sizes[l + 1])
            if o1 || o2 || o3 { return nil }
            total = withBias
        }
        return total
    }

    /// Bytes a learner of this configuration allocates at these widths, or nil on overflow: three
    /// critic-sized and one policy-sized parameter sets with a gradient and two Adam moments each,
    /// twice over (a checkpoint being written copies them), plus 16 network passes' activations of
    /// batch × (the widest layer) floats.
    public func memoryRequirement(observationDim: Int, actionDim: Int) -> Int? {
        guard let critic = Self.parameterCount(sizes: [observationDim + actionDim] + hiddenDims + [1]),
              let policy = Self.parameterCount(sizes: [observationDim] + hiddenDims + [2 * actionDim]) else { return nil }
        let widest = ([observationDim + actionDim, 2 * actionDim] + hiddenDims).max()!
        let (parameters, o1) = (3 * critic).addingReportingOverflow(policy)
        let (activations, o2) = (16 * batchSize).multipliedReportingOverflow(by: widest)
        let (floats, o3) = (8 * parameters).addingReportingOverflow(activations)
        return o1 || o2 || o3 ? nil : MemoryBudget.byteCount(floats, elementBytes: 4)
    }

    /// Every field outside its domain, as `field must be domain, got value`: 1–16 hidden layers of
    /// 1…65536 units; a batch of 1…2²⁰ rows; γ and τ in (0, 1]; a finite learning rate > 0.
    public func violations() -> [String] {
        var found: [String] = []
        func check(_ field: String, _ value: Any, _ domain: String, _ isValid: Bool) {
            if !isValid { found.append("\(field) must be \(domain), got \(value)") }
        }
        check("hidden_dims", hiddenDims.map(String.init).joined(separator: ","),
              "1 to \(Self.maximumHiddenLayers) widths in 1...\(Self.maximumLayerWidth)",
              (1...Self.maximumHiddenLayers).contains(hiddenDims.count) && hiddenDims.allSatisfy { (1...Self.maximumLayerWidth).contains($0) })
        check("batch_size", batchSize, "in 1...\(Self.maximumBatchSize)", (1...Self.maximumBatchSize).contains(batchSize))
        check("discount", discount, "in (0, 1]", discount > 0 && discount <= 1)
        check("target_update_rate", targetUpdateRate, "in (0, 1]", targetUpdateRate > 0 && targetUpdateRate <= 1)
        check("learning_rate", learningRate, "finite and > 0", learningRate > 0 && learningRate.isFinite)
        return found
    }
}
