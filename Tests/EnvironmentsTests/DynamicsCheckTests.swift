import Environments
import Foundation
import TestSupport
import Testing

/// Our MJCF models and task code against gymnasium's Hopper-v4, Walker2d-v4, HalfCheetah-v4 and
/// Ant-v4 on pip's mujoco 3.3.x (fixtures written by `tools/record_dynamics.py`).
struct DynamicsCheckTests {
    static let fixtures: [(file: String, task: LocomotionTask)] = [
        ("hopper-v4-dynamics.hdf5", .hopper), ("walker2d-v4-dynamics.hdf5", .walker2d),
        ("halfcheetah-v4-dynamics.hdf5", .halfCheetah), ("ant-v4-dynamics.hdf5", .ant),
    ]

    @Test("every recorded row's next observation and reward agree within 1e-4", arguments: fixtures)
    func agreesWithGymnasium(file: String, task: LocomotionTask) throws {
        let recording = try DynamicsRecording(contentsOf: Fixtures.path("dynamics/\(file)"))
        let check = try DynamicsCheck(recording: recording, task: task)
        let observation = check.observationErrors.max() ?? .infinity, reward = check.rewardErrors.max() ?? .infinity
        print("dynamics \(task.name) (MuJoCo \(Simulation.version)): \(recording.rowCount) rows, max observation error \(observation), max reward error \(reward)")
        #expect(recording.rowCount >= 300)
        #expect(check.rowsBeyond(1e-4).isEmpty, "rows beyond 1e-4: \(check.rowsBeyond(1e-4).prefix(10))")
    }
}
