import Core

/// A 2-D point mass pushed by a constant wind that must reach and hold the origin: the small
/// task of `Fixtures/d4rl/pointmass-wind-v0.hdf5` (written by `tools/make_fixtures.py`).
///
///     a ← clip(a, −1, 1),   p′ = clip(p + 0.1·a + w, −2, 2),   r = −‖p′‖₂,   w = (0.06, 0)
///
/// Observation p (2 floats), action 2 floats, p₀ ~ U[−2, 2]², episodes of exactly 50 steps
/// (truncated, never terminated). Standing still drifts with the wind, so the policy must push
/// against it; the random and the scripted-controller mean returns are the file's
/// `ref_min_score` and `ref_max_score`.
public struct PointMass: Environment {
    public static let wind: (Float, Float) = (0.06, 0)
    public static let actionScale: Float = 0.1
    public static let bound: Float = 2

    public let observationDim = 2
    public let actionDim = 2
    public let maxEpisodeSteps = 50
    /// The current position p (set it to replay recorded states).
    public var position: [Float] = [0, 0]
    private var steps = 0

    public init() {}

    public mutating func reset(seed: UInt64) -> [Float] {
        var generator = SplitMix64(seed: seed)
        position = [Float(generator.nextUnitInterval() * 4 - 2), Float(generator.nextUnitInterval() * 4 - 2)]
        steps = 0
        return position
    }

    public mutating func step(_ action: [Float]) -> StepResult {
        precondition(action.count == actionDim, "PointMass takes 2 action values, got \(action.count)")
        let push = action.map { min(max($0, -1), 1) * Self.actionScale }
        position = [min(max(position[0] + push[0] + Self.wind.0, -Self.bound), Self.bound),
                    min(max(position[1] + push[1] + Self.wind.1, -Self.bound), Self.bound)]
        steps += 1
        let distance = (position[0] * position[0] + position[1] * position[1]).squareRoot()
        return StepResult(observation: position, reward: -Double(distance), terminated: false, truncated: steps >= maxEpisodeSteps)
    }
}
