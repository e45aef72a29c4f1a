import D4RL
import Foundation
import Core

/// Rolls policies in a locomotion task and gathers the rows of a D4RL-layout dataset.
///
/// Every episode is a function of (collection seed, segment index, episode index) alone:
///
///     (resetSeed, actionSeed) = DatasetCollector.episodeSeeds(seed, segment, episode)
///     s₀ = environment.reset(seed: resetSeed)
///     generator = SplitMix64(seed: actionSeed)       policy draws, then noise draws, per step
///
/// so episodes are rolled in parallel (one `LocomotionEnvironment` per worker) and kept in
/// episode order; the rows are identical whatever the number of workers. A segment's episodes
/// run until they terminate or reach `LocomotionTask.maxEpisodeSteps`; the episode that crosses
/// the segment's row count is cut there and its last row marked a timeout, as D4RL's
/// collection scripts did.
///
///     let collector = DatasetCollector(task: .hopper, seed: 0)
///     let data = try collector.collect([CollectionSegment(policy: RandomPolicy(actionDim: 3),
///                                                         description: "random", transitions: 10_000)])
///     try data.write(to: "hopper-random-collected.hdf5")
public struct DatasetCollector: Sendable {
    public var task: LocomotionTask
    /// The collection seed every episode's seeds derive from.
    public var seed: UInt64
    /// Threads rolling episodes at once (each with its own simulation).
    public var workers: Int

    /// Episodes of one parallel batch are sized to about this many rows, so progress is
    /// reported that often and at most about one batch is rolled beyond what is kept.
    static let rowsPerBatch = 10_000

    public init(task: LocomotionTask, seed: UInt64, workers: Int = ProcessInfo.processInfo.activeProcessorCount) {
        precondition(workers > 0, "workers must be positive, got \(workers)")
        self.task = task
        self.seed = seed
        self.workers = workers
    }

    /// The seeds of episode `episode` of segment `segment`: a SplitMix64 hash chain over
    /// (seed, segment, episode, stream), stream 0 for the reset and 1 for the action generator.
    public static func episodeSeeds(seed: UInt64, segment: Int, episode: Int) -> (reset: UInt64, actions: UInt64) {
        func chain(_ values: [UInt64]) -> UInt64 {
            values.reduce(0x5EED_C011_EC7E_D000) { hash, value in
                var generator = SplitMix64(seed: hash ^ value)
                return generator.next()
            }
        }
        let base: [UInt64] = [seed, UInt64(segment), UInt64(episode)]
        return (chain(base + [0]), chain(base + [1]))
    }

    /// Collects every segment in order into one dataset.
    /// - Parameter progress: called on the calling thread after each batch with the rows kept so far.
    /// - Throws: `SimulationError` when the task's model cannot be loaded.
    public func collect(_ segments: [CollectionSegment], progress: (Int) -> Void = { _ in }) throws(SimulationError)
        -> CollectedDataset
    {
        let probe = try LocomotionEnvironment(task)
        var dataset = CollectedDataset(task: task, seed: seed, environment: probe)
        for (index, segment) in segments.enumerated() {
            let start = dataset.rowCount, firstEpisode = dataset.episodeLengths.count
            var episode = 0
            while dataset.rowCount - start < segment.transitions {
                let remaining = segment.transitions - (dataset.rowCount - start)
                let steps = min(LocomotionTask.maxEpisodeSteps, remaining)
                let meanLength = episode == 0 ? Double(steps) : Double(dataset.rowCount - start) / Double(episode)
                let wanted = Int((Double(min(remaining, Self.rowsPerBatch)) / max(meanLength, 1)).rounded(.up))
                let batch = max(workers, min(wanted, Self.rowsPerBatch))
                let episodes = try rollEpisodes(segment, segmentIndex: index, episodes: episode..<episode + batch, maxSteps: steps)
                for rolled in episodes where dataset.rowCount - start < segment.transitions {
                    dataset.append(rolled, rows: min(rolled.length, segment.transitions - (dataset.rowCount - start)))
                }
                episode += batch
                progress(dataset.rowCount)
            }
            let mean = CollectedDataset.meanReturn(of: dataset.episodeReturns[firstEpisode...],
                                                   completed: dataset.episodeCompleted[firstEpisode...])
            dataset.segments.append(.init(description: segment.description, rows: segment.transitions,
                                          episodes: dataset.episodeLengths.count - firstEpisode, actionNoise: segment.actionNoise,
                                          meanReturn: mean))
        }
        return dataset
    }

    /// Rolls episode `episode` of segment `segmentIndex` in `environment` for at most `maxSteps` steps.
    public func rollEpisode(_ segment: CollectionSegment, segmentIndex: Int, episode: Int, maxSteps: Int,
                            in environment: LocomotionEnvironment) -> CollectedEpisode
    {
        let seeds = Self.episodeSeeds(seed: seed, segment: segmentIndex, episode: episode)
        var generator = SplitMix64(seed: seeds.actions)
        var observation = environment.reset(seed: seeds.reset)
        var rolled = CollectedEpisode(observationDim: environment.observationDim, actionDim: environment.actionDim)
        while rolled.length < maxSteps {
            rolled.qpos += environment.simulation.qpos
            rolled.qvel += environment.simulation.qvel
            var action = segment.policy.action(for: observation, using: &generator)
            precondition(action.count == environment.actionDim,
                         "\(segment.description) gave \(action.count) action values, \(task.name) takes \(environment.actionDim)")
            if segment.actionNoise > 0 {
                action = action.map { Float(min(max(Double($0) + segment.actionNoise * generator.nextStandardNormal(), -1), 1)) }
            }
            let outcome = environment.advance(action.map(Double.init))
            let next = outcome.observation.map { Float($0) }
            rolled.observations += observation
            rolled.actions += action
            rolled.rewards.append(outcome.reward)
            rolled.nextObservations += next
            observation = next
            if outcome.terminated {
                rolled.terminated = true
                break
            }
        }
        return rolled
    }

    /// Episodes `episodes` of one segment, in order, rolled on `workers` threads.
    private func rollEpisodes(_ segment: CollectionSegment, segmentIndex: Int, episodes: Range<Int>, maxSteps: Int)
        throws(SimulationError) -> [CollectedEpisode]
    {
        do {
            return try Parallel.map(count: episodes.count, workers: workers, makeContext: { try LocomotionEnvironment(task) }) {
                offset, environment in
                rollEpisode(segment, segmentIndex: segmentIndex, episode: episodes.lowerBound + offset, maxSteps: maxSteps,
                            in: environment)
            }
        } catch let error as SimulationError {
            throw error
        } catch {
            throw SimulationError(path: "Models/\(task.modelName).xml", message: "\(error)")
        }
    }
}
