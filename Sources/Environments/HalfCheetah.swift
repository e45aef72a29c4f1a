extension LocomotionTask {
    /// HalfCheetah (D4RL `halfcheetah-*-v2`, gymnasium HalfCheetah-v4): 17 observations, 6 actions.
    ///
    ///     dt = 5 · 0.01 s (semi-implicit Euler)
    ///     observation = qpos[1:] (8) ++ qvel (9)
    ///     r = Δx/dt − 0.1 · Σ a²
    ///
    /// The episode never terminates (only the 1000-step limit ends it). Reset:
    /// qpos += U(±0.1), qvel += 0.1 · N(0, 1).
    public static let halfCheetah = LocomotionTask(
        name: "HalfCheetah", gymnasiumID: "HalfCheetah-v4", modelName: "half_cheetah", frameSkip: 5,
        excludedPositions: 1, velocityClip: nil, zeroPadding: 0, forwardBody: nil, healthyReward: 0,
        controlCostWeight: 0.1, resetNoise: .uniformPositionsNormalVelocities(scale: 0.1), healthConditions: [],
        datasetDomain: "halfcheetah")
}

extension LocomotionTask {
    /// HalfCheetah-v5 (gymnasium; Minari's `mujoco/halfcheetah` datasets): the same model,
    /// observation, reward and reset noise as HalfCheetah-v4.
    public static let halfCheetahV5: LocomotionTask = {
        var task = halfCheetah
        task.gymnasiumID = "HalfCheetah-v5"
        return task
    }()
}
