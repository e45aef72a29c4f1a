import Core
import HDF5

extension D4RLDataset {
    /// The keys every D4RL file must have.
    public static let requiredKeys = ["observations", "actions", "rewards", "terminals"]

    /// Loads and validates a D4RL HDF5 file.
    ///
    /// Checks, in this order, each failure a one-line `DatasetError`: the file
    /// opens; the required keys exist; observations, actions and next
    /// observations are 2-D with at least one column, rewards, terminals and timeouts 1-D or (N, 1);
    /// every array has as many rows as `observations`; next observations have
    /// the observations' width; the arrays together fit in `MemoryBudget` (checked before
    /// anything is read); and, unless `requireFinite` is false, no observation, action, reward,
    /// next observation or float-stored terminal/timeout flag is NaN or ±Inf.
    /// - Parameters:
    ///   - requireFinite: false to load files with non-finite values (the inspector counts them;
    ///     NaN/Inf flags are then read as set and listed in `nonFiniteFlagRows`).
    ///   - readNextObservations: false to leave `next_observations` unread (nil), which training
    ///     with D4RL's default s′ = next row never needs; saves N × observationDim floats.
    public init(contentsOf path: String, requireFinite: Bool = true, readNextObservations: Bool = true) throws(DatasetError) {
        let root: Group
        do { root = try File(opening: path).root() } catch { throw .unreadable(error) }
        try self.init(root: root, requireFinite: requireFinite, readNextObservations: readNextObservations)
    }

    /// Loads and validates the D4RL arrays below `root` (see `init(contentsOf:)`).
    public init(root: Group, requireFinite: Bool = true, readNextObservations: Bool = true) throws(DatasetError) {
        let reader = _ArrayReader(root: root, file: root.location.file)
        let observations = try reader.matrix("observations")
        let rows = observations.shape[0], observationDim = observations.shape[1]
        let actions = try reader.matrix("actions", rows: rows)
        let rewards = try reader.vector("rewards", rows: rows)
        let terminals = try reader.vector("terminals", rows: rows)
        let timeouts = try reader.optional("timeouts") { () throws(DatasetError) in try reader.vector("timeouts", rows: rows) }
        let next = !readNextObservations ? nil : try reader.optional("next_observations") { () throws(DatasetError) in
            try reader.matrix("next_observations", rows: rows, columns: observationDim)
        }
        try reader.requireBudget(values: [observations, actions, rewards, next].compactMap { $0 }, as: Float.self,
                                 flags: [terminals, timeouts].compactMap { $0 })

        let values = (observations: try reader.values(observations, as: Float.self), actions: try reader.values(actions, as: Float.self),
                      rewards: try reader.values(rewards, as: Float.self),
                      next: try next.map { dataset throws(DatasetError) in try reader.values(dataset, as: Float.self) })
        let flags = (terminals: try reader.flags(terminals), timeouts: try timeouts.map { dataset throws(DatasetError) in try reader.flags(dataset) })
        var nonFiniteFlagRows: [String: [Int]] = [:]
        for (key, flag) in [("terminals", flags.terminals), ("timeouts", flags.timeouts)] {
            guard let flag, let first = flag.nonFiniteRows.first else { continue }
            if requireFinite { throw .nonFinite(file: reader.file, key: key, row: first, value: flag.nonFiniteValue) }
            nonFiniteFlagRows[key] = flag.nonFiniteRows
        }
        if requireFinite {
            try reader.requireFinite(values.observations, columns: observationDim, key: "observations")
            try reader.requireFinite(values.actions, columns: actions.shape[1], key: "actions")
            try reader.requireFinite(values.rewards, columns: 1, key: "rewards")
            if let next = values.next { try reader.requireFinite(next, columns: observationDim, key: "next_observations") }
        }
        self.init(
            name: DatasetName(root.location.file), observations: values.observations, observationDim: observationDim,
            actions: values.actions, actionDim: actions.shape[1], nextObservations: values.next,
            rewards: values.rewards, terminals: flags.terminals.values, timeouts: flags.timeouts?.values,
            nonFiniteFlagRows: nonFiniteFlagRows)
    }
}

/// Reads D4RL arrays with the shape checks of `D4RLDataset.init(contentsOf:)`: each array is
/// opened and checked first (`matrix`, `vector`), then read (`floats`, `flags`).
struct _ArrayReader {
    let root: Group
    let file: String

    /// A terminal or timeout flag array as read: the flags, and the rows whose stored (float)
    /// value was NaN or ±Inf (read as set, as `value != 0` would).
    struct Flags {
        var values: [Bool]
        var nonFiniteRows: [Int]
        /// The first non-finite stored value, for the message.
        var nonFiniteValue: Float
    }

