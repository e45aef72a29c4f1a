import Foundation
import HDF5
import TestSupport
import Testing

/// `d4rl-inspect --verify-dynamics` on gymnasium's recordings, on copies with one reward or one
/// terminal flag tampered with, and on data that did not come from the simulator.
struct VerifyDynamicsToolTests {
    static let hopper = Fixtures.path("dynamics/hopper-v4-dynamics.hdf5")

    static func verify(_ arguments: [String]) throws -> ProcessResult {
        try Tool.run("d4rl-inspect", ["--verify-dynamics"] + arguments)
    }

    static func jsonReport(_ result: ProcessResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    }

    @Test("gymnasium's recording agrees: exit 0, every row within 1e-4, the robot taken from the file name")
    func recordingAgrees() throws {
        let result = try Self.verify([Self.hopper, "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let report = try Self.jsonReport(result)
        #expect(report["environment"] as? String == "Hopper" && report["gymnasium_id"] as? String == "Hopper-v4")
        #expect(report["rows"] as? Int == 428)
        #expect(report["rows_disagreeing"] as? Int == 0)
        #expect(report["terminal_mismatches"] as? Int == 0 && report["recorded_terminals"] as? Int == 29)
        let observation = try #require(report["observation_error"] as? [String: Double])
        #expect(observation["max"]! < 1e-4 && observation["median"]! <= observation["max"]!)
        #expect((report["mujoco_version"] as? String)?.isEmpty == false)

        let text = try Self.verify([Self.hopper])
        #expect(text.standardOutput.contains("terminal flag           differs in 0 rows (29 recorded terminal)"), "\(text.standardOutput)")
        #expect(text.standardOutput.contains("rows off: 0 of 428"), "\(text.standardOutput)")
    }

    @Test("the v5 recordings agree as v5, named by the file or by --env in any case; as v4 they disagree", arguments: [
        (["hopper-v5-dynamics.hdf5", "--env", "hopper-v5"], "Hopper-v5", 0), (["ant-v5-dynamics.hdf5"], "Ant-v5", 0),
        (["walker2d-v5-dynamics.hdf5", "--env", "Walker2d-v5"], "Walker2d-v5", 0), (["hopper-v5-dynamics.hdf5", "--env", "hopper"], "Hopper-v4", 1),
    ])
    func v5Recordings(arguments: [String], gymnasiumID: String, status: Int32) throws {
        let result = try Self.verify([Fixtures.path("dynamics/\(arguments[0])"), "--json"] + arguments.dropFirst())
        #expect(result.status == status, "\(result.standardError)")
        let report = try Self.jsonReport(result)
        #expect(report["gymnasium_id"] as? String == gymnasiumID)
        let disagreeing = try #require(report["rows_disagreeing"] as? Int)
        // As Hopper-v4, exactly the 29 terminal rows are off: v4 pays the healthy reward there.
        #expect(status == 0 ? disagreeing == 0 : disagreeing == report["recorded_terminals"] as? Int)
    }

    @Test("a reward changed by 1e-3 in one row is found in exactly that row, with exit status 1")
    func tamperedRowIsFound() throws {
        let directory = try TemporaryDirectory()
        let tampered = directory.path("hopper-tampered.hdf5")
        try copyRecording(from: Self.hopper, to: tampered) { rewards, _ in rewards[123] += 1e-3 }
        let result = try Self.verify([tampered, "--json"])
        #expect(result.status == 1)
        let report = try Self.jsonReport(result)
        #expect(report["first_rows_disagreeing"] as? [Int] == [123] && report["terminal_mismatches"] as? Int == 0)
        let reward = try #require(report["reward_error"] as? [String: Double])
        #expect(abs(reward["max"]! - 1e-3) < 1e-6)
    }

    @Test("a terminal flag cleared in row 24 (a recorded termination) is found in exactly that row, with exit status 1")
    func flippedTerminalIsFound() throws {
        let directory = try TemporaryDirectory()
        let tampered = directory.path("hopper-tampered.hdf5")
        try copyRecording(from: Self.hopper, to: tampered) { _, terminals in terminals[24] = false }
        let result = try Self.verify([tampered, "--json"])
        #expect(result.status == 1)
        let report = try Self.jsonReport(result)
        #expect(report["first_rows_disagreeing"] as? [Int] == [24])
        #expect(report["terminal_mismatches"] as? Int == 1 && report["recorded_terminals"] as? Int == 28)
        let text = try Self.verify([tampered])
        #expect(text.standardOutput.contains("differs in 1 rows") && text.standardOutput.contains("rows off: 1 of 428"), "\(text.standardOutput)")
    }

    @Test("data not produced by the simulator disagrees on most rows")
    func syntheticDataDisagrees() throws {
        let result = try Self.verify([Fixtures.path("d4rl/hopper-medium-v2-mini.hdf5"), "--json"])
        #expect(result.status == 1)
        let report = try Self.jsonReport(result)
        #expect((report["rows_disagreeing"] as? Int ?? 0) > 2000)
    }

    @Test("bad input: the wrong robot, an unknown name, no infos/qpos; one line and a non-zero exit", arguments: [
        ([hopper, "--env", "ant"], "columns"),
        ([hopper, "--env", "cartpole"], "unknown environment"),
        ([hopper, "--env", "hopper-v3"], "unknown environment 'hopper-v3'; pass --env with one of hopper, walker2d, halfcheetah, ant, hopper-v5"),
        ([Fixtures.path("dynamics/ant-v5-dynamics.hdf5"), "--env", "ant"], "'observations' has 105 columns but Ant-v4 has 111"),
        ([Fixtures.path("d4rl/antmaze-umaze-v0-mini.hdf5"), "--env", "ant"], "next_observations"),
    ])
    func badInput(arguments: [String], message: String) throws {
        let result = try Self.verify(arguments)
        #expect(result.status != 0)
        #expect(result.standardError.contains(message), "\(result.standardError)")
        #expect(result.standardError.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1)
    }

    /// Writes the keys a dynamics check reads, with `edit` applied to the rewards and terminals.
    private func copyRecording(from source: String, to destination: String, edit: (inout [Double], inout [Bool]) -> Void) throws {
        let input = try File(opening: source).root()
        try File.writeAtomically(to: destination) { output in
            let root = try output.root()
            for key in ["observations", "next_observations", "actions", "infos/qpos", "infos/qvel"] {
                let dataset = try input.dataset(key)
                try root.createDataset(key, values: try dataset.read(as: Double.self), shape: dataset.shape)
            }
            var rewards = try input.dataset("rewards").read(as: Double.self)
            var terminals = try input.dataset("terminals").read(as: Bool.self)
            edit(&rewards, &terminals)
            try root.createDataset("rewards", values: rewards)
            try root.createDataset("terminals", values: terminals)
            try root.createDataset("timeouts", values: try input.dataset("timeouts").read(as: Bool.self))
        }
    }
}
