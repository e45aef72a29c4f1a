import D4RL
import Environments
import Foundation
import Core
import TestSupport
import Testing

/// `BehaviorPolicy` against the numpy forward pass of `tools/policy_expectations.py`, and the
/// expert's return in our Hopper against the return measured in gymnasium v4.
struct BehaviorPolicyTests {
    struct Expectations: Decodable {
        struct Case: Decodable {
            var observation: [Float]
            var mean: [Double]
            var action: [Double]
        }
        var logStd: [Double]
        var cases: [Case]
    }

    static let path = Fixtures.path("policies/hopper-expert.h5")

    @Test("mean and deterministic action agree with numpy to 1e-9")
    func forwardPass() throws {
        let policy = try BehaviorPolicy(contentsOf: Self.path)
        let expected = try Fixtures.json("policies/hopper-expert-expectations.json", as: Expectations.self)
        #expect(policy.observationDim == 11 && policy.actionDim == 3)
        #expect(policy.logStandardDeviation == expected.logStd)
        #expect(expected.cases.count == 5)
        for item in expected.cases {
            let mean = policy.mean(for: item.observation)
            #expect(Tolerance.maxAbsoluteError(mean, item.mean) < 1e-9, "mean \(mean) vs numpy \(item.mean)")
            #expect(Tolerance.maxAbsoluteError(policy.action(for: item.observation), item.action) < 1e-7)
        }
        // The fixture's observations reach the clip on both sides.
        let actions = expected.cases.flatMap(\.action)
        #expect(actions.contains(1) && actions.contains(-1) && actions.contains { abs($0) < 1 })
    }

    @Test("a stochastic action is clip(μ + exp(log σ)·ε) with ε drawn from the generator passed in")
    func stochasticAction() throws {
        let policy = try BehaviorPolicy(contentsOf: Self.path)
        let observation = try Fixtures.json("policies/hopper-expert-expectations.json", as: Expectations.self).cases[1].observation
        var generator = SplitMix64(seed: 42), replay = SplitMix64(seed: 42)
        let sampled = policy.sampleAction(for: observation, using: &generator)
        let expected = zip(policy.mean(for: observation), policy.logStandardDeviation).map { mean, logStd in
            Float(min(max(mean + exp(logStd) * replay.nextStandardNormal(), -1), 1))
        }
        #expect(sampled == expected)
        #expect(generator == replay, "exactly one normal per action component")
        #expect(policy.sampleAction(for: observation, using: &generator) != sampled)
    }

    /// Measured: 3718.9, 3721.1, 3722.7 for episodes 0–2 (gymnasium v4 with mujoco 3.3.7: 3727).
    @Test("the expert's deterministic return in our Hopper is within 1% of gymnasium's 3727")
    func expertReturn() throws {
        let policy = try BehaviorPolicy(contentsOf: Self.path)
        let measured = try #require(policy.measuredReturn)
        #expect(measured == 3727)
        let collector = DatasetCollector(task: .hopper, seed: 0, workers: 1)
        let segment = CollectionSegment(policy: policy.deterministic, description: "expert", transitions: 1000)
        let environment = try LocomotionEnvironment(.hopper)
        let episodes = (0..<3).map { collector.rollEpisode(segment, segmentIndex: 0, episode: $0, maxSteps: 1000, in: environment) }
        let returns = episodes.map { $0.undiscountedReturn() }
        print("hopper-expert deterministic returns \(returns), lengths \(episodes.map(\.length)) (gymnasium v4: \(measured))")
        for (rolled, value) in zip(episodes, returns) {
            #expect(rolled.length == 1000 && !rolled.terminated)
            #expect(abs(value - measured) < 0.01 * measured, "return \(value)")
        }
    }

    @Test("files that are not policies: one-line error naming the file and the problem", arguments: [
        ("d4rl/hopper-medium-v2-mini.hdf5", "no 'obs_mean' array"),
        ("malformed/not-hdf5.hdf5", "not an HDF5 file"),
        ("does-not-exist.h5", "no such file"),
    ])
    func notAPolicy(file: String, reason: String) {
        #expect {
            _ = try BehaviorPolicy(contentsOf: Fixtures.path(file))
        } throws: { error in
            let text = "\(error)"
            return error is BehaviorPolicyError && text.contains(file) && text.contains(reason) && !text.contains("\n")
        }
    }
}
