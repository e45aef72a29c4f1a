/// What makes one MuJoCo locomotion task, as one gymnasium version defines it (v4 = D4RL -v2,
/// SPEC §4; v5, SPEC §8): its model, frame skip, observation layout, reward terms, termination
/// and reset noise.
///
/// Every task shares the same step:
///
///     dt = frameSkip · timestep
///     r  = (x_after − x_before)/dt + h − controlCostWeight · Σᵢ aᵢ² − contact cost
///     observation = qpos[excludedPositions...] ++ clip(qvel, ±velocityClip) ++ f ++ zeros(zeroPadding)
///
/// where x is `qpos[0]`, or the world x of the `forwardBody` frame (Ant's torso, read from the
/// kinematics MuJoCo last computed, as gymnasium does); h is `healthyReward`, except 0 after a
/// step that ends unhealthy when `healthyRewardOnlyWhileHealthy`; f and the contact cost come
/// from `contactForces` (none when it is nil). The control cost uses the unclipped action. The
/// step ends the episode when any of `healthConditions` fails on the state after it.
/// `LocomotionEnvironment` runs a task; `all` lists the eight.
public struct LocomotionTask: Sendable, Equatable {
    /// The robot's name, e.g. `Hopper`.
    public var name: String
    /// The gymnasium environment the task reproduces, e.g. `Hopper-v4`.
    public var gymnasiumID: String
    /// The bundled MJCF file, e.g. `hopper` for `Models/hopper.xml`.
    public var modelName: String
    /// Sliding friction coefficients set on the compiled model at load, by geom name, where the
    /// task's model differs from the bundled file (Walker2d-v5's right foot).
    public var slidingFriction: [String: Double] = [:]
    /// Physics steps per environment step.
    public var frameSkip: Int
    /// Leading `qpos` entries left out of the observation (the root's position on the ground).
    public var excludedPositions: Int
    /// Velocities are clipped to ±this in the observation, or not at all when nil.
    public var velocityClip: Double?
    /// External contact forces observed and penalised (Ant-v5), or nil.
    public var contactForces: ContactForces? = nil
    /// Zeros appended to the observation (Ant-v4's 84 contact-force values, zero in D4RL's data).
    public var zeroPadding: Int
    /// The body whose frame's x measures progress, or nil for `qpos[0]`.
    public var forwardBody: String?
    /// Reward per step for staying alive.
    public var healthyReward: Double
    /// Whether a step that ends unhealthy (the terminating one) goes without `healthyReward`
    /// (v5); v4 pays it on every step.
    public var healthyRewardOnlyWhileHealthy = false
    /// The weight of Σ a² in the reward.
    public var controlCostWeight: Double
    public var resetNoise: ResetNoise
    /// The inequalities the state after a step must satisfy for the episode to go on; empty for
    /// a task that never terminates.
    public var healthConditions: [HealthCondition]
    /// The D4RL name prefix of the robot's datasets, e.g. `hopper` (reference scores: `hopper-*-v2`).
    public var datasetDomain: String

    /// The episode length limit, in steps.
    public static let maxEpisodeSteps = 1000

    /// The eight locomotion tasks: the four robots in gymnasium v4 (D4RL's), then in v5.
    public static let all: [LocomotionTask] = [
        .hopper, .walker2d, .halfCheetah, .ant, .hopperV5, .walker2dV5, .halfCheetahV5, .antV5,
    ]

    /// The observation of a state with clipped contact forces `contactForces` (empty when the
    /// task has none): `qpos[excludedPositions...] ++ clip(qvel) ++ contactForces ++ zeros(zeroPadding)`.
    public func observation(qpos: [Double], qvel: [Double], contactForces: [Double]) -> [Double] {
        let velocities = velocityClip.map { bound in qvel.map { min(max($0, -bound), bound) } } ?? qvel
        return Array(qpos.dropFirst(excludedPositions)) + velocities + contactForces + [Double](repeating: 0, count: zeroPadding)
    }

    /// Whether the state after a step lets the episode go on: every health condition holds.
    public func isHealthy(qpos: [Double], qvel: [Double]) -> Bool {
        healthConditions.allSatisfy { $0.holds(qpos: qpos, qvel: qvel) }
    }

    /// The healthy reward h of a step whose final state is healthy or not.
    public func healthyReward(isHealthy: Bool) -> Double {
        healthyRewardOnlyWhileHealthy && !isHealthy ? 0 : healthyReward
    }

    /// The control cost `controlCostWeight · Σᵢ aᵢ²` of an unclipped action.
    public func controlCost(_ action: [Double]) -> Double {
        controlCostWeight * action.reduce(0) { $0 + $1 * $1 }
    }

    /// The contact cost of clipped contact forces (`ContactForces.cost`), 0 when the task has none.
    public func contactCost(_ contactForces: [Double]) -> Double {
        self.contactForces?.cost(contactForces) ?? 0
    }
}
