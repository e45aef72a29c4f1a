import Core
import D4RL
import IQL
import NN

/// A trainer on a synthetic 1,000,000-transition buffer: observations and next observations
/// N(0, 1), actions U(−1, 1), rewards N(0, 1), 1 % terminals, like the JAX reference's buffer.
struct SwiftUpdateTiming {
    static let rows = 1_000_000
    let trainer: Trainer

    init(size: UpdateSize, twoThreads: Bool) throws {
        var generator = SplitMix64(seed: 1)
        let rows = Self.rows, o = size.observationDim, a = size.actionDim
        func normals(_ count: Int) -> [Float] { (0..<count).map { _ in Float(generator.nextStandardNormal()) } }
        let dataset = D4RLDataset(
            name: DatasetName("synthetic-\(size.rawValue)"), observations: normals(rows * o), observationDim: o,
            actions: (0..<rows * a).map { _ in Float(generator.nextUnitInterval() * 2 - 1) }, actionDim: a,
            nextObservations: nil, rewards: normals(rows),
            terminals: (0..<rows).map { _ in generator.nextUnitInterval() < 0.01 }, timeouts: nil)
        let preprocessing = PreprocessingOptions(qLearning: QLearningOptions(maxEpisodeSteps: .max), rewardTransform: RewardTransform.none)
        let data = try PreprocessedData(dataset, options: preprocessing)
        trainer = Trainer(data: data, preprocessing: preprocessing, dataset: DatasetIdentity(name: dataset.name.name, fileHash: "synthetic"),
                          config: IQLConfig(), seed: 0, targetSteps: .max, twoThreads: twoThreads)
    }

    /// Median updates/s over blocks of 250 updates, after `warmup` untimed ones.
    func updatesPerSecond(warmup: Int, iterations: Int) -> Double {
        for _ in 0..<warmup { trainer.train() }
        let clock = ContinuousClock()
        var rates: [Double] = []
        for _ in 0..<iterations / 250 {
            let start = clock.now
            for _ in 0..<250 { trainer.train() }
            rates.append(250 / (clock.now - start).seconds)
        }
        return median(rates)
    }
}

/// The middle value (mean of the two middle values for an even count).
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted(), middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
