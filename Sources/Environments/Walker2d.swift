extension LocomotionTask {
    /// Walker2d (D4RL `walker2d-*-v2`, gymnasium Walker2d-v4): 17 observations, 6 actions.
    ///
    ///     dt = 4 · 0.002 s (RK4)
    ///     observation = qpos[1:] (8) ++ clip(qvel, ±10) (9)
    ///     r = Δx/dt + 1 − 10⁻³ · Σ a²
    ///     healthy ⇔ 0.8 < z < 2 and |angle| < 1
    ///
    /// with z = qpos[1] (m) and angle = qpos[2] (rad); the episode terminates when not healthy.
    /// Feet: sliding friction 0.9 (right, geom `foot`) and 1.9 (left). Reset: qpos, qvel += U(±0.005).
    public static let walker2d = LocomotionTask(
        name: "Walker2d", gymnasiumID: "Walker2d-v4", modelName: "walker2d", frameSkip: 4, excludedPositions: 1,
        velocityClip: 10, zeroPadding: 0, forwardBody: nil, healthyReward: 1, controlCostWeight: 1e-3,
        resetNoise: .uniform(scale: 5e-3),
        healthConditions: [
            HealthCondition("z_low", .position(1), .greaterThan(0.8)),
            HealthCondition("z_high", .position(1), .lessThan(2)),
            HealthCondition("angle_low", .position(2), .greaterThan(-1)),
            HealthCondition("angle_high", .position(2), .lessThan(1)),
        ],
        datasetDomain: "walker2d")
}

extension LocomotionTask {
    /// Walker2d-v5 (gymnasium; Minari's `mujoco/walker2d` datasets): Walker2d-v4 except that
    /// both feet have sliding friction 1.9 (gymnasium's `walker2d_v5.xml` raises the right
    /// foot's from 0.9) and the step that ends unhealthy pays no healthy reward.
    public static let walker2dV5: LocomotionTask = {
        var task = walker2d
        task.gymnasiumID = "Walker2d-v5"
        task.slidingFriction = ["foot": 1.9]
        task.healthyRewardOnlyWhileHealthy = true
        return task
    }()
}
