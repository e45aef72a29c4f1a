import Core
import Foundation
import HDF5

/// A value stored under `metadata/` of a D4RL-layout file.
public enum MetadataValue: Sendable, Equatable {
    /// Fixed-length, null-padded bytes (h5py's `numpy.bytes_`), as D4RL stores `metadata/algorithm`.
    case bytes(String)
    /// Variable-length UTF-8 (h5py's `str`).
    case text(String)
    /// A scalar uint64.
    case unsigned(UInt64)
    /// An int64 array (contiguous).
    case integers([Int64])
    /// A float64 array (contiguous).
    case reals([Double])
}

extension D4RLDataset {
    /// Writes the dataset in D4RL's layout (SPEC §1), atomically (`File.writeAtomically`).
    ///
    /// | key | shape | dtype |
    /// |---|---|---|
    /// | observations, next_observations (when present) | (N, D) | float32 |
    /// | actions | (N, A) | float32 |
    /// | rewards | (N,) | float32 |
    /// | terminals, timeouts (when present) | (N,) | h5py bool enum over int8 |
    /// | infos/`key` | (N, columns) | float64 |
    /// | metadata/`key` | scalar or (k,) | see `MetadataValue` |
    ///
    /// Arrays are gzip level 4 with h5py's chunk shapes and no timestamps are stored, so the same
    /// contents give a byte-identical file; keys are written in this order (infos and metadata in
    /// the order given).
    ///
    /// - Throws: `DatasetWriteError.fileExists` when `path` exists and `overwrite` is false,
    ///   `.writeFailed` when the file cannot be written (an existing one is left as it was).
    public func write(
        to path: String, infos: [(key: String, values: [Double], columns: Int)] = [],
        metadata: [(key: String, value: MetadataValue)] = [], overwrite: Bool = false
    ) throws(DatasetWriteError) {
        if !overwrite && FileManager.default.fileExists(atPath: path) { throw .fileExists(path: path) }
        do {
            try File.writeAtomically(to: path) { file in
                let root = try file.root()
                try root.createDataset("observations", values: observations, shape: [rowCount, observationDim])
                try root.createDataset("actions", values: actions, shape: [rowCount, actionDim])
                try root.createDataset("rewards", values: rewards)
                try root.createDataset("terminals", values: terminals)
                if let timeouts { try root.createDataset("timeouts", values: timeouts) }
                if let nextObservations {
                    try root.createDataset("next_observations", values: nextObservations, shape: [rowCount, observationDim])
                }
                for (key, values, columns) in infos {
                    precondition(values.count == rowCount * columns, "infos/\(key): \(values.count) values do not fit \(rowCount) rows")
                    try root.createDataset("infos/\(key)", values: values, shape: [rowCount, columns])
                }
                for (key, value) in metadata { try Self.write(value, at: "metadata/\(key)", in: root) }
            }
        } catch let error as FileWriteError {
            throw .writeFailed(path: path, reason: error.reason)
        } catch {
            throw .writeFailed(path: path, reason: "\(error)")
        }
    }

    private static func write(_ value: MetadataValue, at path: String, in root: Group) throws(HDF5Error) {
        switch value {
        case .bytes(let text): try root.createDataset(path, string: text, fixedLength: true)
        case .text(let text): try root.createDataset(path, string: text)
        case .unsigned(let number): try root.createDataset(path, scalar: number)
        case .integers(let numbers): try root.createDataset(path, values: numbers, chunks: .contiguous, gzipLevel: nil)
        case .reals(let numbers): try root.createDataset(path, values: numbers, chunks: .contiguous, gzipLevel: nil)
        }
    }
}
