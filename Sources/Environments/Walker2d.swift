extension LocomotionTask {
    /// Walker2d (D4RL `walker2d-*-v2`, gymnasium Walker2d-v4): 17 observations, 6 actions.
    ///
    ///     dt = 4 · 0.002 s (RK4)
    ///     observation = qpos[1:] (8) ++ clip(qvel, ±10) (9)
    ///     r = Δx/dt + 1 − 10⁻³ · Σ a²
    ///     healthy ⇔ 0.8 < z < 2 and |angle| < 1
    ///
    /// with z = qpos[1] and angle = qpos[2]; the episode terminates when not healthy. Reset:
    /// qpos, qvel += U(±0.005).
    public static let walker2d = LocomotionTask(
        name: "Walker2d", modelName: "walker2d", frameSkip: 4, excludedPositions: 1, velocityClip: 10,
        zeroPadding: 0, forwardBody: nil, healthyReward: 1, controlCostWeight: 1e-3,
        resetNoise: .uniform(scale: 5e-3),
        isHealthy: { qpos, _ in
            let (z, angle) = (qpos[1], qpos[2])
            return 0.8 < z && z < 2 && -1 < angle && angle < 1
        },
        datasetDomain: "walker2d")
}
