import Core

extension IQLConfig {
    /// The most hidden layers and the widest layer a configuration may have: far beyond any
    /// network trained here, small enough that no size computed from them overflows.
    public static let maximumHiddenLayers = 16
    public static let maximumLayerWidth = 1 << 16
    /// The largest batch: sizes computed from it stay far from overflowing.
    public static let maximumBatchSize = 1 << 24
    /// The widest observation or action a learner is built for.
    public static let maximumDimension = 1 << 20

    /// A hyperparameter outside its domain: the field's checkpoint name (`expectile`), its value
    /// and the domain, e.g. `expectile must be in (0, 1), got 1.5`.
    public struct Violation: Equatable, Sendable, CustomStringConvertible {
        public var field: String
        public var value: String
        public var domain: String
        public var description: String { "\(field) must be \(domain), got \(value)" }
    }

    /// Every field outside its domain (SPEC §3 gives the values; these are the ranges in which the
    /// update is defined): τ in (0, 1); β finite and > 0; the weight cap > 0; dropout in [0, 1);
    /// learning rates finite and > 0; γ and τ_p in (0, 1]; 1–16 hidden layers of 1…65536 units;
    /// a batch of 1…2²⁴ rows; at least one scheduled step; finite log-std bounds, min < max;
    /// Adam's β in [0, 1), ε finite and > 0. Empty for every valid configuration.
    public func violations() -> [Violation] {
        var found: [Violation] = []
        func check(_ field: String, _ value: Any, _ domain: String, _ isValid: Bool) {
            if !isValid { found.append(Violation(field: field, value: "\(value)", domain: domain)) }
        }
        check("hidden_dims", hiddenDims.map(String.init).joined(separator: ","),
              "1 to \(Self.maximumHiddenLayers) widths in 1...\(Self.maximumLayerWidth)",
              (1...Self.maximumHiddenLayers).contains(hiddenDims.count) && hiddenDims.allSatisfy { (1...Self.maximumLayerWidth).contains($0) })
        check("expectile", expectile, "in (0, 1)", expectile > 0 && expectile < 1)
        check("temperature", temperature, "finite and > 0", temperature > 0 && temperature.isFinite)
        check("max_advantage_weight", maxAdvantageWeight, "> 0", maxAdvantageWeight > 0)
        check("dropout_rate", dropoutRate, "in [0, 1)", dropoutRate >= 0 && dropoutRate < 1)
        for (field, rate) in [("actor_learning_rate", actorLearningRate), ("value_learning_rate", valueLearningRate),
                              ("critic_learning_rate", criticLearningRate)] {
            check(field, rate, "finite and > 0", rate > 0 && rate.isFinite)
        }
        check("discount", discount, "in (0, 1]", discount > 0 && discount <= 1)
        check("target_update_rate", targetUpdateRate, "in (0, 1]", targetUpdateRate > 0 && targetUpdateRate <= 1)
        check("batch_size", batchSize, "in 1...\(Self.maximumBatchSize)", (1...Self.maximumBatchSize).contains(batchSize))
        check("max_steps", maxSteps, "≥ 1", maxSteps >= 1)
        check("log_std_min", logStdMin, "finite and below log_std_max", logStdMin.isFinite && logStdMin < logStdMax)
        check("log_std_max", logStdMax, "finite", logStdMax.isFinite)
        for (field, beta) in [("adam_beta1", adamBeta1), ("adam_beta2", adamBeta2)] {
            check(field, beta, "in [0, 1)", beta >= 0 && beta < 1)
        }
        check("adam_epsilon", adamEpsilon, "finite and > 0", adamEpsilon > 0 && adamEpsilon.isFinite)
        return found
    }

    /// Bytes a learner of this configuration allocates for observations of `observationDim` and
    /// actions of `actionDim` values, or nil when the count overflows: every parameter with its
    /// gradient, two Adam moments and the target critic, twice over (a checkpoint being written
    /// copies them), plus the update's buffers and activations (seven network passes of
    /// batch × width floats, twice the widest layer of scratch each) and the batch.
    /// An upper bound, to refuse what cannot fit before allocating it.
    public func memoryRequirement(observationDim: Int, actionDim: Int) -> Int? {
        let counts = [observationDim, actionDim, batchSize] + hiddenDims
        guard counts.allSatisfy({ $0 >= 0 && $0 <= Self.maximumDimension * 16 }) else { return nil }
        func parameters(_ sizes: [Int]) -> Int { zip(sizes, sizes.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 + $1.1 } }
        let critic = 2 * parameters([observationDim + actionDim] + hiddenDims + [1])
        let value = parameters([observationDim] + hiddenDims + [1])
        let actor = parameters([observationDim] + hiddenDims + [actionDim]) + actionDim
        let widest = ([observationDim + actionDim, actionDim] + hiddenDims).max()!
        let activations = hiddenDims.reduce(0, +) + actionDim + 1 + 2 * widest
        let floats: [(Int, Int)] = [
            (critic + value + actor, 10),   // θ, ∂θ, m, v, (θ_t for the critic), each twice
            (batchSize, 7 * activations),   // seven passes' activations and scratch
            (batchSize, 6 * (observationDim + actionDim) + 16),  // the batch and per-row vectors
        ]
        var total = 0
        for (count, multiple) in floats {
            let (product, overflow) = count.multipliedReportingOverflow(by: multiple * MemoryLayout<Float>.stride)
            let (sum, added) = total.addingReportingOverflow(product)
            if overflow || added { return nil }
            total = sum
        }
        return total
    }
}
