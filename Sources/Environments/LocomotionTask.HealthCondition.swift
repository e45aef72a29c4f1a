extension LocomotionTask {
    /// One inequality of a task's healthy test on the state after a step; the episode terminates
    /// when any of the task's conditions fails.
    ///
    /// A condition holds when its inequality is true of its quantity (of every value of it, for
    /// `.state(from:)`), written as gymnasium's `is_healthy` writes it: Hopper's `0.7 < z` is
    /// `HealthCondition("z_low", .position(1), .greaterThan(0.7))`. A NaN value fails every
    /// inequality, as it fails every comparison in numpy. `name` is the condition's name in a
    /// recording's `metadata/termination_conditions` (`tools/record_dynamics.py`), whose
    /// `infos/termination_reason` bit i is set when condition i fails.
    public struct HealthCondition: Sendable, Equatable, CustomStringConvertible {
        /// What a condition compares.
        public enum Quantity: Sendable, Equatable {
            /// `qpos[i]`, e.g. Hopper's height z = `qpos[1]` (m) or angle `qpos[2]` (rad).
            case position(Int)
            /// Every value of `(qpos ++ qvel)[k...]`, gymnasium's `state_vector()[k:]`.
            case state(from: Int)
        }

        /// The test each value must pass, with the threshold in the quantity's unit.
        public enum Inequality: Sendable, Equatable {
            /// value > threshold.
            case greaterThan(Double)
            /// value ≥ threshold.
            case atLeast(Double)
            /// value < threshold.
            case lessThan(Double)
            /// value ≤ threshold.
            case atMost(Double)
            /// value is neither infinite nor NaN.
            case finite

            /// Whether `value` passes.
            public func admits(_ value: Double) -> Bool {
                switch self {
                case .greaterThan(let threshold): value > threshold
                case .atLeast(let threshold): value >= threshold
                case .lessThan(let threshold): value < threshold
                case .atMost(let threshold): value <= threshold
                case .finite: value.isFinite
                }
            }
        }

        /// The condition's name in the recordings, e.g. `z_low`.
        public var name: String
        public var quantity: Quantity
        public var inequality: Inequality

        public init(_ name: String, _ quantity: Quantity, _ inequality: Inequality) {
            self.name = name
            self.quantity = quantity
            self.inequality = inequality
        }

        /// Whether the state (qpos, qvel) passes: every value of the quantity admitted.
        public func holds(qpos: [Double], qvel: [Double]) -> Bool {
            switch quantity {
            case .position(let index): inequality.admits(qpos[index])
            case .state(let start): (qpos + qvel).dropFirst(start).allSatisfy(inequality.admits)
            }
        }

        /// E.g. `z_low: qpos[1] > 0.7`.
        public var description: String {
            let subject = switch quantity {
            case .position(let index): "qpos[\(index)]"
            case .state(let start): "every s in (qpos ++ qvel)[\(start):]"
            }
            let test = switch inequality {
            case .greaterThan(let threshold): "> \(threshold)"
            case .atLeast(let threshold): "≥ \(threshold)"
            case .lessThan(let threshold): "< \(threshold)"
            case .atMost(let threshold): "≤ \(threshold)"
            case .finite: "finite"
            }
            return "\(name): \(subject) \(test)"
        }
    }
}
