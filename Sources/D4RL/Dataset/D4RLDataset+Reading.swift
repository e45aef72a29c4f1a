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
    /// the observations' width; and, unless `requireFinite` is false, no
    /// observation, action, reward or next observation is NaN or ±Inf.
    /// - Parameters:
    ///   - requireFinite: false to load files with non-finite values (the inspector counts them).
    ///   - readNextObservations: false to leave `next_observations` unread (nil), which training
    ///     with D4RL's default s′ = next row never needs; saves N × observationDim floats.
    public init(contentsOf path: String, requireFinite: Bool = true, readNextObservations: Bool = true) throws(DatasetError) {
        let root: Group
        do { root = try File(opening: path).root() } catch { throw .unreadable(error) }
        let reader = _ArrayReader(root: root, file: path)

        let (observations, observationDim) = try reader.matrix("observations")
        let rows = observations.count / observationDim
        let (actions, actionDim) = try reader.matrix("actions", rows: rows)
        let rewards = try reader.vector("rewards", as: Float.self, rows: rows)
        let terminals = try reader.vector("terminals", as: Bool.self, rows: rows)
        let timeouts = try reader.optional("timeouts") { () throws(DatasetError) in try reader.vector("timeouts", as: Bool.self, rows: rows) }
        let nextObservations = !readNextObservations ? nil : try reader.optional("next_observations") { () throws(DatasetError) in
            try reader.matrix("next_observations", rows: rows, columns: observationDim).values
        }
        if requireFinite {
            try reader.requireFinite(observations, columns: observationDim, key: "observations")
            try reader.requireFinite(actions, columns: actionDim, key: "actions")
            try reader.requireFinite(rewards, columns: 1, key: "rewards")
            if let nextObservations {
                try reader.requireFinite(nextObservations, columns: observationDim, key: "next_observations")
            }
        }
        self.init(
            name: DatasetName(path), observations: observations, observationDim: observationDim,
            actions: actions, actionDim: actionDim, nextObservations: nextObservations,
            rewards: rewards, terminals: terminals, timeouts: timeouts)
    }
}

/// Reads D4RL arrays with the shape checks of `D4RLDataset.init(contentsOf:)`.
struct _ArrayReader {
    let root: Group
    let file: String

    /// A 2-D float array of at least one column and its width; `rows`/`columns` must match when given.
    func matrix(_ key: String, rows: Int? = nil, columns: Int? = nil) throws(DatasetError) -> (values: [Float], columns: Int) {
        let dataset = try open(key)
        guard dataset.shape.count == 2 else {
            throw .wrongRank(file: file, key: key, shape: dataset.shape, expected: "(N, dim)")
        }
        guard dataset.shape[1] > 0 else { throw .noColumns(file: file, key: key, shape: dataset.shape) }
        try check(dataset, rows: rows)
        if let columns, dataset.shape[1] != columns {
            throw .dimensionMismatch(file: file, key: key, columns: dataset.shape[1], expected: columns)
        }
        return (try read(dataset, as: Float.self), dataset.shape[1])
    }

    /// A 1-D array, or an (N, 1) one flattened.
    func vector<T: HDF5Scalar>(_ key: String, as type: T.Type, rows: Int) throws(DatasetError) -> [T] {
        let dataset = try open(key)
        guard dataset.shape.count == 1 || (dataset.shape.count == 2 && dataset.shape[1] == 1) else {
            throw .wrongRank(file: file, key: key, shape: dataset.shape, expected: "(N,) or (N, 1)")
        }
        try check(dataset, rows: rows)
        return try read(dataset, as: T.self)
    }

    /// Runs `read` when `key` exists, else returns nil.
    func optional<T>(_ key: String, _ read: () throws(DatasetError) -> T) throws(DatasetError) -> T? {
        try unreadable { () throws(HDF5Error) in try root.contains(key) } ? try read() : nil
    }

    /// Throws `.nonFinite` naming the first row holding NaN or ±Inf.
    func requireFinite(_ values: [Float], columns: Int, key: String) throws(DatasetError) {
        guard let index = values.firstIndex(where: { !$0.isFinite }) else { return }
        throw .nonFinite(file: file, key: key, row: index / max(columns, 1), value: values[index])
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

    private func read<T: HDF5Scalar>(_ dataset: Dataset, as type: T.Type) throws(DatasetError) -> [T] {
        try unreadable { () throws(HDF5Error) in try dataset.read(as: T.self) }
    }

    /// Runs an HDF5 operation, reporting its failure as `DatasetError.unreadable`.
    private func unreadable<T>(_ body: () throws(HDF5Error) -> T) throws(DatasetError) -> T {
        do { return try body() } catch { throw .unreadable(error) }
    }
}
