import Core
import Foundation
import HDF5

extension CollectedDataset {
    /// The collector's file format, recorded in `metadata/collector`.
    public static let collectorVersion = "d4rl-iql DatasetCollector 1"

    /// Writes the dataset in D4RL's layout (SPEC §1), atomically: a temporary file beside
    /// `path` renamed into place only when complete.
    ///
    /// | key | shape | dtype |
    /// |---|---|---|
    /// | observations, next_observations | (N, D) | float32 |
    /// | actions | (N, A) | float32 |
    /// | rewards | (N,) | float32 |
    /// | terminals, timeouts | (N,) | h5py bool enum over int8 |
    /// | infos/qpos, infos/qvel | (N, nq), (N, nv) | **float64** |
    /// | metadata/algorithm | scalar | fixed-length bytes: the segments' policies joined by ` ++ ` |
    /// | metadata/{environment, policies, mujoco_version, collector} | scalar | UTF-8 string |
    /// | metadata/seed | scalar | uint64 |
    /// | metadata/segment_rows, metadata/action_noise | (segments,) | int64, float64 |
    ///
    /// Arrays are gzip level 4 with h5py's chunk shapes, and no timestamps are stored, so the
    /// same collection gives a byte-identical file. `infos/qpos` and `infos/qvel` are float64
    /// (D4RL stored float32) because they are the exact simulator states. A replay from float32
    /// states starts up to 6e-8 relative away and contacts amplify that within one step: on
    /// 3000 noisy rows `DynamicsCheck` erred by up to 1.8e-4 on HalfCheetah (3 rows beyond 1e-4)
    /// and 2.8e-5 on Walker2d. From float64 states every task replays within 1e-6, the float32
    /// rounding of the stored s′ and r.
    ///
    /// - Throws: `CollectionError.fileExists` when `path` exists and `overwrite` is false,
    ///   `.writeFailed` when the file cannot be written.
    public func write(to path: String, overwrite: Bool = false) throws(CollectionError) {
        if !overwrite && FileManager.default.fileExists(atPath: path) { throw .fileExists(path: path) }
        do {
            try File.writeAtomically(to: path) { file in
                let root = try file.root()
                try root.createDataset("observations", values: observations, shape: [rowCount, observationDim])
                try root.createDataset("actions", values: actions, shape: [rowCount, actionDim])
                try root.createDataset("rewards", values: rewards)
                try root.createDataset("terminals", values: terminals)
                try root.createDataset("timeouts", values: timeouts)
                try root.createDataset("next_observations", values: nextObservations, shape: [rowCount, observationDim])
                try root.createDataset("infos/qpos", values: qpos, shape: [rowCount, positionCount])
                try root.createDataset("infos/qvel", values: qvel, shape: [rowCount, velocityCount])
                try writeMetadata(in: root)
            }
        } catch let error as FileWriteError {
            throw .writeFailed(path: path, reason: error.reason)
        } catch {
            throw .writeFailed(path: path, reason: "\(error)")
        }
    }

    private func writeMetadata(in root: Group) throws(HDF5Error) {
        let lines = segments.map { "\($0.description): \($0.rows) rows, \($0.episodes) episodes, action noise σ = \($0.actionNoise)" }
        try root.createDataset("metadata/algorithm", string: segments.map(\.description).joined(separator: " ++ "), fixedLength: true)
        try root.createDataset("metadata/policies", string: lines.joined(separator: "\n"))
        try root.createDataset("metadata/environment", string: "\(task.name) (D4RL -v2 / gymnasium v4 semantics)")
        try root.createDataset("metadata/seed", scalar: seed)
        try root.createDataset("metadata/segment_rows", values: segments.map { Int64($0.rows) }, chunks: .contiguous, gzipLevel: nil)
        try root.createDataset("metadata/action_noise", values: segments.map(\.actionNoise), chunks: .contiguous, gzipLevel: nil)
        try root.createDataset("metadata/mujoco_version", string: Simulation.version)
        try root.createDataset("metadata/collector", string: Self.collectorVersion)
    }
}
