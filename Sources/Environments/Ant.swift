extension LocomotionTask {
    /// Ant (D4RL `ant-*-v2`, gymnasium Ant-v4): 111 observations, 8 actions.
    ///
    ///     dt = 5 · 0.01 s (RK4)
    ///     observation = qpos[2:] (13) ++ qvel (14) ++ 84 zeros
    ///     r = Δx_torso/dt + 1 − 0.5 · Σ a²
    ///     healthy ⇔ every qpos and qvel value is finite and 0.2 ≤ z ≤ 1
    ///
    /// with z = qpos[2] (m). The 84 zeros stand for the clipped external contact forces
    /// (`cfrc_ext`, 14 bodies × 6), which are zero throughout D4RL's data (mujoco-py never
    /// computed them) and are left out of gymnasium's default observation; there is no
    /// contact cost. x_torso is the torso frame's x from MuJoCo's last kinematics pass, as
    /// gymnasium's `get_body_com("torso")` returns it. Reset: qpos += U(±0.1), qvel += 0.1 · N(0, 1)
    /// (the quaternion too, unnormalised, as gymnasium does).
    public static let ant = LocomotionTask(
        name: "Ant", gymnasiumID: "Ant-v4", modelName: "ant", frameSkip: 5, excludedPositions: 2, velocityClip: nil,
        zeroPadding: 84, forwardBody: "torso", healthyReward: 1, controlCostWeight: 0.5,
        resetNoise: .uniformPositionsNormalVelocities(scale: 0.1),
        healthConditions: [
            HealthCondition("nonfinite", .state(from: 0), .finite),
            HealthCondition("z_low", .position(2), .atLeast(0.2)),
            HealthCondition("z_high", .position(2), .atMost(1)),
        ],
        datasetDomain: "ant")
}

extension LocomotionTask {
    /// Ant-v5 (gymnasium; Minari's `mujoco/ant` datasets): 105 observations, 8 actions.
    ///
    ///     f = clip(cfrc_ext[1..<14], −1, 1)            (13 bodies × 6, the world body left out)
    ///     observation = qpos[2:] (13) ++ qvel (14) ++ f (78)
    ///     r = Δx_torso/dt + h − 0.5 · Σ a² − 5·10⁻⁴ · Σ f²
    ///
    /// with h = 1 while healthy and 0 on the step that ends unhealthy; the termination and reset
    /// noise are Ant-v4's. f comes from `mj_rnePostConstraint` after the step's last physics step
    /// and is zero in the observation a reset returns.
    public static let antV5: LocomotionTask = {
        var task = ant
        task.gymnasiumID = "Ant-v5"
        task.zeroPadding = 0
        task.contactForces = ContactForces(bodies: 1..<14, clipRange: -1...1, costWeight: 5e-4)
        task.healthyRewardOnlyWhileHealthy = true
        return task
    }()
}
