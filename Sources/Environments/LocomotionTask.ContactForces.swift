extension LocomotionTask {
    /// The bodies' external contact forces (MuJoCo's `cfrc_ext`) in a task's observation and
    /// reward, as gymnasium's Ant-v5 uses them:
    ///
    ///     f = clip(cfrc_ext[bodies], clipRange)          6 values per body: torque (N·m), force (N)
    ///     observation ++= f,   contact cost = costWeight · Σ f²
    ///
    /// gymnasium's cost sums over every body, the world (body 0) included; MuJoCo never puts a
    /// force on the world body, so the sum over bodies 1... is the same.
    public struct ContactForces: Sendable, Equatable {
        /// The body indices whose forces are observed and penalised (Ant-v5: 1..<14, every body
        /// but the world).
        public var bodies: Range<Int>
        /// Every value is clipped to this range (Ant-v5: −1...1).
        public var clipRange: ClosedRange<Double>
        /// The weight of Σ f² in the reward (Ant-v5: 5·10⁻⁴).
        public var costWeight: Double

        public init(bodies: Range<Int>, clipRange: ClosedRange<Double>, costWeight: Double) {
            self.bodies = bodies
            self.clipRange = clipRange
            self.costWeight = costWeight
        }

        /// The observed values: each raw `cfrc_ext` value clipped to `clipRange`.
        public func clipped(_ raw: [Double]) -> [Double] {
            raw.map { min(max($0, clipRange.lowerBound), clipRange.upperBound) }
        }

        /// The contact cost `costWeight · Σ f²` of clipped values `f`.
        public func cost(_ clipped: [Double]) -> Double {
            costWeight * clipped.reduce(0) { $0 + $1 * $1 }
        }
    }
}
