import Core
import D4RL
import HDF5
import NN

/// The dataset a run trained on: its name and a hash of the file's bytes, so that a resumed
/// run can refuse a different file.
public struct DatasetIdentity: Hashable, Sendable {
    public var name: String
    /// `ContentHash` of the whole file, 16 hex digits.
    public var fileHash: String

    public init(name: String, fileHash: String) {
        self.name = name
        self.fileHash = fileHash
    }

    /// Hashes the file at `path`; the dataset is called `name` (default: the file's stem).
    public init(name: String? = nil, fileAt path: String) throws {
        self.init(name: name ?? DatasetName(path).name, fileHash: try ContentHash.ofFile(at: path).hex)
    }
}

/// Everything a run needs to continue bit for bit, or to act with its policy: configuration,
/// preprocessing, the learner's parameters and Adam states, the generator that draws batches
/// and dropout masks, the observation statistics and the dataset's identity.
///
/// HDF5 layout (attributes marked @):
///
///     /@format = "d4rl-iql-checkpoint", @version = 2, @step, @target_steps, @observation_dim,
///      @action_dim, @dataset_name, @dataset_hash, @rng_state, @seed, @content_hash
///     /config@<IQLConfig field, snake_case>        /preprocessing@<PreprocessingOptions field>
///     /params/{critic,target_critic,value,actor}/<tensor>   (e.g. critic/q1/layer0/kernel)
///     /optimizers/{critic,value,actor}/{first_moment,second_moment}, @step
///     /normalizer/{mean,std}                       (only when observations are normalised)
///
/// `@content_hash` is a `ContentHash` of every value above that the reader uses (numbers,
/// configuration, preprocessing, dataset identity, seed); a mismatch on reading means the file was
/// damaged or edited. Version 1 files hashed only the numbers and are refused as written by an
/// older version. Files are written atomically (temporary file, then rename).
public struct Checkpoint: Equatable {
    public static let format = "d4rl-iql-checkpoint"
    public static let version = 2

    public var config: IQLConfig
    public var preprocessing: PreprocessingOptions
    public var observationDim: Int
    public var actionDim: Int
    public var state: LearnerState
    /// Draws every batch and dropout mask after initialisation.
    public var generator: SplitMix64
    public var normalizer: ObservationNormalizer?
    public var dataset: DatasetIdentity
    /// The step the run was asked to reach.
    public var targetSteps: Int
    /// The seed the run started from (`Trainer`'s `SplitMix64(seed:)`), which also fixes its
    /// evaluation episodes.
    public var seed: UInt64

    public init(config: IQLConfig, preprocessing: PreprocessingOptions, observationDim: Int, actionDim: Int,
                state: LearnerState, generator: SplitMix64, normalizer: ObservationNormalizer?,
                dataset: DatasetIdentity, targetSteps: Int, seed: UInt64) {
        self.config = config
        self.preprocessing = preprocessing
        self.observationDim = observationDim
        self.actionDim = actionDim
        self.state = state
        self.generator = generator
        self.normalizer = normalizer
        self.dataset = dataset
        self.targetSteps = targetSteps
        self.seed = seed
    }

    /// The hash stored as `@content_hash`: step, generator, parameters, Adam states, normaliser,
    /// seed, then configuration, preprocessing and dataset identity.
    var contentHash: String {
        var hash = ContentHash()
        hash.combine([state.step, targetSteps, observationDim, actionDim])
        hash.combine([generator.state])
        for parameters in state.networks { hash.combine(parameters.values) }
        for optimizer in state.optimizers { optimizer.combine(into: &hash) }
        if let normalizer {
            hash.combine(normalizer.mean)
            hash.combine(normalizer.std)
        }
        hash.combine([1, seed])  // the leading 1 marked a recorded seed when it was optional; kept so files stay valid
        config.combine(into: &hash)
        preprocessing.combine(into: &hash)
        hash.combine(dataset.name)
        hash.combine(dataset.fileHash)
        return hash.hex
    }
}

// MARK: - Writing

extension Checkpoint {
    /// Writes the checkpoint to `path` atomically: an existing file there is replaced only
    /// once the new one is complete.
    /// - Parameter adding: writes more groups into the same file before it is renamed into place
    ///   (an online fine-tuning phase's `/online` and `/replay`), with their own hash; readers of
    ///   the checkpoint ignore them.
    public func write(to path: String, adding extra: ((Group) throws -> Void)? = nil) throws(CheckpointError) {
        try writeCheckpointFile(to: path) { root in
            try write(into: root)
            try extra?(root)
        }
    }

    private func write(into root: Group) throws(HDF5Error) {
        try root.setAttribute("format", Self.format)
        try root.setAttribute("version", Int64(Self.version))
        for (name, value) in [("step", state.step), ("target_steps", targetSteps), ("observation_dim", observationDim), ("action_dim", actionDim)] {
            try root.setAttribute(name, Int64(value))
        }
        try root.setAttribute("dataset_name", dataset.name)
        try root.setAttribute("dataset_hash", dataset.fileHash)
        try root.setAttribute("rng_state", generator.state)
        try root.setAttribute("content_hash", contentHash)
        try root.setAttribute("seed", seed)
        try config.write(to: try root.createGroup("config"))
        try preprocessing.write(to: try root.createGroup("preprocessing"))
        try state.writeParameters(to: try root.createGroup("params"))
        let optimizers = try root.createGroup("optimizers")
        for (name, optimizer) in zip(LearnerState.optimizerNames, state.optimizers) {
            try optimizer.write(to: try optimizers.createGroup(name))
        }
        if let normalizer {
            let group = try root.createGroup("normalizer")
            try group.createDataset("mean", values: normalizer.mean, chunks: .contiguous, gzipLevel: nil)
            try group.createDataset("std", values: normalizer.std, chunks: .contiguous, gzipLevel: nil)
        }
    }
}

