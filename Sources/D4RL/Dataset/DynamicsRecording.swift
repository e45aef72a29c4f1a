import Core
import HDF5

/// The arrays of a D4RL-layout file that a dynamics check replays, in double precision:
/// each row's simulator state (`infos/qpos`, `infos/qvel`), action, reward and next observation.
public struct DynamicsRecording: Sendable {
    public var name: DatasetName
    public var rowCount: Int
    public var observationDim: Int
    public var actionDim: Int
    /// Rows × observationDim.
    public var observations: [Double]
    /// Rows × observationDim: the recorded s′ of each row.
    public var nextObservations: [Double]
    /// Rows × actionDim.
    public var actions: [Double]
    public var rewards: [Double]
    /// Rows × nq: the state each row's observation was taken in.
    public var qpos: [Double]
    /// Rows × nv.
    public var qvel: [Double]
    public var positionCount: Int
    public var velocityCount: Int
    /// Whether the environment terminated after row i's step (`terminals`).
    public var terminals: [Bool]
    /// Whether row i's episode was cut by the time limit (`timeouts`; all false when absent).
    public var timeouts: [Bool]

    /// Reads `observations`, `actions`, `rewards`, `next_observations`, `terminals`, `timeouts`,
    /// `infos/qpos` and `infos/qvel` in one pass, with the shape checks of `D4RLDataset`, the
    /// arrays' total size checked against `MemoryBudget` before any is read, and no NaN or ±Inf.
    /// - Throws: `DatasetError` naming the file and the missing, misshapen or non-finite key.
    public init(contentsOf path: String) throws(DatasetError) {
        let root: Group
        do { root = try File(opening: path).root() } catch { throw .unreadable(error) }
        let reader = _ArrayReader(root: root, file: path)
        let observations = try reader.matrix("observations")
        let rows = observations.shape[0], observationDim = observations.shape[1]
        let actions = try reader.matrix("actions", rows: rows)
        let rewards = try reader.vector("rewards", rows: rows)
        let terminals = try reader.vector("terminals", rows: rows)
        let timeouts = try reader.optional("timeouts") { () throws(DatasetError) in try reader.vector("timeouts", rows: rows) }
        guard let next = try reader.optional("next_observations", { () throws(DatasetError) in
            try reader.matrix("next_observations", rows: rows, columns: observationDim)
        }) else { throw .missingKey(file: path, key: "next_observations") }
        let qpos = try reader.matrix("infos/qpos", rows: rows), qvel = try reader.matrix("infos/qvel", rows: rows)
        let doubles = [observations, next, actions, rewards, qpos, qvel]
        try reader.requireBudget(values: doubles, as: Double.self, flags: [terminals, timeouts].compactMap { $0 })
        var values: [[Double]] = []
        for (dataset, width) in zip(doubles, doubles.map { $0.shape.count == 2 ? $0.shape[1] : 1 }) {
            values.append(try reader.values(dataset, as: Double.self))
            try reader.requireFinite(values[values.count - 1], columns: width, key: String(dataset.path.dropFirst()))
        }
        let flags = try [terminals, timeouts].compactMap { $0 }.map { dataset throws(DatasetError) in
            let read = try reader.flags(dataset)
            if let row = read.nonFiniteRows.first {
                throw .nonFinite(file: path, key: String(dataset.path.dropFirst()), row: row, value: read.nonFiniteValue)
            }
            return read.values
        }
        name = DatasetName(path)
        rowCount = rows
        self.observationDim = observationDim
        actionDim = actions.shape[1]
        (self.observations, nextObservations, self.actions, self.rewards, self.qpos, self.qvel) =
            (values[0], values[1], values[2], values[3], values[4], values[5])
        positionCount = qpos.shape[1]
        velocityCount = qvel.shape[1]
        self.terminals = flags[0]
        self.timeouts = timeouts == nil ? [Bool](repeating: false, count: rows) : flags[1]
    }

    /// The number of rows recorded as terminal.
    public var terminalCount: Int { terminals.filter { $0 }.count }

    /// Whether row `row` continues the episode of row `row − 1`: that row ended no episode and
    /// its stored next observation is exactly this row's observation.
    public func continuesPreviousRow(_ row: Int) -> Bool {
        guard row > 0, !terminals[row - 1], !timeouts[row - 1] else { return false }
        return nextObservation(row - 1) == Self.row(row, of: observations, columns: observationDim)
    }

    /// The state row `row`'s step started from.
    public func qpos(_ row: Int) -> [Double] { Self.row(row, of: qpos, columns: positionCount) }
    public func qvel(_ row: Int) -> [Double] { Self.row(row, of: qvel, columns: velocityCount) }
    /// Row `row`'s action and recorded next observation.
    public func action(_ row: Int) -> [Double] { Self.row(row, of: actions, columns: actionDim) }
    public func nextObservation(_ row: Int) -> [Double] { Self.row(row, of: nextObservations, columns: observationDim) }

    private static func row(_ row: Int, of values: [Double], columns: Int) -> [Double] {
        Array(values[row * columns..<(row + 1) * columns])
    }
}
