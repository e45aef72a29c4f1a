import D4RL
import Environments
import HDF5
import TestSupport
import Testing

/// Our termination thresholds against the recordings' own account of why each row ended:
/// `infos/termination_reason` (bit i: condition i of `metadata/termination_conditions` failed in
/// the state after the step, `infos/next_qpos` and `infos/next_qvel`), and whether the crafted
/// rows, which end their step within 1e-6 of a threshold on either side, pin every threshold.
struct HealthConditionTests {
    /// What a recording says about each row's termination, read with the HDF5 module.
    struct Terminations {
        /// The condition names, in bit order.
        var names: [String]
        var reasons: [Int]
        var terminals: [Bool]
        var nextQpos: [[Double]]
        var nextQvel: [[Double]]

        init(_ file: String) throws {
            let root = try File(opening: Fixtures.path("dynamics/\(file)")).root()
            names = try Self.names(root.dataset("metadata/termination_conditions").readString())
            reasons = try root.dataset("infos/termination_reason").read(as: Int8.self).map(Int.init)
            terminals = try root.dataset("terminals").read(as: Bool.self)
            nextQpos = try Self.rows(root.dataset("infos/next_qpos"))
            nextQvel = try Self.rows(root.dataset("infos/next_qvel"))
        }

        /// `bit 0 (1) state_low: healthy while …; bit 1 (2) …` → `["state_low", …]`; none for
        /// HalfCheetah's `none (never terminates)`.
        static func names(_ text: String) throws -> [String] {
            guard text.hasPrefix("bit ") else { return [] }
            let parts = text.split(separator: "; ").map { $0.split(separator: " ") }
            try #require(parts.map { $0.count > 3 ? Int($0[1]) : nil } == Array(0..<parts.count).map { $0 }, "\(text)")
            return parts.map { String($0[3].dropLast()) }
        }

        static func rows(_ dataset: Dataset) throws -> [[Double]] {
            let values = try dataset.read(as: Double.self), width = dataset.shape[1]
            return stride(from: 0, to: values.count, by: width).map { Array(values[$0..<$0 + width]) }
        }

        /// Rows whose simulated termination under `task` differs from the recorded flag.
        func mismatches(_ task: LocomotionTask) -> Int {
            terminals.indices.filter { task.isHealthy(qpos: nextQpos[$0], qvel: nextQvel[$0]) == terminals[$0] }.count
        }
    }

    static let recordings: [(task: LocomotionTask, file: String)] = [
        (.hopper, "hopper-v4-dynamics.hdf5"), (.walker2d, "walker2d-v4-dynamics.hdf5"),
        (.halfCheetah, "halfcheetah-v4-dynamics.hdf5"), (.ant, "ant-v4-dynamics.hdf5"),
        (.hopperV5, "hopper-v5-dynamics.hdf5"), (.walker2dV5, "walker2d-v5-dynamics.hdf5"),
        (.halfCheetahV5, "halfcheetah-v5-dynamics.hdf5"), (.antV5, "ant-v5-dynamics.hdf5"),
    ]

    /// Bit i set when condition i fails in (qpos, qvel).
    static func reason(_ task: LocomotionTask, qpos: [Double], qvel: [Double]) -> Int {
        task.healthConditions.enumerated().reduce(0) { $0 | ($1.element.holds(qpos: qpos, qvel: qvel) ? 0 : 1 << $1.offset) }
    }

    @Test("our conditions fail in exactly the recorded rows, for exactly the recorded reasons", arguments: recordings)
    func reasonsAgree(task: LocomotionTask, file: String) throws {
        let recorded = try Terminations(file)
        #expect(recorded.names == task.healthConditions.map(\.name))
        let ours = recorded.reasons.indices.map { Self.reason(task, qpos: recorded.nextQpos[$0], qvel: recorded.nextQvel[$0]) }
        let differing = ours.indices.filter { ours[$0] != recorded.reasons[$0] }
        #expect(differing.isEmpty, "rows \(differing.prefix(10)): ours \(differing.prefix(10).map { ours[$0] })")
        #expect(recorded.reasons.map { $0 != 0 } == recorded.terminals)
    }

    /// Conditions no gymnasium step can break, so no recording holds a row that breaks them:
    /// `mj_step` resets a state holding NaN, ±∞ or a value beyond 10¹⁰ before it steps.
    static let unreachable: Set<String> = ["Ant-v4 nonfinite", "Ant-v5 nonfinite"]

