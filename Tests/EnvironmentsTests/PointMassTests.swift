import D4RL
import Environments
import TestSupport
import Testing

/// `PointMass` reproduces the transitions `tools/make_fixtures.py` recorded in Python.
struct PointMassTests {
    @Test("replaying every recorded (s, a) gives the recorded s′ and r")
    func reproducesFixture() throws {
        let data = try D4RLDataset(contentsOf: Fixtures.path("d4rl/pointmass-wind-v0.hdf5"))
        let next = try #require(data.nextObservations)
        var environment = PointMass()
        var worstObservation: Float = 0, worstReward = 0.0
        for row in 0..<data.rowCount {
            environment.position = Array(data.observation(row))
            let result = environment.step(Array(data.action(row)))
            for (ours, recorded) in zip(result.observation, next[row * 2..<row * 2 + 2]) { worstObservation = max(worstObservation, abs(ours - recorded)) }
            worstReward = max(worstReward, abs(result.reward - Double(data.rewards[row])))
        }
        #expect(worstObservation < 1e-5)
        #expect(worstReward < 1e-5)
    }

    @Test("episodes last 50 steps; resets are a function of the seed and lie in [−2, 2]²")
    func episodes() {
        var a = PointMass(), b = PointMass()
        #expect(a.reset(seed: 9) == b.reset(seed: 9))
        #expect(a.reset(seed: 9) != a.reset(seed: 10))
        #expect(a.position.allSatisfy { abs($0) <= 2 })
        var steps = 0, truncated = false
        while !truncated { truncated = a.step([0, 0]).truncated; steps += 1 }
        #expect(steps == 50)
    }

    @Test("standing still drifts with the wind: p′ = p + (0.06, 0), clipped at 2")
    func wind() {
        var environment = PointMass()
        environment.position = [1.96, -0.5]
        let result = environment.step([0, 0])
        #expect(abs(result.observation[0] - 2) < 1e-6 && result.observation[1] == -0.5)
        #expect(abs(result.reward + (4.0 + 0.25).squareRoot()) < 1e-6)
    }
}
