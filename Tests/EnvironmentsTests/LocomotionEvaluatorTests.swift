import Core
import Environments
import Foundation
import TestSupport
import Testing

/// Parallel evaluation against a plain sequential loop, and the evaluator's choices.
struct LocomotionEvaluatorTests {
    /// A fixed controller a = tanh(W s) with W[i][j] = sin(1 + i + 3j)/2: deterministic, and
    /// poor enough that Hopper and Walker2d episodes end at different lengths.
    struct SineController: Policy {
        let actionDim: Int
        func action(for observation: [Float]) -> [Float] {
            (0..<actionDim).map { i in
                tanh(observation.enumerated().reduce(Float(0)) { $0 + sin(Float(1 + i + 3 * $1.offset)) / 2 * $1.element })
            }
        }
    }

    /// Returns and lengths of `episodes` episodes run one after another, written out here so
    /// that it does not share code with `Evaluation`: episode k resets with `seed + k`.
    static func sequential(_ task: LocomotionTask, episodes: Int, seed: UInt64) throws -> ([Double], [Int]) {
        let environment = try LocomotionEnvironment(task)
        let policy = SineController(actionDim: environment.actionDim)
        var returns: [Double] = [], lengths: [Int] = []
        for k in 0..<episodes {
            var observation = environment.reset(seed: seed + UInt64(k))
            var total = 0.0, steps = 0, done = false
            while !done {
                let result = environment.step(policy.action(for: observation))
                (observation, total, steps) = (result.observation, total + result.reward, steps + 1)
                done = result.terminated || result.truncated
            }
            returns.append(total)
            lengths.append(steps)
        }
        return (returns, lengths)
    }

    @Test("parallel episodes return exactly the sequential loop's returns, in episode order", arguments: [
        (LocomotionTask.hopper, 2), (.hopper, 3), (.walker2d, 2),
    ])
    func parallelEqualsSequential(task: LocomotionTask, workers: Int) throws {
        let (returns, lengths) = try Self.sequential(task, episodes: 5, seed: 40)
        let parallel = try Evaluation(episodes: 5, seed: 40, workers: workers,
                                      makeEnvironment: { try LocomotionEnvironment(task) },
                                      makePolicy: { SineController(actionDim: task.name == "Hopper" ? 3 : 6) })
        #expect(parallel.returns == returns)
        #expect(parallel.lengths == lengths)
        #expect(Set(lengths).count > 1, "the episodes should differ for this test to mean something: \(lengths)")
    }

    @Test("the dataset's reference pair, or <robot>-medium-v2's with a note for other names (SPEC §4)")
    func referenceReturns() throws {
        let own = try LocomotionEvaluator(task: .hopper, dataset: "hopper_medium-replay-v2.hdf5", observationDim: 11, actionDim: 3,
                                          episodes: 1, seed: 0)
        #expect(own.reference.name == "hopper-medium-replay-v2" && own.referenceNote == nil)
        let collected = try LocomotionEvaluator(task: .hopper, dataset: "hopper-random-collected", observationDim: 11, actionDim: 3,
                                                episodes: 1, seed: 0)
        #expect(collected.reference.name == "hopper-medium-v2")
        #expect(collected.reference.randomReturn == -20.272305 && collected.reference.expertReturn == 3234.3)
        #expect(collected.referenceNote?.contains("hopper-random-collected") == true)
        // Walker2d data evaluated as HalfCheetah (both 17/6) is scored against HalfCheetah's returns.
        let other = try LocomotionEvaluator(task: .halfCheetah, dataset: "walker2d-medium-v2", observationDim: 17, actionDim: 6,
                                            episodes: 1, seed: 0)
        #expect(other.reference.randomReturn == -280.178953 && other.reference.expertReturn == 12135.0)
    }

    @Test("environment names and dimensions are checked")
    func refusals() throws {
        #expect(try LocomotionEvaluator.task(environment: nil, dataset: "hopper_medium-v2.hdf5")?.name == "Hopper")
        #expect(try LocomotionEvaluator.task(environment: nil, dataset: "mystery-v0") == nil)
        #expect(try LocomotionEvaluator.task(environment: "Walker2d-v4", dataset: "hopper-medium-v2")?.name == "Walker2d")
        #expect(throws: LocomotionEvaluatorError.self) { try LocomotionEvaluator.task(environment: "cartpole", dataset: "x") }
        do {
            _ = try LocomotionEvaluator(task: .halfCheetah, dataset: "hopper-medium-v2", observationDim: 11, actionDim: 3,
                                        episodes: 1, seed: 0)
            Issue.record("a Hopper-sized policy was accepted for HalfCheetah")
        } catch {
            #expect(error.description == "HalfCheetah-v4 has observations of 17 values and actions of 6; the policy has 11 and 3")
        }
    }
}
