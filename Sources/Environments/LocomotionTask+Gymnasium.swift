extension LocomotionTask {
    /// The gymnasium version whose semantics D4RL's -v2 datasets have (gym v2/v3 = gymnasium v4):
    /// a D4RL name means the task of this version.
    public static let d4rlGymnasiumVersion = "v4"

    /// The gymnasium version whose semantics the task reproduces, the end of its id: `v4`
    /// (= D4RL -v2) or `v5`.
    public var gymnasiumVersion: String { String(gymnasiumID.split(separator: "-").last ?? "") }

    /// Where gymnasium defines the task's environment, e.g.
    /// `gymnasium.envs.mujoco.hopper_v5:HopperEnv` (a Minari `env_spec`'s `entry_point`).
    public var gymnasiumEntryPoint: String { "gymnasium.envs.mujoco.\(modelName)_\(gymnasiumVersion):\(name)Env" }
}
