import Environments
import Foundation
import Testing

/// SPEC §4's reset noise, measured over 4000 seeded resets of each robot, as offsets from
/// gymnasium v4's initial state (`init_qpos` typed from gymnasium 1.2.2, `init_qvel` zero):
/// Hopper and Walker2d qpos, qvel += U(±0.005); HalfCheetah and Ant qpos += U(±0.1),
/// qvel += 0.1·N(0, 1).
///
/// Every coordinate is checked on its own, within 5 standard errors for N draws: the sample
/// mean's error is σ/√N, the sample std's √((μ₄ − σ⁴)/N)/(2σ) (μ₄ the fourth moment). U(±a) has
/// σ = a/√3 and μ₄ = a⁴/5; all its draws lie within ±a and the extremes come within 0.5 % of it
/// (missing by more has probability (1 − 0.0025)^N = e⁻¹⁰). σ·N(0, 1) has μ₄ = 3σ⁴ and
/// kurtosis 3 with error √(24/N) (a uniform of the same std has 1.8).
///
/// Ant's free-joint quaternion qpos[3..<7] = (1, 0, 0, 0) + u is normalised in place by
/// MuJoCo 2.2.2's `mj_forward` (3.3.7's leaves it as it is), so only its ratios survive:
/// qₖ/q₀ = uₖ/(1 + u₀), k = 1…3, bounded by a/(1 − a), with σ² = a²/(3(1 − a²)) and
/// μ₄ = (a⁴/5)·((1 − a)⁻³ − (1 + a)⁻³)/(6a), from E[(1 + u₀)⁻ᵖ] = ∫ (1 + u)⁻ᵖ du/(2a).
struct ResetNoiseTests {
    enum Noise: Sendable {
        case uniform(Double)
        case normal(Double)
        /// uₖ/(1 + u₀) for independent uₖ, u₀ ~ U(±a).
        case quaternionRatio(Double)

        var sigma: Double {
            switch self {
            case .uniform(let a): return a / 3.squareRoot()
            case .normal(let sigma): return sigma
            case .quaternionRatio(let a): return a / (3 * (1 - a * a)).squareRoot()
            }
        }

        var fourthMoment: Double {
            switch self {
            case .uniform(let a): return pow(a, 4) / 5
            case .normal(let sigma): return 3 * pow(sigma, 4)
            case .quaternionRatio(let a): return pow(a, 4) / 5 * (pow(1 - a, -3) - pow(1 + a, -3)) / (6 * a)
            }
        }

        var bound: Double? {
            switch self {
            case .uniform(let a): return a
            case .normal: return nil
            case .quaternionRatio(let a): return a / (1 - a)
            }
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var task: LocomotionTask
        var initialQpos: [Double]
        var velocityCount: Int
        var positions: Noise
        var velocities: Noise
        /// The qpos range of a free joint's quaternion (w, x, y, z), checked by its ratios.
        var quaternion: Range<Int>? = nil
        var testDescription: String { task.name }
    }

    static let resets = 4000

    static let cases: [Case] = [
        Case(task: .hopper, initialQpos: [0, 1.25, 0, 0, 0, 0], velocityCount: 6,
             positions: .uniform(0.005), velocities: .uniform(0.005)),
        Case(task: .walker2d, initialQpos: [0, 1.25, 0, 0, 0, 0, 0, 0, 0], velocityCount: 9,
             positions: .uniform(0.005), velocities: .uniform(0.005)),
        Case(task: .halfCheetah, initialQpos: [Double](repeating: 0, count: 9), velocityCount: 9,
             positions: .uniform(0.1), velocities: .normal(0.1)),
        Case(task: .ant, initialQpos: [0, 0, 0.75, 1, 0, 0, 0] + [Double](repeating: 0, count: 8), velocityCount: 14,
             positions: .uniform(0.1), velocities: .normal(0.1), quaternion: 3..<7),
    ]

    @Test("reset(seed:) perturbs every qpos and qvel coordinate by SPEC §4's noise", arguments: cases)
    func resetNoise(_ item: Case) throws {
        let environment = try LocomotionEnvironment(item.task)
        var positions: [[Double]] = [], velocities: [[Double]] = []
        for seed in 0..<Self.resets {
            _ = environment.reset(seed: UInt64(seed))
            positions.append(environment.simulation.qpos)
            velocities.append(environment.simulation.qvel)
        }
        #expect(positions[0].count == item.initialQpos.count && velocities[0].count == item.velocityCount)
        let quaternion = item.quaternion ?? 0..<0
        for j in item.initialQpos.indices where !quaternion.contains(j) {
            Self.check(positions.map { $0[j] - item.initialQpos[j] }, item.positions, "\(item.task.name) qpos[\(j)]")
        }
        if case .uniform(let a) = item.positions, let w = item.quaternion?.lowerBound {
            for k in w + 1..<w + 4 {
                Self.check(positions.map { $0[k] / $0[w] }, .quaternionRatio(a), "\(item.task.name) qpos[\(k)]/qpos[\(w)]")
            }
        }
        for j in 0..<item.velocityCount {
            Self.check(velocities.map { $0[j] }, item.velocities, "\(item.task.name) qvel[\(j)]")
        }
    }

    /// Expects `draws` to be a sample of `noise`, within 5 standard errors.
    static func check(_ draws: [Double], _ noise: Noise, _ name: String) {
        let n = Double(draws.count), sigma = noise.sigma
        let mean = draws.reduce(0, +) / n
        let variance = draws.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / n
        let std = variance.squareRoot(), stdError = ((noise.fourthMoment - pow(sigma, 4)) / n).squareRoot() / (2 * sigma)
        #expect(abs(mean) <= 5 * sigma / n.squareRoot(), "\(name): mean \(mean)")
        #expect(abs(std - sigma) <= 5 * stdError, "\(name): std \(std), expected \(sigma) ± \(5 * stdError)")
        if let bound = noise.bound {
            #expect(draws.allSatisfy { abs($0) <= bound }, "\(name): a draw beyond ±\(bound): \(draws.map(abs).max()!)")
        }
        switch noise {
        case .uniform(let a):
            #expect(draws.max()! > 0.995 * a && draws.min()! < -0.995 * a, "\(name): range \(draws.min()!) … \(draws.max()!), expected ±\(a)")
        case .normal:
            let kurtosis = draws.map { pow($0 - mean, 4) }.reduce(0, +) / n / (variance * variance)
            #expect(abs(kurtosis - 3) <= 5 * (24 / n).squareRoot(), "\(name): kurtosis \(kurtosis), expected 3")
        case .quaternionRatio:
            break
        }
    }
}
