import Environments
import Foundation
import TestSupport
import Testing

/// Issue 4's check that our reward and termination match D4RL's: uniform random actions give
/// returns and episode lengths like gymnasium v4's, near D4RL's random reference returns
/// (hopper −20.27, walker2d 1.63, halfcheetah −280.18, ant −325.6).
///
/// D4RL's random sets came from a randomly initialised policy, not uniform actions, so its
/// reference is a guide. Uniform actions measured in gymnasium v4 (mujoco 3.3.7; 100, 100, 4,
/// 20 episodes): Hopper 19.9 (length 22.8), Walker2d 2.6 (21.8), HalfCheetah −272 (1000), Ant
/// −52 (165: the ant pops above z = 1 and terminates, so D4RL's −325.6 over 1000 steps is out
/// of reach). Each step's reward is forward progress + healthy reward − w·Σa², with
/// E[Σa²] = A/3, so the return per step pins the healthy reward and control cost:
/// Hopper ≈ 1 − 0.001, Ant ≈ 1 − 0.5·8/3 = −0.33, HalfCheetah ≈ −0.1·6/3 = −0.2 (plus drift).
struct RandomReturnTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var task: LocomotionTask
        var episodes: Int
        /// The range the mean return must fall in.
        var meanReturn: ClosedRange<Double>
        /// The range the mean episode length must fall in.
        var meanLength: ClosedRange<Double>
        /// The range of Σ returns / Σ lengths.
        var rewardPerStep: ClosedRange<Double>
        var testDescription: String { task.name }
    }

    static let cases: [Case] = [
        Case(task: .hopper, episodes: 100, meanReturn: 10...35, meanLength: 15...35, rewardPerStep: 0.6...1.2),
        Case(task: .walker2d, episodes: 100, meanReturn: -5...12, meanLength: 12...35, rewardPerStep: -0.3...0.6),
        Case(task: .halfCheetah, episodes: 4, meanReturn: -380 ... -180, meanLength: 1000...1000, rewardPerStep: -0.38 ... -0.18),
        Case(task: .ant, episodes: 20, meanReturn: -250...0, meanLength: 60...600, rewardPerStep: -0.5 ... -0.15),
    ]

    @Test("random returns lie in the range D4RL's random reference implies", arguments: cases)
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
        #expect(item.meanReturn.contains(meanReturn))
        #expect(item.meanLength.contains(meanLength))
        #expect(item.rewardPerStep.contains(meanReturn / meanLength))
    }
}
