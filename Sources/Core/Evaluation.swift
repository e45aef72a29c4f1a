/// Episode returns of a policy in an environment.
public struct Evaluation: Sendable {
    /// Undiscounted return of each episode.
    public var returns: [Double]
    /// Steps of each episode.
    public var lengths: [Int]

    /// The evaluation of episodes already run, in episode order.
    public init(returns: [Double], lengths: [Int]) {
        precondition(returns.count == lengths.count, "\(returns.count) returns but \(lengths.count) lengths")
        self.returns = returns
        self.lengths = lengths
    }

    /// Rolls out `episodes` episodes one after another, episode k reset with seed `seed + k`
    /// (wrapping), each until it terminates or is truncated (`episode(policy:environment:seed:)`).
    public init<E: Environment, P: Policy>(policy: P, environment: inout E, episodes: Int, seed: UInt64) {
        let outcomes = (0..<episodes).map { episode in
            Self.episode(policy: policy, environment: &environment, seed: seed &+ UInt64(episode))
        }
        self.init(returns: outcomes.map(\.return), lengths: outcomes.map(\.length))
    }

    /// One episode: reset with `seed`, then act until the environment reports termination or
    /// truncation, or `maxEpisodeSteps` steps have been taken.
    /// - Returns: the undiscounted return Σₜ rₜ and the number of steps.
    public static func episode<E: Environment, P: Policy>(
        policy: P, environment: inout E, seed: UInt64
    ) -> (return: Double, length: Int) {
        var observation = environment.reset(seed: seed)
        var total = 0.0, steps = 0
        while true {
            let result = environment.step(policy.action(for: observation))
            total += result.reward
            steps += 1
            observation = result.observation
            if result.terminated || result.truncated || steps >= environment.maxEpisodeSteps { return (total, steps) }
        }
    }

    public var meanReturn: Double { returns.reduce(0, +) / Double(max(returns.count, 1)) }

    /// Population standard deviation of the returns.
    public var returnStandardDeviation: Double {
        let mean = meanReturn
        return (returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(max(returns.count, 1))).squareRoot()
    }
}
