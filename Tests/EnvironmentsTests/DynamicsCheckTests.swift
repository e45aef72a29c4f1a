import D4RL
import Environments
import Foundation
import TestSupport
import Testing

/// Our MJCF models and task code against gymnasium's Hopper, Walker2d, HalfCheetah and Ant, v4 and
/// v5, on pip's mujoco 3.3.x (fixtures written by `tools/record_dynamics.py`).
struct DynamicsCheckTests {
    static func recording(_ file: String) throws -> DynamicsRecording {
        try DynamicsRecording(contentsOf: Fixtures.path("dynamics/\(file)"))
    }

    /// Each fixture, its task, and its number of terminal rows (counted with h5py:
    /// `f["terminals"][:].sum()`).
    static let fixtures: [(file: String, task: LocomotionTask, terminals: Int)] = [
        ("hopper-v4-dynamics.hdf5", .hopper, 29), ("walker2d-v4-dynamics.hdf5", .walker2d, 29),
        ("halfcheetah-v4-dynamics.hdf5", .halfCheetah, 0), ("ant-v4-dynamics.hdf5", .ant, 15),
        ("hopper-v5-dynamics.hdf5", .hopperV5, 29), ("walker2d-v5-dynamics.hdf5", .walker2dV5, 29),
        ("halfcheetah-v5-dynamics.hdf5", .halfCheetahV5, 0), ("ant-v5-dynamics.hdf5", .antV5, 15),
    ]

    @Test("every recorded row's next observation and reward agree within 1e-4, and its terminal flag exactly", arguments: fixtures)
    func agreesWithGymnasium(file: String, task: LocomotionTask, terminals: Int) throws {
        let recording = try Self.recording(file)
        let check = try DynamicsCheck(recording: recording, task: task)
        let observation = check.observationErrors.max() ?? .infinity, reward = check.rewardErrors.max() ?? .infinity
        print("dynamics \(task.gymnasiumID) (MuJoCo \(Simulation.version)): \(recording.rowCount) rows, max observation error \(observation), max reward error \(reward), \(check.terminalMismatchCount) of \(recording.rowCount) terminal flags differ")
        #expect(recording.rowCount >= 300)
        #expect(recording.terminalCount == terminals)
        #expect(check.terminalMismatchCount == 0)
        #expect(check.disagreeingRows(tolerance: 1e-4).isEmpty, "rows off: \(check.disagreeingRows(tolerance: 1e-4).prefix(10))")
    }

    /// A recorded terminal made non-terminal, and a non-terminal row made terminal (Ant's row 126
    /// is its timeout, so the next row's replay starts from its recorded state either way).
    @Test("a flipped terminal flag is a disagreement in that row alone, either way", arguments: [
        (LocomotionTask.hopper, "hopper-v4-dynamics.hdf5", [24, 50]), (.ant, "ant-v4-dynamics.hdf5", [8, 126]),
    ])
    func flippedTerminalFound(task: LocomotionTask, file: String, rows: [Int]) throws {
        var recording = try Self.recording(file)
        #expect(recording.terminals[rows[0]] && !recording.terminals[rows[1]])
        for row in rows { recording.terminals[row].toggle() }
        let check = try DynamicsCheck(recording: recording, task: task)
        #expect(check.terminalMismatchCount == 2)
        #expect(check.disagreeingRows(tolerance: 1e-4) == rows)
    }

    // MARK: each v5 difference, left out, is caught by the v5 recording

    @Test("v4's healthy reward (paid on the terminating step too) errs by 1 in exactly the terminal rows of a v5 recording", arguments: [
        (LocomotionTask.hopperV5, "hopper-v5-dynamics.hdf5"), (.walker2dV5, "walker2d-v5-dynamics.hdf5"), (.antV5, "ant-v5-dynamics.hdf5"),
    ])
    func healthyRewardEveryStepIsCaught(task: LocomotionTask, file: String) throws {
        var everyStep = task
        everyStep.healthyRewardOnlyWhileHealthy = false
        let recording = try Self.recording(file)
        let check = try DynamicsCheck(recording: recording, task: everyStep)
        let terminalRows = recording.terminals.indices.filter { recording.terminals[$0] }
        #expect(!terminalRows.isEmpty && check.disagreeingRows(tolerance: 1e-4) == terminalRows)
        #expect(terminalRows.allSatisfy { abs(check.rewardErrors[$0] - 1) < 1e-6 })
    }

    @Test("Walker2d-v5 with v4's right-foot friction (0.9) disagrees with the v5 recording")
    func walkerFootFrictionIsCaught() throws {
        var v4Feet = LocomotionTask.walker2dV5
        v4Feet.slidingFriction = [:]
        let check = try DynamicsCheck(recording: Self.recording("walker2d-v5-dynamics.hdf5"), task: v4Feet)
        let rows = check.disagreeingRows(tolerance: 1e-4)
        print("Walker2d-v5 with v4's feet: \(rows.count) rows off, max observation error \(check.observationSummary.max)")
        #expect(rows.count > 10)
    }

    @Test("Ant-v5 without the contact cost errs in the reward only; with unclipped forces in the observation too")
    func antContactForcesAreCaught() throws {
        let recording = try Self.recording("ant-v5-dynamics.hdf5")
        var noCost = LocomotionTask.antV5, unclipped = LocomotionTask.antV5
        noCost.contactForces?.costWeight = 0
        unclipped.contactForces?.clipRange = -Double.infinity...Double.infinity
        let withoutCost = try DynamicsCheck(recording: recording, task: noCost)
        let withoutClip = try DynamicsCheck(recording: recording, task: unclipped)
        let costRows = withoutCost.rewardErrors.filter { $0 > 1e-4 }.count
        let clipRows = withoutClip.observationErrors.filter { $0 > 1e-4 }.count
        print("Ant-v5 without contact cost: \(costRows) rewards off; unclipped: \(clipRows) observations off, max \(withoutClip.observationSummary.max)")
        #expect(withoutCost.observationSummary.max < 1e-9 && costRows > 10)
        #expect(clipRows > 10 && withoutClip.rewardErrors.filter { $0 > 1e-4 }.count > 10)
    }

    @Test("Ant-v4's observation (111 values) does not fit the Ant-v5 recording (105)")
    func antV4OnV5Recording() throws {
        let recording = try Self.recording("ant-v5-dynamics.hdf5")
        let error = try #require(throws: DynamicsCheckError.self) { try DynamicsCheck(recording: recording, task: .ant) }
        #expect(error.description == "'observations' has 105 columns but Ant-v4 has 111; is this Ant-v4 data?")
    }
}
