import D4RL
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
    /// `infos/qpos` and `infos/qvel`.
    /// - Throws: `DatasetError` naming the file and the missing or misshapen key.
    public init(contentsOf path: String) throws(DatasetError) {
        let dataset = try D4RLDataset(contentsOf: path)
        guard dataset.nextObservations != nil else { throw .missingKey(file: path, key: "next_observations") }
        let file = try Self.unreadable { () throws(HDF5Error) in try File(opening: path).root() }
        func matrix(_ key: String, columns: Int? = nil) throws(DatasetError) -> (values: [Double], columns: Int) {
            guard try Self.unreadable({ () throws(HDF5Error) in try file.contains(key) }) else {
                throw .missingKey(file: path, key: key)
            }
            let stored = try Self.unreadable { () throws(HDF5Error) in try file.dataset(key) }
            guard stored.shape.count == 2 || (stored.shape.count == 1 && columns == 1) else {
                throw .wrongRank(file: path, key: key, shape: stored.shape, expected: "(rows, columns)")
            }
            guard stored.rowCount == dataset.rowCount else {
                throw .lengthMismatch(file: path, key: key, rows: stored.rowCount, expected: dataset.rowCount)
            }
            let width = stored.shape.count == 2 ? stored.shape[1] : 1
            if let columns, width != columns { throw .dimensionMismatch(file: path, key: key, columns: width, expected: columns) }
            return (try Self.unreadable { () throws(HDF5Error) in try stored.read(as: Double.self) }, width)
        }
        name = dataset.name
        rowCount = dataset.rowCount
        observationDim = dataset.observationDim
        actionDim = dataset.actionDim
        observations = try matrix("observations").values
        nextObservations = try matrix("next_observations").values
        actions = try matrix("actions").values
        rewards = try matrix("rewards", columns: 1).values
        (qpos, positionCount) = try matrix("infos/qpos")
        (qvel, velocityCount) = try matrix("infos/qvel")
        terminals = dataset.terminals
        timeouts = dataset.timeouts ?? [Bool](repeating: false, count: rowCount)
    }

    /// The number of rows recorded as terminal.
    public var terminalCount: Int { terminals.filter { $0 }.count }

    /// Whether row `row` continues the episode of row `row − 1`: that row ended no episode and
    /// its stored next observation is exactly this row's observation.
    public func continuesPreviousRow(_ row: Int) -> Bool {
        guard row > 0, !terminals[row - 1], !timeouts[row - 1] else { return false }
        return slice(nextObservations, row - 1, observationDim) == slice(observations, row, observationDim)
    }

    /// Row `row` of a row-major matrix with `columns` columns.
    func slice(_ values: [Double], _ row: Int, _ columns: Int) -> [Double] {
        Array(values[row * columns..<(row + 1) * columns])
    }

    private static func unreadable<T>(_ body: () throws(HDF5Error) -> T) throws(DatasetError) -> T {
        do { return try body() } catch { throw .unreadable(error) }
    }
}
