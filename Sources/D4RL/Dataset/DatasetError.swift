import HDF5

/// Why a D4RL file could not be used. Each case prints as one line naming the
/// file, the key and, for bad values, the first bad row.
public enum DatasetError: Error, Equatable, CustomStringConvertible {
    /// The file is missing, not HDF5, truncated or unreadable.
    case unreadable(HDF5Error)
    /// A required key (e.g. `actions`) is absent.
    case missingKey(file: String, key: String)
    /// An array has the wrong number of dimensions.
    case wrongRank(file: String, key: String, shape: [Int], expected: String)
    /// A 2-D array has no columns (e.g. `observations` of shape (N, 0)).
    case noColumns(file: String, key: String, shape: [Int])
    /// An array's row count differs from `observations`.
    case lengthMismatch(file: String, key: String, rows: Int, expected: Int)
    /// An array's column count differs from what it must match.
    case dimensionMismatch(file: String, key: String, columns: Int, expected: Int)
    /// An array holds NaN or ±Inf; `row` is the first such row.
    case nonFinite(file: String, key: String, row: Int, value: Float)
    /// An array has a type that is not numeric.
    case unsupportedType(file: String, key: String, type: String)
    /// The arrays would not fit in `MemoryBudget` (or overflow any size).
    case tooLarge(file: String, what: String, reason: String)
    /// An option asks for data the file does not have (e.g. stored next observations).
    case unavailable(file: String, key: String, reason: String)
    /// A Minari dataset could not be used.
    case minari(MinariError)
    /// `qlearning_dataset` keeps no row of the file's `rows` (the last row and time-limit rows are dropped).
    case noTransitions(file: String, rows: Int)

    public var description: String {
        switch self {
        case .unreadable(let error):
            return error.description
        case .missingKey(let file, let key):
            return "\(file): missing required key '\(key)'"
        case .wrongRank(let file, let key, let shape, let expected):
            return "\(file): '\(key)' has shape \(shape), expected \(expected)"
        case .noColumns(let file, let key, let shape):
            return "\(file): '\(key)' has shape \(shape): no columns"
        case .lengthMismatch(let file, let key, let rows, let expected):
            return "\(file): '\(key)' has \(rows) rows but 'observations' has \(expected)"
        case .dimensionMismatch(let file, let key, let columns, let expected):
            return "\(file): '\(key)' has \(columns) columns, expected \(expected)"
        case .nonFinite(let file, let key, let row, let value):
            return "\(file): '\(key)' holds \(value) at row \(row) (first non-finite value)"
        case .unsupportedType(let file, let key, let type):
            return "\(file): '\(key)' has element type \(type), expected numbers"
        case .tooLarge(let file, let what, let reason):
            return "\(file): \(what) \(reason)"
        case .unavailable(let file, let key, let reason):
            return "\(file): '\(key)' is not available: \(reason)"
        case .minari(let error):
            return error.description
        case .noTransitions(let file, let rows):
            return "\(file): no q-learning transitions: qlearning_dataset drops the last row and every time-limit row, leaving none of \(rows) rows"
        }
    }
}
