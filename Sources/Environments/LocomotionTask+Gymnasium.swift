extension LocomotionTask {
    /// The gymnasium version whose semantics the task reproduces (`v4` = D4RL -v2).
    public var gymnasiumVersion: String { "v4" }

    /// The gymnasium id of the environment the task reproduces, e.g. `Hopper-v4`.
    public var gymnasiumID: String { "\(name)-\(gymnasiumVersion)" }

    /// Where gymnasium defines it, e.g. `gymnasium.envs.mujoco.hopper_v4:HopperEnv` (a Minari
    /// `env_spec`'s `entry_point`).
    public var gymnasiumEntryPoint: String { "gymnasium.envs.mujoco.\(modelName)_\(gymnasiumVersion):\(name)Env" }
}
