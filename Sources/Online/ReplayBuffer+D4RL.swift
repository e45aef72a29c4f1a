import Core
import D4RL
import Environments

extension ReplayBuffer {
    /// How many appends came before the oldest row held: 0 until the buffer wraps.
    public var firstHeld: Int { appended - count }

    /// Writes the rows held, oldest first, in D4RL's layout (`D4RLDataset.write`: observations,
    /// actions, rewards, next_observations, terminals, timeouts; atomically), as D4RL's
    /// medium-replay files hold a SAC run's buffer. `terminals` are the terminations; `timeouts`
    /// the time-limit truncations and the last row when its episode was still running, so that
    /// every episode of the file ends in one or the other.
    ///
    /// - Parameters:
    ///   - metadata: `metadata/*` entries (the run: algorithm, environment, seed, steps).
    ///   - appendedBefore: only the rows appended before this many appends (D4RL's medium-replay
    ///     ends where the medium policy was saved); nil: every row held.
    /// - Throws: `DatasetWriteError.fileExists` when `path` exists and `overwrite` is false.
    /// - Precondition: `appendedBefore` is in `firstHeld + 1 ... appended`.
    public func writeD4RL(to path: String, metadata: [(key: String, value: MetadataValue)], overwrite: Bool,
                          appendedBefore limit: Int? = nil) throws(DatasetWriteError) {
        let limit = limit ?? appended
        precondition(limit > firstHeld && limit <= appended, "ReplayBuffer: rows before \(limit) are not in \(firstHeld)..<\(appended)")
        let rows = Array(chronologicalRows.prefix(limit - firstHeld)), (o, a) = (observationDim, actionDim)
        func gather(_ values: [Float], _ width: Int) -> [Float] {
            rows.flatMap { values[$0 * width..<($0 + 1) * width] }
        }
        let terminals = rows.map { masks[$0] == 0 }
        var timeouts = rows.map { truncations[$0] }
        if let last = rows.indices.last, !terminals[last] { timeouts[last] = true }
        let dataset = D4RLDataset(
            name: DatasetName(path), observations: gather(observations, o), observationDim: o, actions: gather(actions, a), actionDim: a,
            nextObservations: gather(nextObservations, o), rewards: rows.map { rewards[$0] }, terminals: terminals, timeouts: timeouts)
        try dataset.write(to: path, metadata: metadata, overwrite: overwrite)
    }
}
