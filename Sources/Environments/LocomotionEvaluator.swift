import Scores
import Core
import D4RL

/// How policies trained on one dataset are scored in a locomotion simulator: the task, the
/// D4RL reference returns, and the fixed episodes every evaluation runs.
///
/// Episode k (0-based) of every evaluation is reset with seed `seed + k` (wrapping), so two
/// evaluations with the same `seed` face the same initial states and a learning curve compares
/// like with like; `iql-train` passes its run seed, `iql-eval --seed` defaults to 0, so
/// `iql-eval --seed <run seed>` replays a run's evaluations. Episodes run in parallel
/// (`Evaluation(episodes:seed:makeEnvironment:makePolicy:)`) with results in episode order.
///
/// The normalised score is `100 · (mean return − random) / (expert − random)` with the dataset's
/// D4RL reference pair; a dataset that is not a D4RL name of the task's robot (e.g. a collected
/// `hopper-random-collected`) uses `<robot>-medium-v2`'s pair, which every gym-mujoco -v2
/// dataset of that robot shares, and says so in `referenceNote`.
///
///     let evaluator = try LocomotionEvaluator(task: .hopper, dataset: "hopper-medium-v2",
///                                             observationDim: 11, actionDim: 3, episodes: 10, seed: 0)
///     let evaluation = try evaluator.evaluate { policy.worker() }
///     evaluator.reference.normalize(evaluation.meanReturn)
public struct LocomotionEvaluator: Sendable {
    public let task: LocomotionTask
    /// The random and expert returns the score is normalised with.
    public let reference: ReferenceScore
    /// Why `reference` is not the dataset's own D4RL entry, or nil when it is.
    public let referenceNote: String?
    /// Episodes per evaluation.
    public let episodes: Int
    /// The reset seed of episode 0.
    public let seed: UInt64

    /// Checks that a policy for (`observationDim`, `actionDim`) fits `task` and picks the reference returns.
    /// - Throws: `.dimensionMismatch` when the task's observation or action size differs;
    ///   `.simulation` when the model cannot be loaded.
    /// - Parameter reference: the pair to normalise with (a Minari dataset's own); nil: chosen
    ///   from the dataset's D4RL name as described above.
    public init(task: LocomotionTask, dataset: String, observationDim: Int, actionDim: Int,
                episodes: Int, seed: UInt64, reference: ReferenceScore? = nil) throws(LocomotionEvaluatorError) {
        precondition(episodes > 0, "an evaluation needs at least one episode, got \(episodes)")
        let environment: LocomotionEnvironment
        do { environment = try LocomotionEnvironment(task) } catch { throw .simulation(error) }
        guard environment.observationDim == observationDim, environment.actionDim == actionDim else {
            throw .dimensionMismatch(task: task.gymnasiumID, environment: (environment.observationDim, environment.actionDim),
                                     policy: (observationDim, actionDim))
        }
        self.task = task
        if let reference {
            (self.reference, referenceNote) = (reference, nil)
        } else {
            (self.reference, referenceNote) = Self.reference(dataset: dataset, task: task)
        }
        self.episodes = episodes
        self.seed = seed
    }

    /// The task `environment` names, or, when it is nil, the one the dataset's name implies
    /// (nil when none does).
    /// - Throws: `.unknownEnvironment` when `environment` names no task.
    public static func task(environment: String?, dataset: String) throws(LocomotionEvaluatorError) -> LocomotionTask? {
        guard let environment else { return LocomotionTask.named(dataset) }
        guard let task = LocomotionTask.named(environment) else { throw .unknownEnvironment(environment) }
        return task
    }

    /// Runs `episodes` episodes of the policies `makePolicy` returns (one per thread) in
    /// parallel; the returns are those of a sequential loop over the same seeds.
    /// - Throws: `SimulationError` when a worker's model cannot be loaded.
    public func evaluate<P: Policy>(_ makePolicy: () -> P) throws -> Evaluation {
        let task = task
        return try Evaluation(episodes: episodes, seed: seed, makeEnvironment: { try LocomotionEnvironment(task) },
                              makePolicy: makePolicy)
    }

    /// The dataset's own reference pair when it is a D4RL name of `task`'s robot, else
    /// `<robot>-medium-v2`'s, with a note saying so (`ReferenceScores.pair`).
    static func reference(dataset: String, task: LocomotionTask) -> (ReferenceScore, note: String?) {
        guard let pair = ReferenceScores.pair(for: DatasetName(dataset).name, robot: task.datasetDomain) else {
            preconditionFailure("the reference table lacks \(task.datasetDomain)-medium-v2, which every locomotion task needs")
        }
        return pair
    }
}
