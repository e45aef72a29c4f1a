/// The critics' regression targets, the soft Bellman backup through the target critic with a
/// fresh action a′ ~ π(·|s′) (Haarnoja et al. 2018, eqs. 3 and 5):
///
///     yᵢ = rᵢ + γ·maskᵢ·(min(Q1_t, Q2_t)(s′ᵢ, a′ᵢ) − α·log π(a′ᵢ|s′ᵢ))
///
/// mask = 1 − terminal: a termination does not bootstrap, a time-limit truncation does.
func softBellmanTargets(
    rewards: UnsafePointer<Float>, masks: UnsafePointer<Float>, nextQ1: UnsafePointer<Float>, nextQ2: UnsafePointer<Float>,
    nextLogProbabilities: UnsafePointer<Float>, temperature alpha: Float, discount: Float, count n: Int,
    targets: UnsafeMutablePointer<Float>
) {
    for i in 0..<n {
        targets[i] = rewards[i] + discount * masks[i] * (min(nextQ1[i], nextQ2[i]) - alpha * nextLogProbabilities[i])
    }
}
