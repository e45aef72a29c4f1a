/// Episode returns of a policy in an environment, and their D4RL-normalised score.
public struct Evaluation: Sendable {
    /// Undiscounted return of each episode.
    public var returns: [Double]
    /// Steps of each episode.
    public var lengths: [Int]

    /// Rolls out `episodes` episodes, episode k reset with seed `seed + k`, each until it
    /// terminates or is truncated.
    public init<E: Environment, P: Policy>(policy: P, environment: inout E, episodes: Int, seed: UInt64) {
        returns = []
        lengths = []
        for episode in 0..<episodes {
            var observation = environment.reset(seed: seed &+ UInt64(episode))
            var total = 0.0, steps = 0
            while true {
                let result = environment.step(policy.action(for: observation))
                total += result.reward
                steps += 1
                observation = result.observation
                if result.terminated || result.truncated || steps >= environment.maxEpisodeSteps { break }
            }
            returns.append(total)
            lengths.append(steps)
        }
    }

    public var meanReturn: Double { returns.reduce(0, +) / Double(max(returns.count, 1)) }

    /// Population standard deviation of the returns.
    public var returnStandardDeviation: Double {
        let mean = meanReturn
        return (returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(max(returns.count, 1))).squareRoot()
    }

    /// D4RL's normalised score ×100: 100 · (return − random) / (expert − random).
    public static func normalizedScore(_ value: Double, randomReturn: Double, expertReturn: Double) -> Double {
        100 * (value - randomReturn) / (expertReturn - randomReturn)
    }
}
