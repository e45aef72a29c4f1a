import Core
import D4RL
import HDF5
import NN

/// The configuration and preprocessing fields as checkpoint attributes, one table each so
/// that writing, reading and hashing cannot drift apart.
extension IQLConfig {
    static let floatFields: [(String, WritableKeyPath<IQLConfig, Float>)] = [
        ("expectile", \.expectile), ("temperature", \.temperature), ("max_advantage_weight", \.maxAdvantageWeight),
        ("dropout_rate", \.dropoutRate), ("actor_learning_rate", \.actorLearningRate),
        ("value_learning_rate", \.valueLearningRate), ("critic_learning_rate", \.criticLearningRate),
        ("discount", \.discount), ("target_update_rate", \.targetUpdateRate), ("log_std_min", \.logStdMin),
        ("log_std_max", \.logStdMax), ("adam_beta1", \.adamBeta1), ("adam_beta2", \.adamBeta2), ("adam_epsilon", \.adamEpsilon),
    ]
    static let integerFields: [(String, WritableKeyPath<IQLConfig, Int>)] = [("batch_size", \.batchSize), ("max_steps", \.maxSteps)]

    /// Mixes every field in: algorithm, hidden widths, then the two tables in order.
    func combine(into hash: inout ContentHash) {
        hash.combine(algorithm.rawValue)
        hash.combine([hiddenDims.count] + hiddenDims)
        hash.combine(Self.floatFields.map { self[keyPath: $0.1] })
        hash.combine(Self.integerFields.map { self[keyPath: $0.1] })
        if !decaysActorLearningRate { hash.combine("constant actor learning rate") }  // only when set: older files stay valid
    }

    func write(to group: Group) throws(HDF5Error) {
        try group.setAttribute("algorithm", algorithm.rawValue)
        try group.setAttribute("hidden_dims", hiddenDims.map(Int64.init))
        for (name, field) in Self.floatFields { try group.setAttribute(name, self[keyPath: field]) }
        for (name, field) in Self.integerFields { try group.setAttribute(name, Int64(self[keyPath: field])) }
        try group.setAttribute("decays_actor_learning_rate", decaysActorLearningRate)
    }

    init(readingFrom group: Group) throws(CheckpointError) {
        self.init()
        let algorithmName = try checkpointIO { () throws(HDF5Error) in try group.stringAttribute("algorithm") }
        guard let algorithm = Algorithm(rawValue: algorithmName) else {
            throw .incompatible(file: group.location.file, reason: "unknown algorithm '\(algorithmName)'")
        }
        self.algorithm = algorithm
        guard case .integers(let hidden) = try checkpointIO({ () throws(HDF5Error) in try group.attribute("hidden_dims") }) else {
            throw .incompatible(file: group.location.file, reason: "config/hidden_dims is not a list of integers")
        }
        hiddenDims = hidden.map(Int.init)
        for (name, field) in Self.floatFields {
            self[keyPath: field] = try checkpointIO { () throws(HDF5Error) in try group.attribute(name, as: Float.self) }
        }
        for (name, field) in Self.integerFields {
            self[keyPath: field] = Int(try checkpointIO { () throws(HDF5Error) in try group.attribute(name, as: Int64.self) })
        }
        // Absent from files written before fine-tuning existed: the cosine schedule.
        if try checkpointIO({ () throws(HDF5Error) in try group.hasAttribute("decays_actor_learning_rate") }) {
            decaysActorLearningRate = try checkpointIO { () throws(HDF5Error) in try group.attribute("decays_actor_learning_rate", as: Bool.self) }
        }
    }
}

extension PreprocessingOptions {
    static let flagFields: [(String, WritableKeyPath<PreprocessingOptions, Bool>)] = [
        ("terminate_on_end", \.qLearning.terminateOnEnd), ("use_stored_next_observations", \.qLearning.useStoredNextObservations),
        ("clip_actions", \.clipActions), ("normalize_observations", \.normalizeObservations),
    ]

    /// `@reward_transform`: the transform's name, or "auto" (chosen from the dataset name).
    var rewardTransformName: String { rewardTransform?.rawValue ?? "auto" }

    /// Mixes every field in: the flags, the episode length, the reward transform's name, the
    /// observation keys (Minari).
    func combine(into hash: inout ContentHash) {
        hash.combine(Self.flagFields.map { self[keyPath: $0.1] })
        hash.combine([qLearning.maxEpisodeSteps])
        hash.combine(rewardTransformName)
        if let observationKeys { hash.combine(observationKeys.joined(separator: ",")) }  // only when set: older files stay valid
    }

    func write(to group: Group) throws(HDF5Error) {
        for (name, field) in Self.flagFields { try group.setAttribute(name, self[keyPath: field]) }
        try group.setAttribute("max_episode_steps", Int64(qLearning.maxEpisodeSteps))
        try group.setAttribute("reward_transform", rewardTransformName)
        if let observationKeys { try group.setAttribute("observation_keys", observationKeys.joined(separator: ",")) }
    }

    init(readingFrom group: Group) throws(CheckpointError) {
        self.init()
        for (name, field) in Self.flagFields {
            self[keyPath: field] = try checkpointIO { () throws(HDF5Error) in try group.attribute(name, as: Bool.self) }
        }
        qLearning.maxEpisodeSteps = Int(try checkpointIO { () throws(HDF5Error) in try group.attribute("max_episode_steps", as: Int64.self) })
        guard qLearning.maxEpisodeSteps >= 1 else {
            throw .incompatible(file: group.location.file, reason: "preprocessing@max_episode_steps \(qLearning.maxEpisodeSteps) must be ≥ 1")
        }
        let transform = try checkpointIO { () throws(HDF5Error) in try group.stringAttribute("reward_transform") }
        guard transform == "auto" || RewardTransform(rawValue: transform) != nil else {
            throw .incompatible(file: group.location.file, reason: "unknown reward transform '\(transform)'")
        }
        rewardTransform = RewardTransform(rawValue: transform)
        if try checkpointIO({ () throws(HDF5Error) in try group.hasAttribute("observation_keys") }) {
            let keys = try checkpointIO { () throws(HDF5Error) in try group.stringAttribute("observation_keys") }
            observationKeys = keys.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }
}

extension ContentHash {
    /// Mixes in a string's UTF-8 length, then its bytes, so that consecutive strings cannot run
    /// into each other.
    public mutating func combine(_ text: String) {
        let bytes = Array(text.utf8)
        combine([bytes.count])
        combine(bytes)
    }
}

extension LearnerState {
    static let optimizerNames = ["critic", "value", "actor"]

    /// The three Adam states in `optimizerNames` order.
    var optimizers: [Adam.State] { [critic.optimizer, value.optimizer, actor.optimizer] }

    /// Reads `group/<name>` (`Adam.State.init(readingFrom:count:)`) into the Adam states.
    mutating func readOptimizers(from group: Group) throws(CheckpointError) {
        let counts = [critic.parameters.count, value.parameters.count, actor.parameters.count]
        var states: [Adam.State] = []
        for (name, count) in zip(Self.optimizerNames, counts) {
            states.append(try Adam.State(readingFrom: try checkpointIO { () throws(HDF5Error) in try group.group(name) }, count: count))
        }
        (critic.optimizer, value.optimizer, actor.optimizer) = (states[0], states[1], states[2])
    }
}
