/// What makes one MuJoCo locomotion task (D4RL -v2 = gymnasium v4, SPEC §4): its model, frame
/// skip, observation layout, reward terms, termination and reset noise.
///
/// Every task shares the same step:
///
///     dt = frameSkip · timestep
///     r  = (x_after − x_before)/dt + healthyReward − controlCostWeight · Σᵢ aᵢ²
///     observation = qpos[excludedPositions...] ++ clip(qvel, ±velocityClip) ++ zeros(zeroPadding)
///
/// where x is `qpos[0]`, or the world x of the `forwardBody` frame (Ant's torso, read from the
/// kinematics MuJoCo last computed, as gymnasium does). The control cost uses the unclipped action.
/// `LocomotionEnvironment` runs a task; `.hopper`, `.walker2d`, `.halfCheetah` and `.ant` are the four.
public struct LocomotionTask: Sendable {
    /// The task's name, e.g. `Hopper`.
    public var name: String
    /// The bundled MJCF file, e.g. `hopper` for `Models/hopper.xml`.
    public var modelName: String
    /// Physics steps per environment step.
    public var frameSkip: Int
    /// Leading `qpos` entries left out of the observation (the root's position on the ground).
    public var excludedPositions: Int
    /// Velocities are clipped to ±this in the observation, or not at all when nil.
    public var velocityClip: Double?
    /// Zeros appended to the observation (Ant's 84 contact-force values, zero in D4RL's data).
    public var zeroPadding: Int
    /// The body whose frame's x measures progress, or nil for `qpos[0]`.
    public var forwardBody: String?
    /// Reward per step for staying alive.
    public var healthyReward: Double
    /// The weight of Σ a² in the reward.
    public var controlCostWeight: Double
    public var resetNoise: ResetNoise
    /// Whether the state (qpos, qvel) after a step lets the episode go on.
    public var isHealthy: @Sendable (_ qpos: [Double], _ qvel: [Double]) -> Bool
    /// The D4RL name prefix of the task's datasets, e.g. `hopper` (reference scores: `hopper-*-v2`).
    public var datasetDomain: String

    /// The episode length limit, in steps.
    public static let maxEpisodeSteps = 1000

    /// The four locomotion tasks.
    public static let all: [LocomotionTask] = [.hopper, .walker2d, .halfCheetah, .ant]

    /// The observation of a state: `qpos[excludedPositions...] ++ clip(qvel) ++ zeros(zeroPadding)`.
    public func observation(qpos: [Double], qvel: [Double]) -> [Double] {
        let velocities = velocityClip.map { bound in qvel.map { min(max($0, -bound), bound) } } ?? qvel
        return Array(qpos.dropFirst(excludedPositions)) + velocities + [Double](repeating: 0, count: zeroPadding)
    }

    /// The control cost `controlCostWeight · Σᵢ aᵢ²` of an unclipped action.
    public func controlCost(_ action: [Double]) -> Double {
        controlCostWeight * action.reduce(0) { $0 + $1 * $1 }
    }
}
