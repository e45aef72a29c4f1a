extension LocomotionTask {
    /// Hopper (D4RL `hopper-*-v2`, gymnasium Hopper-v4): 11 observations, 3 actions.
    ///
    ///     dt = 4 · 0.002 s (RK4)
    ///     observation = qpos[1:] (5) ++ clip(qvel, ±10) (6)
    ///     r = Δx/dt + 1 − 10⁻³ · Σ a²
    ///     healthy ⇔ |s| < 100 for every s in qpos[2:] ++ qvel, z > 0.7, |angle| < 0.2
    ///
    /// with z = qpos[1] (m) and angle = qpos[2] (rad); the episode terminates when not healthy.
    /// gymnasium also requires z < +∞, which only z = +∞ breaks; `mj_step` resets any state
    /// holding a value beyond 10¹⁰, so no step ends there and that condition is left out.
    /// Reset: qpos, qvel += U(±0.005).
    public static let hopper = LocomotionTask(
        name: "Hopper", gymnasiumID: "Hopper-v4", modelName: "hopper", frameSkip: 4, excludedPositions: 1,
        velocityClip: 10, zeroPadding: 0, forwardBody: nil, healthyReward: 1, controlCostWeight: 1e-3,
        resetNoise: .uniform(scale: 5e-3),
        healthConditions: [
            HealthCondition("state_low", .state(from: 2), .greaterThan(-100)),
            HealthCondition("state_high", .state(from: 2), .lessThan(100)),
            HealthCondition("z_low", .position(1), .greaterThan(0.7)),
            HealthCondition("angle_low", .position(2), .greaterThan(-0.2)),
            HealthCondition("angle_high", .position(2), .lessThan(0.2)),
        ],
        datasetDomain: "hopper")
}

extension LocomotionTask {
    /// Hopper-v5 (gymnasium; Minari's `mujoco/hopper` datasets): Hopper-v4 except that the step
    /// that ends unhealthy pays no healthy reward, so r = Δx/dt − 10⁻³ · Σ a² there.
    public static let hopperV5: LocomotionTask = {
        var task = hopper
        task.gymnasiumID = "Hopper-v5"
        task.healthyRewardOnlyWhileHealthy = true
        return task
    }()
}
