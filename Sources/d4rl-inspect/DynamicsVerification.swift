import Core
import ArgumentParser
import D4RL
import Environments
import Foundation

/// `d4rl-inspect --verify-dynamics`: replays a file's recorded states and actions in our
/// simulator and reports how far the next observations and rewards land from the recorded ones,
/// and in how many rows the simulated termination differs from the recorded `terminals` flag.
struct DynamicsVerification {
    var file: String
    var environment: String?
    var tolerance: Double
    var json: Bool

    /// Prints the report.
    /// - Throws: `ExitCode.failure` when any row disagrees (beyond the tolerance, or in its terminal flag).
    func run() throws {
        let recording = try DynamicsRecording(contentsOf: file)
        let task = try resolveTask(recording.name)
        let check = try DynamicsCheck(recording: recording, task: task)
        let disagreeing = check.disagreeingRows(tolerance: tolerance)
        print(json ? jsonReport(check, recording, disagreeing) : textReport(check, recording, disagreeing))
        if !disagreeing.isEmpty { throw ExitCode.failure }
    }

    private func resolveTask(_ name: DatasetName) throws -> LocomotionTask {
        let given = environment ?? name.name
        guard let task = LocomotionTask.named(given) else {
            let reason = environment == nil ? "cannot tell the robot from the file name '\(name)'" : "unknown environment '\(given)'"
            throw UnknownEnvironment(description: "\(reason); pass --env with one of \(LocomotionTask.knownNames)")
        }
        return task
    }

    private func textReport(_ check: DynamicsCheck, _ recording: DynamicsRecording, _ disagreeing: [Int]) -> String {
        let observation = check.observationSummary, reward = check.rewardSummary
        let verdict = disagreeing.isEmpty
            ? "this simulator reproduces the data"
            : "first rows: \(disagreeing.prefix(10).map(String.init).joined(separator: ", "))"
        return """
            dynamics check: \(recording.name) as \(check.task.gymnasiumID) (MuJoCo \(Simulation.version)), \(recording.rowCount) rows
              next observation error  max \(format(observation.max))  median \(format(observation.median))
              reward error            max \(format(reward.max))  median \(format(reward.median))
              terminal flag           differs in \(check.terminalMismatchCount) rows (\(recording.terminalCount) recorded terminal)
              rows off: \(disagreeing.count) of \(recording.rowCount) (error beyond \(format(tolerance)) or another terminal flag); \(verdict)
            """
    }

    private func jsonReport(_ check: DynamicsCheck, _ recording: DynamicsRecording, _ disagreeing: [Int]) -> String {
        let observation = check.observationSummary, reward = check.rewardSummary
        let report: [String: Any] = [
            "file": file, "environment": check.task.name, "gymnasium_id": check.task.gymnasiumID,
            "mujoco_version": Simulation.version,
            "rows": recording.rowCount, "tolerance": tolerance, "rows_disagreeing": disagreeing.count,
            "first_rows_disagreeing": Array(disagreeing.prefix(10)),
            "terminal_mismatches": check.terminalMismatchCount, "recorded_terminals": recording.terminalCount,
            "observation_error": ["max": observation.max, "median": observation.median],
            "reward_error": ["max": reward.max, "median": reward.median],
        ]
        let data = try! JSONSerialization.data(withJSONObject: report, options: [.sortedKeys, .prettyPrinted])
        return String(decoding: data, as: UTF8.self)
    }

    private func format(_ value: Double) -> String { String(format: "%.3g", value) }
}

/// No locomotion task matches the given or inferred name.
struct UnknownEnvironment: Error, CustomStringConvertible {
    var description: String
}
