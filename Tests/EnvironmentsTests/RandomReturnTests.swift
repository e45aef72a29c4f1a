import Environments
import Foundation
import TestSupport
import Testing

/// Issue 4's check that our reward and termination match D4RL's: uniform random actions give
/// returns and episode lengths like gymnasium v4's, near D4RL's random reference returns
/// (hopper −20.27, walker2d 1.63, halfcheetah −280.18, ant −325.6).
///
/// D4RL's random sets came from a randomly initialised policy, not uniform actions, so its
/// reference is a guide, and the "Hopper ≈ −20 to 20" is that guide: uniform actions earn
/// Hopper's healthy reward of 1 for ~22 steps before it falls, so they score ≈ +18.5, and Ant pops
/// above z = 1 and terminates, so D4RL's −325.6 over 1000 steps is out of reach. Each step's
/// reward is forward progress + healthy reward − w·Σa², with E[Σa²] = A/3, so the return per step
/// pins the healthy reward and control cost: Hopper ≈ 1 − 0.001, Ant ≈ 1 − 0.5·8/3 = −0.33,
/// HalfCheetah ≈ −0.1·6/3 = −0.2 (plus drift).
///
/// The windows are gymnasium's own numbers ± 5 standard errors of a mean over this test's
/// episodes: uniform actions in gymnasium 1.2.2 Hopper-v4 … Ant-v4 on mujoco 3.3.7 (numpy
/// `default_rng(0)` actions, reset seeds 0, 1, …; 5000, 2000, 100 and 500 episodes) gave, per
/// episode, mean (sd) of the return, of the length, and Σ returns / Σ lengths with the sd of
/// (return − ratio·length)/mean length:
///
///     Hopper        18.54 (17.98)   22.20 (11.98)   0.8351 (0.475)
///     Walker2d       2.65 (6.07)    21.36 (8.65)    0.1240 (0.258)
///     HalfCheetah −272.02 (84.39) 1000    (0)      −0.2720 (0.0844)
///     Ant          −54.26 (90.20)  162.32 (261.85) −0.3343 (0.168)
struct RandomReturnTests {
    /// A gymnasium measurement: the mean and the per-episode standard deviation.
    struct Measured: Sendable {
        var mean: Double
        var sd: Double

        /// mean ± 5·sd/√episodes.
        func window(episodes: Int) -> ClosedRange<Double> {
            let halfWidth = 5 * sd / Double(episodes).squareRoot()
            return mean - halfWidth ... mean + halfWidth
        }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var task: LocomotionTask
        var episodes: Int
        var meanReturn: Measured
        var meanLength: Measured
        /// Σ returns / Σ lengths.
        var rewardPerStep: Measured
        var testDescription: String { task.name }
    }

    static let cases: [Case] = [
        Case(task: .hopper, episodes: 100, meanReturn: Measured(mean: 18.54, sd: 17.98),
             meanLength: Measured(mean: 22.20, sd: 11.98), rewardPerStep: Measured(mean: 0.8351, sd: 0.475)),
        Case(task: .walker2d, episodes: 100, meanReturn: Measured(mean: 2.65, sd: 6.07),
             meanLength: Measured(mean: 21.36, sd: 8.65), rewardPerStep: Measured(mean: 0.1240, sd: 0.258)),
        Case(task: .halfCheetah, episodes: 20, meanReturn: Measured(mean: -272.02, sd: 84.39),
             meanLength: Measured(mean: 1000, sd: 0), rewardPerStep: Measured(mean: -0.2720, sd: 0.0844)),
        Case(task: .ant, episodes: 50, meanReturn: Measured(mean: -54.26, sd: 90.20),
             meanLength: Measured(mean: 162.32, sd: 261.85), rewardPerStep: Measured(mean: -0.3343, sd: 0.168)),
    ]

    @Test("random returns, lengths and reward per step lie within 5 standard errors of gymnasium v4's", arguments: cases)
    func randomReturns(_ item: Case) throws {
        let environment = try LocomotionEnvironment(item.task)
        let segment = CollectionSegment(policy: RandomPolicy(actionDim: environment.actionDim), description: "random",
                                        transitions: 1)
        let collector = DatasetCollector(task: item.task, seed: 4, workers: 1)
        let episodes = (0..<item.episodes).map {
            collector.rollEpisode(segment, segmentIndex: 0, episode: $0, maxSteps: LocomotionTask.maxEpisodeSteps, in: environment)
        }
        let returns = episodes.map { $0.undiscountedReturn() }
        let meanReturn = returns.reduce(0, +) / Double(returns.count)
        let meanLength = Double(episodes.map(\.length).reduce(0, +)) / Double(episodes.count)
        print("random \(item.task.name): mean return \(meanReturn) (min \(returns.min()!), max \(returns.max()!)), mean length \(meanLength), per step \(meanReturn / meanLength), \(episodes.filter(\.terminated).count)/\(episodes.count) terminated")
        #expect(item.meanReturn.window(episodes: item.episodes).contains(meanReturn))
        #expect(item.meanLength.window(episodes: item.episodes).contains(meanLength))
        #expect(item.rewardPerStep.window(episodes: item.episodes).contains(meanReturn / meanLength))
    }
}
