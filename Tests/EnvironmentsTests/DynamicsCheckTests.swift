import D4RL
import Environments
import Foundation
import TestSupport
import Testing

/// Our MJCF models and task code against gymnasium's Hopper-v4, Walker2d-v4, HalfCheetah-v4 and
/// Ant-v4 on pip's mujoco 3.3.x (fixtures written by `tools/record_dynamics.py`).
struct DynamicsCheckTests {
    /// Each fixture, its task, and its number of terminal rows (counted with h5py:
    /// `f["terminals"][:].sum()`).
    static let fixtures: [(file: String, task: LocomotionTask, terminals: Int)] = [
        ("hopper-v4-dynamics.hdf5", .hopper, 29), ("walker2d-v4-dynamics.hdf5", .walker2d, 29),
        ("halfcheetah-v4-dynamics.hdf5", .halfCheetah, 0), ("ant-v4-dynamics.hdf5", .ant, 15),
    ]

    @Test("every recorded row's next observation and reward agree within 1e-4, and its terminal flag exactly", arguments: fixtures)
    func agreesWithGymnasium(file: String, task: LocomotionTask, terminals: Int) throws {
        let recording = try DynamicsRecording(contentsOf: Fixtures.path("dynamics/\(file)"))
        let check = try DynamicsCheck(recording: recording, task: task)
        let observation = check.observationErrors.max() ?? .infinity, reward = check.rewardErrors.max() ?? .infinity
        print("dynamics \(task.name) (MuJoCo \(Simulation.version)): \(recording.rowCount) rows, max observation error \(observation), max reward error \(reward), \(check.terminalMismatchCount) of \(recording.rowCount) terminal flags differ")
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
        var recording = try DynamicsRecording(contentsOf: Fixtures.path("dynamics/\(file)"))
        #expect(recording.terminals[rows[0]] && !recording.terminals[rows[1]])
        for row in rows { recording.terminals[row].toggle() }
        let check = try DynamicsCheck(recording: recording, task: task)
        #expect(check.terminalMismatchCount == 2)
        #expect(check.disagreeingRows(tolerance: 1e-4) == rows)
    }
}
