import Foundation

extension Evaluation {
    /// Rolls out the episodes of `init(policy:environment:episodes:seed:)` on several threads:
    /// episode k is reset with seed `seed + k` (wrapping) and its outcome lands at index k, so
    /// the returns are exactly those of the sequential loop, whatever the number of workers.
    ///
    /// Each worker (`Parallel.map`) makes one environment and one policy and runs its share of
    /// the episodes on them, so neither is ever used by two threads; a policy that keeps a
    /// scratch workspace (e.g. `TrainedPolicy.Worker`) is safe here.
    ///
    ///     let evaluation = try Evaluation(episodes: 10, seed: 0,
    ///                                     makeEnvironment: { try LocomotionEnvironment(.hopper) },
    ///                                     makePolicy: { policy.worker() })
    ///
    /// - Parameter workers: threads to use (default: the active processor count).
    /// - Throws: the first error `makeEnvironment` threw.
    /// - Complexity: the sequential cost divided by about min(workers, episodes).
    public init<E: Environment, P: Policy>(
        episodes: Int, seed: UInt64, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        makeEnvironment: () throws -> E, makePolicy: () -> P
    ) throws {
        let outcomes = try Parallel.map(
            count: episodes, workers: workers,
            makeContext: { _EpisodeWorker(environment: try makeEnvironment(), policy: makePolicy()) }
        ) { episode, worker in
            Self.episode(policy: worker.policy, environment: &worker.environment, seed: seed &+ UInt64(episode))
        }
        self.init(returns: outcomes.map(\.return), lengths: outcomes.map(\.length))
    }
}

/// One thread's environment and policy (a class, so that `Parallel.map`'s body can mutate the
/// environment it is handed).
final class _EpisodeWorker<E: Environment, P: Policy> {
    var environment: E
    let policy: P

    init(environment: E, policy: P) {
        self.environment = environment
        self.policy = policy
    }
}
