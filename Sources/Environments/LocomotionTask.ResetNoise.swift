import Core

extension LocomotionTask {
    /// How `reset` perturbs the model's reference state `qpos0` and zero velocity.
    public enum ResetNoise: Sendable, Equatable {
        /// qpos += U(−scale, scale), qvel += U(−scale, scale).
        case uniform(scale: Double)
        /// qpos += U(−scale, scale), qvel += scale · N(0, 1).
        case uniformPositionsNormalVelocities(scale: Double)

        /// Offsets for `positions` coordinates and `velocities` velocities: every position draw
        /// first, then every velocity draw (`nextUnitInterval`, `nextStandardNormal`).
        public func offsets(positions: Int, velocities: Int, using generator: inout SplitMix64)
            -> (qpos: [Double], qvel: [Double])
        {
            switch self {
            case .uniform(let scale):
                let qpos = (0..<positions).map { _ in scale * (2 * generator.nextUnitInterval() - 1) }
                return (qpos, (0..<velocities).map { _ in scale * (2 * generator.nextUnitInterval() - 1) })
            case .uniformPositionsNormalVelocities(let scale):
                let qpos = (0..<positions).map { _ in scale * (2 * generator.nextUnitInterval() - 1) }
                return (qpos, (0..<velocities).map { _ in scale * generator.nextStandardNormal() })
            }
        }
    }
}
