/// Everything between a loaded file and the training buffer, with the original IQL's defaults.
public struct PreprocessingOptions: Hashable, Sendable {
    /// How transitions are cut from the raw rows.
    public var qLearning: QLearningOptions
    /// The reward transform; nil picks it from the dataset name.
    public var rewardTransform: RewardTransform?
    /// Clip actions to ±(1 − 1e-5) (the original's `clip_to_eps`).
    public var clipActions: Bool
    /// Standardise observations (CORL; off in the original).
    public var normalizeObservations: Bool
    /// For Minari datasets: the observation keys flattened, in order (nil: every key of the space).
    public var observationKeys: [String]?

    public init(
        qLearning: QLearningOptions = QLearningOptions(), rewardTransform: RewardTransform? = nil,
        clipActions: Bool = true, normalizeObservations: Bool = false, observationKeys: [String]? = nil
    ) {
        self.qLearning = qLearning
        self.rewardTransform = rewardTransform
        self.clipActions = clipActions
        self.normalizeObservations = normalizeObservations
        self.observationKeys = observationKeys
    }
}

/// Transitions ready for training, and what was done to them.
public struct PreprocessedData: Sendable {
    public var transitions: Transitions
    /// The transform applied to rewards.
    public var rewardTransform: RewardTransform
    /// For locomotion, the trajectory return range rewards were divided by (then ×1000).
    public var rewardReturnRange: Float?
    /// The observation statistics applied, when normalising.
    public var normalizer: ObservationNormalizer?

    /// q-learning transitions → action clipping → reward transform → observation normalisation.
    public init(_ dataset: D4RLDataset, options: PreprocessingOptions = PreprocessingOptions()) throws(DatasetError) {
        try self.init(try Transitions(qLearningFrom: dataset, options: options.qLearning), options: options)
    }

    /// Action clipping → reward transform (by the transitions' dataset name unless the options
    /// name one) → observation normalisation, on transitions already made (e.g. from a Minari
    /// dataset; `options.qLearning` does not apply to them).
    public init(_ transitions: Transitions, options: PreprocessingOptions) throws(DatasetError) {
        var transitions = transitions
        if options.clipActions { transitions.clipActions() }
        let transform = options.rewardTransform ?? RewardTransform(for: transitions.name)
        rewardReturnRange = try transform.apply(to: &transitions)
        rewardTransform = transform
        normalizer = options.normalizeObservations ? ObservationNormalizer(fitting: transitions) : nil
        normalizer?.apply(to: &transitions)
        self.transitions = transitions
    }

    /// A reward observed online, transformed as the training rewards were (fine-tuning stores
    /// new transitions beside the offline ones): r/(max_return − min_return)·1000 for
    /// locomotion, r − 1 for antmaze, r otherwise.
    public func preprocessedReward(_ reward: Double) -> Float {
        switch rewardTransform {
        case .locomotion: return Float(reward) / (rewardReturnRange ?? 1) * 1000
        case .antmaze: return Float(reward) - 1
        case .none: return Float(reward)
        }
    }

    /// An observation normalised as the training observations were (unchanged without normalisation).
    public func preprocessedObservation(_ observation: [Float]) -> [Float] {
        var observation = observation
        normalizer?.normalize(&observation)
        return observation
    }
}
