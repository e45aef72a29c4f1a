import Core
import D4RL

extension CollectedDataset {
    /// The collector's file format, recorded in `metadata/collector`.
    public static let collectorVersion = "d4rl-iql DatasetCollector 1"

    /// Writes the dataset in D4RL's layout (SPEC §1) with `D4RLDataset.write`, atomically: a
    /// temporary file beside `path` renamed into place only when complete.
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
    /// - Throws: `DatasetWriteError.fileExists` when `path` exists and `overwrite` is false,
    ///   `.writeFailed` when the file cannot be written.
    public func write(to path: String, overwrite: Bool = false) throws(DatasetWriteError) {
        let dataset = D4RLDataset(
            name: DatasetName(path), observations: observations, observationDim: observationDim, actions: actions,
            actionDim: actionDim, nextObservations: nextObservations, rewards: rewards, terminals: terminals, timeouts: timeouts)
        try dataset.write(to: path, infos: [("qpos", qpos, positionCount), ("qvel", qvel, velocityCount)],
                          metadata: metadata, overwrite: overwrite)
    }

    /// `metadata/*`: the policies, the environment, the seed, each segment's rows and noise, the versions.
    private var metadata: [(key: String, value: MetadataValue)] {
        let lines = segments.map { "\($0.description): \($0.rows) rows, \($0.episodes) episodes, action noise σ = \($0.actionNoise)" }
        return [
            ("algorithm", .bytes(segments.map(\.description).joined(separator: " ++ "))),
            ("policies", .text(lines.joined(separator: "\n"))),
            ("environment", .text("\(task.name) (D4RL -v2 / gymnasium v4 semantics)")),
            ("seed", .unsigned(seed)),
            ("segment_rows", .integers(segments.map { Int64($0.rows) })),
            ("action_noise", .reals(segments.map(\.actionNoise))),
            ("mujoco_version", .text(Simulation.version)),
            ("collector", .text(Self.collectorVersion)),
        ]
    }
}
