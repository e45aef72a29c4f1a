import Core
import D4RL
import Foundation

/// Whether a simulator reproduces a dataset: every recorded state is set, the recorded action
/// applied for one environment step, and the next observation, reward and termination compared
/// with the recorded ones.
///
/// For row i with state (qpos_i, qvel_i) and action a_i:
///
///     observation error_i = maxⱼ |ŝ′_ij − s′_ij|,   reward error_i = |r̂_i − r_i|,
///     terminal mismatch_i = (the simulated step terminates) ≠ terminals_i
///
/// When row i continues row i − 1's episode, row i − 1 is replayed first and only then is the
/// recorded state of row i written over the result. That leaves MuJoCo's derived quantities as
/// the original rollout had them: the solver's warm start, and the body positions of the last
/// kinematics pass, from which Ant's reward measures the torso's progress (gymnasium and
/// mujoco-py read them after a step, one physics step old). An episode's first row starts
/// from `setState` (MuJoCo reset + forward), as gymnasium's reset does.
///
///     let check = try DynamicsCheck(recording: DynamicsRecording(contentsOf: "hopper-v4-dynamics.hdf5"), task: .hopper)
///     check.observationErrors.max()   // 1e-12 when the models agree
public struct DynamicsCheck: Sendable {
    public var task: LocomotionTask
    /// maxⱼ |ŝ′ − s′| of each row.
    public var observationErrors: [Double]
    /// |r̂ − r| of each row.
    public var rewardErrors: [Double]
    /// Whether each row's simulated termination differs from its recorded `terminals` flag.
    public var terminalMismatches: [Bool]

    /// Replays every row, on every core (one simulation per worker).
    /// - Throws: `DynamicsCheckError` when the recording's widths do not fit the task's model,
    ///   `SimulationError` when the model cannot be loaded.
    public init(recording: DynamicsRecording, task: LocomotionTask) throws {
        try Self.checkWidths(recording, LocomotionEnvironment(task))
        self.task = task
        let errors = try Parallel.map(count: recording.rowCount, makeContext: { try LocomotionEnvironment(task) }) { row, environment in
            Self.replay(row, of: recording, in: environment)
        }
        observationErrors = errors.map(\.observation)
        rewardErrors = errors.map(\.reward)
        terminalMismatches = errors.map(\.terminalMismatch)
    }

    /// Rows that disagree: observation or reward error beyond `tolerance`, or a terminal mismatch.
    public func disagreeingRows(tolerance: Double) -> [Int] {
        observationErrors.indices.filter {
            observationErrors[$0] > tolerance || rewardErrors[$0] > tolerance || terminalMismatches[$0]
        }
    }

    /// The errors of row `row`: set its state (after replaying the previous row of its episode),
    /// step with its action, compare.
    static func replay(_ row: Int, of recording: DynamicsRecording, in environment: LocomotionEnvironment)
        -> (observation: Double, reward: Double, terminalMismatch: Bool)
    {
        let qpos = recording.qpos(row), qvel = recording.qvel(row)
        if recording.continuesPreviousRow(row) {
            environment.setState(qpos: recording.qpos(row - 1), qvel: recording.qvel(row - 1))
            _ = environment.advance(recording.action(row - 1))
            environment.simulation.qpos = qpos
            environment.simulation.qvel = qvel
        } else {
            environment.setState(qpos: qpos, qvel: qvel)
        }
        let outcome = environment.advance(recording.action(row))
        let expected = recording.nextObservation(row)
        let observationError = zip(outcome.observation, expected).map { abs($0 - $1) }.max() ?? 0
        return (observationError.isNaN ? .infinity : observationError, abs(outcome.reward - recording.rewards[row]),
                outcome.terminated != recording.terminals[row])
    }

    private static func checkWidths(_ recording: DynamicsRecording, _ environment: LocomotionEnvironment) throws(DynamicsCheckError) {
        let simulation = environment.simulation
        let widths = [("infos/qpos", recording.positionCount, simulation.positionCount),
                      ("infos/qvel", recording.velocityCount, simulation.velocityCount),
                      ("observations", recording.observationDim, environment.observationDim),
                      ("actions", recording.actionDim, environment.actionDim)]
        for (key, found, expected) in widths where found != expected {
            throw DynamicsCheckError(task: environment.task.gymnasiumID, key: key, found: found, expected: expected)
        }
    }
}