    /// A 2-D numeric dataset of at least one column; `rows`/`columns` must match when given.
    func matrix(_ key: String, rows: Int? = nil, columns: Int? = nil) throws(DatasetError) -> Dataset {
        let dataset = try open(key)
        guard dataset.shape.count == 2 else {
            throw .wrongRank(file: file, key: key, shape: dataset.shape, expected: "(N, dim)")
        }
        guard dataset.shape[1] > 0 else { throw .noColumns(file: file, key: key, shape: dataset.shape) }
        try check(dataset, rows: rows)
        if let columns, dataset.shape[1] != columns {
            throw .dimensionMismatch(file: file, key: key, columns: dataset.shape[1], expected: columns)
        }
        return dataset
    }

    /// A 1-D numeric dataset, or an (N, 1) one (read flattened).
    func vector(_ key: String, rows: Int) throws(DatasetError) -> Dataset {
        let dataset = try open(key)
        guard dataset.shape.count == 1 || (dataset.shape.count == 2 && dataset.shape[1] == 1) else {
            throw .wrongRank(file: file, key: key, shape: dataset.shape, expected: "(N,) or (N, 1)")
        }
        try check(dataset, rows: rows)
        return dataset
    }

    /// Runs `open` when `key` exists, else returns nil.
    func optional<T>(_ key: String, _ open: () throws(DatasetError) -> T) throws(DatasetError) -> T? {
        try unreadable { () throws(HDF5Error) in try root.contains(key) } ? try open() : nil
    }

    /// Throws `.tooLarge` when the arrays, read as `T` (flags as `Bool`, float-stored flags also
    /// through a `Float` copy), would not fit in `MemoryBudget` together.
    func requireBudget<T>(values: [Dataset], as type: T.Type, flags: [Dataset]) throws(DatasetError) {
        var total = 0, overflow = false
        func add(_ count: Int, _ bytes: Int) {
            let (product, multiplied) = count.multipliedReportingOverflow(by: bytes)
            let (sum, added) = total.addingReportingOverflow(product)
            overflow = overflow || multiplied || added
            total = sum
        }
        for dataset in values { add(dataset.elementCount, MemoryLayout<T>.stride) }
        for dataset in flags {
            add(dataset.elementCount, dataset.elementType.isFloat ? MemoryLayout<Float>.stride + 1 : 1)
        }
        if let reason = MemoryBudget.refusal(overflow ? nil : total) {
            let arrays = (values + flags).map { "'\($0.path.dropFirst())' \($0.declaration)" }.joined(separator: ", ")
            throw .tooLarge(file: file, what: arrays, reason: reason)
        }
    }

    func values<T: HDF5Scalar>(_ dataset: Dataset, as type: T.Type) throws(DatasetError) -> [T] {
        try unreadable { () throws(HDF5Error) in try dataset.read(as: T.self) }
    }

    /// Flags as `value != 0`; float-stored ones are read as `Float` first so that NaN and ±Inf
    /// are found rather than silently counted as set.
    func flags(_ dataset: Dataset) throws(DatasetError) -> Flags {
        guard dataset.elementType.isFloat else {
            return Flags(values: try unreadable { () throws(HDF5Error) in try dataset.read(as: Bool.self) }, nonFiniteRows: [], nonFiniteValue: 0)
        }
        let stored = try values(dataset, as: Float.self)
        let bad = stored.indices.filter { !stored[$0].isFinite }
        return Flags(values: stored.map { $0 != 0 }, nonFiniteRows: bad, nonFiniteValue: bad.first.map { stored[$0] } ?? 0)
    }

    /// Throws `.nonFinite` naming the first row holding NaN or ±Inf.
    func requireFinite<T: BinaryFloatingPoint>(_ values: [T], columns: Int, key: String) throws(DatasetError) {
        guard let index = values.firstIndex(where: { !$0.isFinite }) else { return }
        throw .nonFinite(file: file, key: key, row: index / max(columns, 1), value: Float(values[index]))
    }

    private func open(_ key: String) throws(DatasetError) -> Dataset {
        guard try unreadable({ () throws(HDF5Error) in try root.contains(key) }) else {
            throw .missingKey(file: file, key: key)
        }
        let dataset = try unreadable { () throws(HDF5Error) in try root.dataset(key) }
        guard dataset.elementType.isNumeric else {
            throw .unsupportedType(file: file, key: key, type: dataset.elementType.description)
        }
        return dataset
    }

    private func check(_ dataset: Dataset, rows: Int?) throws(DatasetError) {
        if let rows, dataset.shape[0] != rows {
            throw .lengthMismatch(file: file, key: String(dataset.path.dropFirst()), rows: dataset.shape[0], expected: rows)
        }
    }

    /// Runs an HDF5 operation, reporting its failure as `DatasetError.unreadable`.
    private func unreadable<T>(_ body: () throws(HDF5Error) -> T) throws(DatasetError) -> T {
        do { return try body() } catch { throw .unreadable(error) }
    }
}