    @Test("every reachable condition ends at least one recorded episode", arguments: recordings)
    func everyConditionIsHit(task: LocomotionTask, file: String) throws {
        let recorded = try Terminations(file)
        for (bit, condition) in task.healthConditions.enumerated() {
            let rows = recorded.reasons.filter { $0 & (1 << bit) != 0 }.count
            print("\(task.gymnasiumID) \(condition): fails in \(rows) recorded rows")
            let reachable = !Self.unreachable.contains("\(task.gymnasiumID) \(condition.name)")
            #expect(reachable ? rows > 0 : rows == 0, "\(task.gymnasiumID) \(condition.name): \(rows) rows")
        }
    }

    @Test("Ant's finiteness condition fails on NaN or ±∞ anywhere in the state; a NaN fails every inequality")
    func nonFiniteStates() {
        let finite = LocomotionTask.ant.healthConditions[0]
        let qpos: [Double] = [0, 0, 0.75, 1, 0, 0, 0] + Array(repeating: 0, count: 8), qvel = [Double](repeating: 0, count: 14)
        #expect(finite.name == "nonfinite" && finite.holds(qpos: qpos, qvel: qvel))
        for (index, value) in [(0, Double.nan), (20, .infinity), (28, -.infinity)] {
            var state = qpos + qvel
            state[index] = value
            #expect(!finite.holds(qpos: Array(state[..<15]), qvel: Array(state[15...])), "state[\(index)] = \(value)")
        }
        let inequalities: [LocomotionTask.HealthCondition.Inequality] = [.greaterThan(0), .atLeast(0), .lessThan(0), .atMost(0), .finite]
        #expect(inequalities.allSatisfy { !$0.admits(.nan) })
        let nanHeight = [0, .nan, 0, 0, 0, 0], still = [Double](repeating: 0, count: 6)
        #expect(LocomotionTask.hopper.healthConditions.filter { !$0.holds(qpos: nanHeight, qvel: still) }.map(\.name) == ["z_low"])
    }

    @Test("moving any threshold by 2e-6 (or 1e-2) either way makes some recorded terminal flags differ", arguments: recordings)
    func thresholdsArePinned(task: LocomotionTask, file: String) throws {
        let recorded = try Terminations(file)
        #expect(recorded.mismatches(task) == 0)
        for condition in task.healthConditions where condition.inequality.threshold != nil {
            let counts = [-1e-2, -2e-6, 2e-6, 1e-2].map { recorded.mismatches(task.moving(condition.name, by: $0)) }
            print("\(task.gymnasiumID) \(condition) moved by −1e-2, −2e-6, +2e-6, +1e-2: \(counts) terminal flags differ")
            #expect(counts.allSatisfy { $0 > 0 }, "\(task.gymnasiumID) \(condition): \(counts)")
        }
    }

    @Test("through the simulator: a threshold off by 2e-6 is a terminal mismatch of the dynamics check", arguments: [
        (LocomotionTask.hopper, "hopper-v4-dynamics.hdf5", "z_low"), (.walker2dV5, "walker2d-v5-dynamics.hdf5", "angle_high"),
        (.antV5, "ant-v5-dynamics.hdf5", "z_low"),
    ])
    func simulatedThresholdIsPinned(task: LocomotionTask, file: String, condition: String) throws {
        let recording = try DynamicsRecording(contentsOf: Fixtures.path("dynamics/\(file)"))
        for delta in [-2e-6, 2e-6] {
            let check = try DynamicsCheck(recording: recording, task: task.moving(condition, by: delta))
            #expect(check.terminalMismatchCount > 0, "\(task.gymnasiumID) \(condition) moved by \(delta)")
        }
    }
}

extension LocomotionTask {
    /// The task with condition `name`'s threshold moved by `delta`.
    fileprivate func moving(_ name: String, by delta: Double) -> LocomotionTask {
        var task = self
        task.healthConditions = healthConditions.map { condition in
            var moved = condition
            if condition.name == name { moved.inequality = condition.inequality.moved(by: delta) }
            return moved
        }
        return task
    }
}

extension LocomotionTask.HealthCondition.Inequality {
    /// The threshold, or nil for `.finite`.
    fileprivate var threshold: Double? {
        switch self {
        case .greaterThan(let t), .atLeast(let t), .lessThan(let t), .atMost(let t): t
        case .finite: nil
        }
    }

    /// The same test with the threshold moved by `delta`.
    fileprivate func moved(by delta: Double) -> Self {
        switch self {
        case .greaterThan(let t): .greaterThan(t + delta)
        case .atLeast(let t): .atLeast(t + delta)
        case .lessThan(let t): .lessThan(t + delta)
        case .atMost(let t): .atMost(t + delta)
        case .finite: .finite
        }
    }
}
