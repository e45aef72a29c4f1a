@testable import SAC
import Core
import D4RL
import Foundation
import NN
import Testing

/// The two-thread update (the policy's and the critics' gradients side by side) gives the
/// one-thread update's numbers bit for bit.
struct SACTwoThreadsTests {
    @Test("30 updates on two threads equal 30 on one, bit for bit (parameters, Adam states, metrics)")
    func sameNumbers() {
        var config = SACConfig()
        config.hiddenDims = [64, 48]
        config.batchSize = 96
        func learner(twoThreads: Bool) -> SACLearner {
            var generator = SplitMix64(seed: 21)
            return SACLearner(config: config, observationDim: 11, actionDim: 3, using: &generator, twoThreads: twoThreads)
        }
        let (one, two) = (learner(twoThreads: false), learner(twoThreads: true))
        #expect(!one.usesTwoThreads && two.usesTwoThreads == ThreadPair.machineHasSecondCore)
        var data = SplitMix64(seed: 4)
        for _ in 0..<30 {
            func normals(_ count: Int) -> [Float] { (0..<count).map { _ in Float(data.nextStandardNormal()) } }
            let (s, a, r, s2) = (normals(96 * 11), normals(96 * 3).map { tanh($0) }, normals(96), normals(96 * 11))
            let masks = (0..<96).map { _ in Float(data.next() % 10 == 0 ? 0 : 1) }
            var noise = SplitMix64(seed: data.next())
            var sameNoise = noise
            for learner in [one, two] { learner.batch.assign(observations: s, actions: a, rewards: r, masks: masks, nextObservations: s2) }
            one.drawNoise(using: &noise)
            two.drawNoise(using: &sameNoise)
            #expect(one.update() == two.update())
        }
        #expect(one.state == two.state)
    }
}
