@testable import Online
import Core
import Environments
import Foundation
import HDF5
import NN
import SAC
import TestSupport
import Testing

/// The online loop: time-limit semantics, the update schedule, checkpoints that resume bit for
/// bit, and refusal of damaged checkpoints.
struct OnlineRunTests {
    static func smallSAC(observationDim: Int, actionDim: Int, seed: UInt64) -> (SACLearner, SplitMix64) {
        var config = SACConfig()
        config.hiddenDims = [8, 8]
        config.batchSize = 8
        var generator = SplitMix64(seed: seed)
        return (SACLearner(config: config, observationDim: observationDim, actionDim: actionDim, using: &generator), generator)
    }

    static func makeRun(_ task: LocomotionTask, randomSteps: Int, capacity: Int = 5000, seed: UInt64 = 1) throws -> OnlineRun<SACLearner> {
        let environment = try LocomotionEnvironment(task)
        let (learner, generator) = smallSAC(observationDim: environment.observationDim, actionDim: environment.actionDim, seed: seed)
        let replay = try ReplayBuffer(capacity: capacity, observationDim: environment.observationDim, actionDim: environment.actionDim)
        return OnlineRun(agent: learner, environment: environment, replay: replay, randomSteps: randomSteps, seed: seed, generator: generator)
    }

    @Test("HalfCheetah never terminates: step 1000 is a truncation that bootstraps (mask 1), and the next step starts a new episode")
    func timeLimit() throws {
        let run = try Self.makeRun(.halfCheetah, randomSteps: 2000)
        var finished: [(return: Double, length: Int)] = []
        for _ in 0..<1003 { if let episode = run.step().finishedEpisode { finished.append(episode) } }
        #expect(finished.count == 1 && finished[0].length == 1000)
        let replay = run.replay
        #expect(replay.truncations[999] && replay.masks[999] == 1)
        #expect(replay.truncations.prefix(1003).filter { $0 }.count == 1 && replay.masks.prefix(1003).allSatisfy { $0 == 1 })
        // Row 1000's s is the new episode's first observation, not row 999's s′.
        #expect(Array(replay.observations[1000 * 17..<1001 * 17]) != Array(replay.nextObservations[999 * 17..<1000 * 17]))
        #expect(Array(replay.observations[999 * 17..<1000 * 17]) == Array(replay.nextObservations[998 * 17..<999 * 17]))
        #expect(abs(replay.rewards.prefix(1000).map(Double.init).reduce(0, +) - finished[0].return) < 1e-2)
    }

    @Test("a falling Hopper terminates: its last row has mask 0 and is no truncation; updates start once the buffer holds randomSteps rows")
    func termination() throws {
        let run = try Self.makeRun(.hopper, randomSteps: 300)
        var firstUpdate: Int?
        for _ in 0..<320 {
            let outcome = run.step()
            if outcome.metrics != nil, firstUpdate == nil { firstUpdate = run.state.environmentSteps }
        }
        #expect(firstUpdate == 300)
        #expect(run.agent.state.step == 21)
        let terminals = (0..<320).filter { run.replay.masks[$0] == 0 }
        #expect(!terminals.isEmpty && terminals.allSatisfy { !run.replay.truncations[$0] })
        #expect(run.state.episodes == terminals.count)
    }

    @Test("a SAC checkpoint written mid-episode resumes bit for bit: 260 + 240 steps equal 500 straight")
    func checkpointResumes() throws {
        let directory = try TemporaryDirectory()
        let straight = try Self.makeRun(.hopper, randomSteps: 200)
        for _ in 0..<500 { _ = straight.step() }
        let first = try Self.makeRun(.hopper, randomSteps: 200)
        for _ in 0..<260 { _ = first.step() }
        #expect(first.state.episodeLength > 0, "the checkpoint should fall mid-episode")
        let path = directory.path("checkpoint.h5")
        try SACCheckpoint(config: first.agent.config, task: .hopper, learner: first.agent.state, run: first.savedState, replay: first.replay,
                          targetSteps: 500, thresholdStep: nil).write(to: path)
        let saved = try SACCheckpoint(contentsOf: path)
        let learner = try SACLearner(config: saved.config, observationDim: 11, actionDim: 3, state: saved.learner)
        let resumed = OnlineRun(agent: learner, environment: try LocomotionEnvironment(saved.task), replay: saved.replay, state: saved.run)
        for _ in 0..<240 { _ = resumed.step() }
        #expect(resumed.agent.state == straight.agent.state)
        #expect(resumed.savedState == straight.savedState)
        var (a, b) = (ContentHash(), ContentHash())
        resumed.replay.combine(into: &a)
        straight.replay.combine(into: &b)
        #expect(a.hex == b.hex)
    }

    @Test("a checkpoint whose contents were edited is refused in one line")
    func editedCheckpointRefused() throws {
        let directory = try TemporaryDirectory()
        let run = try Self.makeRun(.hopper, randomSteps: 50)
        for _ in 0..<60 { _ = run.step() }
        let path = directory.path("checkpoint.h5")
        try SACCheckpoint(config: run.agent.config, task: .hopper, learner: run.agent.state, run: run.savedState, replay: run.replay,
                          targetSteps: 100, thresholdStep: nil).write(to: path)
        let file = try File(opening: path, mode: .readWrite)
        try file.root().group("online").setAttribute("episode_length", Int64(3))
        try file.close()
        #expect {
            try SACCheckpoint(contentsOf: path)
        } throws: { error in
            "\(error)".contains("corrupted") && !"\(error)".contains("\n")
        }
    }
}
