import Core
import D4RL
import NN

/// A training run in progress: the learner, the preprocessed transitions it samples from and
/// the one generator that draws, in order, the initial weights, then each step's batch and
/// dropout masks. Its `checkpoint` captures all of it, so a run resumed from a checkpoint
/// takes exactly the steps the uninterrupted run would have.
///
///     let trainer = try Trainer(datasetAt: path, config: config, seed: 0, targetSteps: 1_000_000)
///     while trainer.step < trainer.targetSteps { let metrics = trainer.train() }
///     try trainer.checkpoint.write(to: "run/checkpoint.h5")
public final class Trainer {
    public let learner: Learner
    public let data: PreprocessedData
    public let preprocessing: PreprocessingOptions
    public let dataset: DatasetIdentity
    /// The step the run should reach.
    public let targetSteps: Int
    /// The seed the run started from (a resumed run's comes from its checkpoint).
    public let seed: UInt64
    private let sampler: BatchSampler
    /// Draws every batch and dropout mask; an online phase continues from its state.
    public private(set) var generator: SplitMix64

    /// Starts a run: the learner is initialised from `SplitMix64(seed)`, which then draws batches.
    /// `twoThreads`: whether updates use a second thread (`Learner`); the numbers are the same.
    public convenience init(
        data: PreprocessedData, preprocessing: PreprocessingOptions, dataset: DatasetIdentity,
        config: IQLConfig, seed: UInt64, targetSteps: Int, twoThreads: Bool = ThreadPair.machineHasSecondCore
    ) {
        var generator = SplitMix64(seed: seed)
        let transitions = data.transitions
        let learner = Learner(config: config, observationDim: transitions.observationDim, actionDim: transitions.actionDim,
                              using: &generator, twoThreads: twoThreads)
        self.init(learner: learner, data: data, preprocessing: preprocessing, dataset: dataset, generator: generator,
                  targetSteps: targetSteps, seed: seed)
    }

    /// Continues the run `checkpoint` saved, on `data` preprocessed with `checkpoint.preprocessing`.
    /// - Throws: `.incompatible` when the dataset file differs from the one the run started on.
    public convenience init(
        resuming checkpoint: Checkpoint, data: PreprocessedData, dataset: DatasetIdentity, targetSteps: Int? = nil,
        twoThreads: Bool = ThreadPair.machineHasSecondCore
    ) throws(CheckpointError) {
        guard dataset.fileHash == checkpoint.dataset.fileHash else {
            throw .incompatible(file: dataset.name, reason: "this run trained on \(checkpoint.dataset.name) (hash \(checkpoint.dataset.fileHash)), not this file (hash \(dataset.fileHash))")
        }
        let learner: Learner
        do {
            learner = try Learner(config: checkpoint.config, observationDim: checkpoint.observationDim, actionDim: checkpoint.actionDim,
                                  state: checkpoint.state, twoThreads: twoThreads)
        } catch {
            throw .incompatible(file: dataset.name, reason: error.description)
        }
        self.init(learner: learner, data: data, preprocessing: checkpoint.preprocessing, dataset: dataset,
                  generator: checkpoint.generator, targetSteps: targetSteps ?? checkpoint.targetSteps, seed: checkpoint.seed)
    }

    private init(learner: Learner, data: PreprocessedData, preprocessing: PreprocessingOptions, dataset: DatasetIdentity,
                 generator: SplitMix64, targetSteps: Int, seed: UInt64) {
        BLAS.setThreadCount(1)
        self.learner = learner
        self.data = data
        self.preprocessing = preprocessing
        self.dataset = dataset
        self.generator = generator
        self.targetSteps = targetSteps
        self.seed = seed
        sampler = BatchSampler(data.transitions)
    }

    /// Updates taken so far.
    public var step: Int { learner.state.step }

    /// Samples a batch into the learner's and takes one update.
    @discardableResult
    public func train() -> UpdateMetrics {
        sampler.fill(learner.batch, using: &generator)
        return learner.update(dropoutUsing: &generator)
    }

    /// The current actor as a deterministic policy: the action `TrainedPolicy(checkpoint)`
    /// would take, observation normalisation included, without copying the critics or the
    /// optimiser states.
    public var policy: TrainedPolicy {
        TrainedPolicy(config: learner.config, observationDim: learner.observationDim, actionDim: learner.actionDim,
                      actor: learner.state.actor.parameters, normalizer: data.normalizer)
    }

    /// The run as it stands, ready to write.
    public var checkpoint: Checkpoint {
        Checkpoint(
            config: learner.config, preprocessing: preprocessing, observationDim: learner.observationDim,
            actionDim: learner.actionDim, state: learner.state, generator: generator, normalizer: data.normalizer,
            dataset: dataset, targetSteps: targetSteps, seed: seed)
    }
}