// MARK: - Reading

extension Checkpoint {
    /// Reads and verifies a checkpoint.
    /// - Throws: `CheckpointError`: unreadable, not a checkpoint, another layout version, missing
    ///   objects, wrong shapes, an unknown setting, or contents that do not match `@content_hash`.
    public init(contentsOf path: String) throws(CheckpointError) {
        let root = try openCheckpointFile(path, format: Self.format, version: Self.version, kind: "d4rl-iql checkpoint")
        try self.init(reading: root, path: path)
        let stored = try checkpointIO { () throws(HDF5Error) in try root.stringAttribute("content_hash") }
        guard stored == contentHash else {
            throw .corrupted(file: path, reason: "contents hash to \(contentHash), the file says \(stored)")
        }
    }

    private init(reading root: Group, path: String) throws(CheckpointError) {
        func integer(_ name: String) throws(CheckpointError) -> Int {
            Int(try checkpointIO { () throws(HDF5Error) in try root.attribute(name, as: Int64.self) })
        }
        let config = try IQLConfig(readingFrom: try checkpointIO { () throws(HDF5Error) in try root.group("config") })
        let observationDim = try integer("observation_dim"), actionDim = try integer("action_dim")
        try Self.requirePlausible(config, observationDim: observationDim, actionDim: actionDim, path: path)
        var state = try LearnerState(
            parametersIn: try checkpointIO { () throws(HDF5Error) in try root.group("params") },
            config: config, observationDim: observationDim, actionDim: actionDim)
        state.step = try integer("step")
        let targetSteps = try integer("target_steps")
        guard state.step >= 0, targetSteps >= 1 else {
            throw .incompatible(file: path, reason: "@step \(state.step) and @target_steps \(targetSteps) must be ≥ 0 and ≥ 1")
        }
        try state.readOptimizers(from: try checkpointIO { () throws(HDF5Error) in try root.group("optimizers") })
        let preprocessing = try PreprocessingOptions(readingFrom: try checkpointIO { () throws(HDF5Error) in try root.group("preprocessing") })
        self.init(
            config: config, preprocessing: preprocessing,
            observationDim: observationDim, actionDim: actionDim, state: state,
            generator: SplitMix64(seed: try checkpointIO { () throws(HDF5Error) in try root.attribute("rng_state", as: UInt64.self) }),
            normalizer: try Self.readNormalizer(root, preprocessing: preprocessing, observationDim: observationDim, path: path),
            dataset: DatasetIdentity(
                name: try checkpointIO { () throws(HDF5Error) in try root.stringAttribute("dataset_name") },
                fileHash: try checkpointIO { () throws(HDF5Error) in try root.stringAttribute("dataset_hash") }),
            targetSteps: targetSteps,
            seed: try checkpointIO { () throws(HDF5Error) in try root.attribute("seed", as: UInt64.self) })
    }

    /// Refuses, before any tensor is allocated, a configuration outside its domains, dimensions
    /// outside 1…`IQLConfig.maximumDimension`, and networks that would not fit in `MemoryBudget`:
    /// a damaged or edited file must fail with one line, not trap or exhaust memory.
    private static func requirePlausible(_ config: IQLConfig, observationDim: Int, actionDim: Int, path: String) throws(CheckpointError) {
        if let violation = config.violations().first { throw .incompatible(file: path, reason: "config: \(violation)") }
        for (name, value) in [("observation_dim", observationDim), ("action_dim", actionDim)]
        where !(1...IQLConfig.maximumDimension).contains(value) {
            throw .incompatible(file: path, reason: "@\(name) \(value) outside 1...\(IQLConfig.maximumDimension)")
        }
        if let reason = MemoryBudget.refusal(config.memoryRequirement(observationDim: observationDim, actionDim: actionDim)) {
            throw .incompatible(file: path, reason: "its networks \(reason)")
        }
    }

    /// `/normalizer`, which must be there exactly when the preprocessing normalises, with
    /// `observationDim` finite means and positive finite standard deviations.
    private static func readNormalizer(_ root: Group, preprocessing: PreprocessingOptions, observationDim: Int,
                                       path: String) throws(CheckpointError) -> ObservationNormalizer? {
        let stored = try checkpointIO { () throws(HDF5Error) -> (mean: [Float], std: [Float])? in
            guard try root.contains("normalizer") else { return nil }
            return (try root.dataset("normalizer/mean").read(as: Float.self), try root.dataset("normalizer/std").read(as: Float.self))
        }
        guard let stored else {
            if preprocessing.normalizeObservations { throw .missing(file: path, path: "/normalizer (the run normalises observations)") }
            return nil
        }
        guard preprocessing.normalizeObservations else {
            throw .incompatible(file: path, reason: "/normalizer is there but preprocessing@normalize_observations is false")
        }
        guard stored.mean.count == observationDim, stored.std.count == observationDim else {
            throw .shapeMismatch(file: path, path: "/normalizer/mean, std", expected: [observationDim], found: [stored.mean.count, stored.std.count])
        }
        guard stored.mean.allSatisfy(\.isFinite), stored.std.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw .corrupted(file: path, reason: "/normalizer holds a non-finite mean or a standard deviation that is not positive")
        }
        return ObservationNormalizer(mean: stored.mean, std: stored.std)
    }
}
