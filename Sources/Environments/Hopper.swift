extension LocomotionTask {
    /// Hopper (D4RL `hopper-*-v2`, gymnasium Hopper-v4): 11 observations, 3 actions.
    ///
    ///     dt = 4 · 0.002 s (RK4)
    ///     observation = qpos[1:] (5) ++ clip(qvel, ±10) (6)
    ///     r = Δx/dt + 1 − 10⁻³ · Σ a²
    ///     healthy ⇔ |s| < 100 for every s in qpos[2:] ++ qvel, z > 0.7, |angle| < 0.2
    ///
    /// with z = qpos[1] and angle = qpos[2]; the episode terminates when not healthy. Reset:
    /// qpos, qvel += U(±0.005).
    public static let hopper = LocomotionTask(
        name: "Hopper", modelName: "hopper", frameSkip: 4, excludedPositions: 1, velocityClip: 10,
        zeroPadding: 0, forwardBody: nil, healthyReward: 1, controlCostWeight: 1e-3,
        resetNoise: .uniform(scale: 5e-3),
        isHealthy: { qpos, qvel in
            let (z, angle) = (qpos[1], qpos[2])
            let stateInRange = (qpos.dropFirst(2) + qvel).allSatisfy { -100 < $0 && $0 < 100 }
            return stateInRange && z > 0.7 && -0.2 < angle && angle < 0.2
        },
        datasetDomain: "hopper")
}
