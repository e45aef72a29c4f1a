import Core
import D4RL
import Scores

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
        try d4rlDataset(named: DatasetName(path)).write(
            to: path, infos: [("qpos", qpos, positionCount), ("qvel", qvel, velocityCount)], metadata: metadata, overwrite: overwrite)
    }

    /// The rows as a D4RL dataset (the arrays are shared, not copied).
    func d4rlDataset(named name: DatasetName) -> D4RLDataset {
        D4RLDataset(name: name, observations: observations, observationDim: observationDim, actions: actions, actionDim: actionDim,
                    nextObservations: nextObservations, rewards: rewards, terminals: terminals, timeouts: timeouts)
    }

    /// Writes the dataset as a Minari dataset (`MinariWriter`) into `directory`: one episode per
    /// collected episode (its T + 1 observations from the rows and the last row's s′), the task's
    /// gymnasium environment as `env_spec` (1000 steps), its robot's D4RL reference returns as
    /// `ref_min_score` and `ref_max_score`, the policies as `algorithm_name`.
    public func writeMinari(to directory: String, datasetID: String, overwrite: Bool = false) throws(DatasetWriteError) {
        let split = MinariConversion.episodes(of: d4rlDataset(named: DatasetName(minariID: datasetID)))
        let reference = ReferenceScores.pair(for: datasetID, robot: task.datasetDomain)?.score
        let spec = MinariMetadata.EnvironmentSpec(id: task.gymnasiumID, maxEpisodeSteps: LocomotionTask.maxEpisodeSteps,
                                                  entryPoint: task.gymnasiumEntryPoint)
        let lines = segments.map { "\($0.description): \($0.rows) rows, \($0.episodes) episodes, action noise σ = \($0.actionNoise)" }
        let writer = MinariWriter(
            datasetID: datasetID, observationSpace: MinariWriter.box(width: observationDim),
            actionSpace: MinariWriter.box(width: actionDim, low: -1, high: 1), envSpec: spec, evalEnvSpec: spec,
            refMinScore: reference?.randomReturn, refMaxScore: reference?.expertReturn,
            algorithmName: segments.map(\.description).joined(separator: " ++ "),
            description: "Collected by \(Self.collectorVersion) in \(task.gymnasiumID) on MuJoCo \(Simulation.version), seed \(seed): "
                + lines.joined(separator: "; "))
        try writer.write(split.episodes, to: directory, overwrite: overwrite)
    }

    /// `metadata/*`: the policies, the environment, the seed, each segment's rows and noise, the versions.
    private var metadata: [(key: String, value: MetadataValue)] {
        let lines = segments.map { "\($0.description): \($0.rows) rows, \($0.episodes) episodes, action noise σ = \($0.actionNoise)" }
        return [
            ("algorithm", .bytes(segments.map(\.description).joined(separator: " ++ "))),
            ("policies", .text(lines.joined(separator: "\n"))),
            ("environment", .text(environmentDescription)),
            ("seed", .unsigned(seed)),
            ("segment_rows", .integers(segments.map { Int64($0.rows) })),
            ("action_noise", .reals(segments.map(\.actionNoise))),
            ("mujoco_version", .text(Simulation.version)),
            ("collector", .text(Self.collectorVersion)),
        ]
    }

    /// `metadata/environment`: `Hopper (D4RL -v2 / gymnasium v4 semantics)`, `Hopper (gymnasium v5 semantics)`.
    private var environmentDescription: String {
        let d4rl = task.gymnasiumVersion == LocomotionTask.d4rlGymnasiumVersion ? "D4RL -v2 / " : ""
        return "\(task.name) (\(d4rl)gymnasium \(task.gymnasiumVersion) semantics)"
    }
}
