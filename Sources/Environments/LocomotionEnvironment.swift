import Core

/// A MuJoCo locomotion task (`LocomotionTask`) behind D4RL's `Environment` protocol.
///
/// Each instance owns its `Simulation`, so several instances can roll out episodes on different
/// threads at once. Observations are computed in double precision (`advance`) and handed to
/// policies as `Float` (`step`).
///
///     let hopper = try LocomotionEnvironment(.hopper)
///     var observation = hopper.reset(seed: 0)
///     let result = hopper.step([0.1, -0.2, 0.3])
public final class LocomotionEnvironment: Environment {
    /// One environment step in double precision.
    public struct Outcome: Sendable {
        public var observation: [Double]
        public var reward: Double
        /// The robot left its healthy range (`LocomotionTask.isHealthy`, a health condition failed).
        public var terminated: Bool
    }

    public let task: LocomotionTask
    /// The simulation, for reading or setting the physics state.
    public let simulation: Simulation
    public let observationDim: Int
    public let actionDim: Int
    public let maxEpisodeSteps = LocomotionTask.maxEpisodeSteps
    /// Seconds per environment step: `frameSkip · timestep`.
    public let dt: Double
    /// Steps since the last reset.
    public private(set) var elapsedSteps = 0
    private let forwardBodyIndex: Int?
    /// The forward position a restored snapshot recorded, for the next step's reward (see `Snapshot`).
    private var restoredForwardPosition: Double?

    /// Loads the task's bundled model and sets the task's sliding frictions on it.
    /// - Throws: `SimulationError` when the model cannot be loaded or lacks the task's forward
    ///   body, a geom the task sets the friction of, or a body whose contact forces it observes.
    public init(_ task: LocomotionTask) throws(SimulationError) {
        let simulation = try Simulation(bundledModel: task.modelName)
        try Self.setFrictions(task, simulation)
        self.task = task
        self.simulation = simulation
        let contactValues = 6 * (task.contactForces?.bodies.count ?? 0)
        observationDim = simulation.positionCount - task.excludedPositions + simulation.velocityCount + contactValues
            + task.zeroPadding
        actionDim = simulation.actuatorCount
        dt = Double(task.frameSkip) * simulation.timestep
        if let bodies = task.contactForces?.bodies, bodies.clamped(to: 0..<simulation.bodyCount) != bodies {
            throw Self.modelError(task, "no bodies \(bodies) (it has \(simulation.bodyCount))")
        }
        if let body = task.forwardBody {
            guard let index = simulation.bodyIndex(named: body) else { throw Self.modelError(task, "no body named '\(body)'") }
            forwardBodyIndex = index
        } else {
            forwardBodyIndex = nil
        }
    }

    /// The observation of the current state, with the contact forces of the last step (zero
    /// after a reset, as in gymnasium).
    public var observation: [Double] {
        task.observation(qpos: simulation.qpos, qvel: simulation.qvel, contactForces: contactForces)
    }

    /// Starts an episode from `qpos0` and zero velocity perturbed by the task's reset noise,
    /// drawn from `SplitMix64(seed:)`: all position draws, then all velocity draws.
    public func reset(seed: UInt64) -> [Float] {
        var generator = SplitMix64(seed: seed)
        let noise = task.resetNoise.offsets(positions: simulation.positionCount, velocities: simulation.velocityCount,
                                            using: &generator)
        setState(qpos: zip(simulation.initialQpos, noise.qpos).map(+), qvel: noise.qvel)
        return observation.map { Float($0) }
    }

    /// Puts the simulation in state (qpos, qvel) with every derived quantity recomputed and
    /// restarts the step count, as gymnasium's `set_state` after a reset.
    public func setState(qpos: [Double], qvel: [Double]) {
        simulation.setState(qpos: qpos, qvel: qvel)
        elapsedSteps = 0
        restoredForwardPosition = nil
    }

    /// Everything the next steps depend on, to continue an episode bit for bit elsewhere (an
    /// online run's checkpoint): the state, the solver's warm start, the clock, the step count
    /// and the forward position the next reward starts from (after a physics step MuJoCo's body
    /// positions are those of the last substep's start, which no state reproduces on its own).
    public struct Snapshot: Equatable, Sendable {
        public var qpos: [Double]
        public var qvel: [Double]
        public var warmStartAccelerations: [Double]
        public var time: Double
        public var elapsedSteps: Int
        public var forwardPosition: Double

        public init(qpos: [Double], qvel: [Double], warmStartAccelerations: [Double], time: Double, elapsedSteps: Int,
                    forwardPosition: Double) {
            self.qpos = qpos
            self.qvel = qvel
            self.warmStartAccelerations = warmStartAccelerations
            self.time = time
            self.elapsedSteps = elapsedSteps
            self.forwardPosition = forwardPosition
        }
    }

    /// The environment as it stands.
    public var snapshot: Snapshot {
        Snapshot(qpos: simulation.qpos, qvel: simulation.qvel, warmStartAccelerations: simulation.warmStartAccelerations,
                 time: simulation.time, elapsedSteps: elapsedSteps, forwardPosition: restoredForwardPosition ?? forwardPosition)
    }

    /// Puts the environment back where `snapshot` was taken: the next `step` gives the numbers it
    /// gave there. The observation is the caller's to keep (for Ant-v5 it holds the last step's
    /// contact forces, which no state recomputes).
    /// - Precondition: the snapshot's widths are this task's.
    public func restore(_ snapshot: Snapshot) {
        simulation.setState(qpos: snapshot.qpos, qvel: snapshot.qvel)
        simulation.warmStartAccelerations = snapshot.warmStartAccelerations
        simulation.time = snapshot.time
        elapsedSteps = snapshot.elapsedSteps
        restoredForwardPosition = snapshot.forwardPosition
    }

    /// Applies `action` for `frameSkip` physics steps and scores the move (`LocomotionTask`).
    /// For a task with contact forces, `cfrc_ext` is computed after the last physics step, as
    /// gymnasium's `do_simulation` does.
    public func advance(_ action: [Double]) -> Outcome {
        precondition(action.count == actionDim, "\(task.name) takes \(actionDim) action values, got \(action.count)")
        let before = restoredForwardPosition ?? forwardPosition
        restoredForwardPosition = nil
        simulation.step(action: action, frameSkip: task.frameSkip)
        if task.contactForces != nil { simulation.computeExternalForces() }
        elapsedSteps += 1
        let qpos = simulation.qpos, qvel = simulation.qvel, forces = contactForces
        let healthy = task.isHealthy(qpos: qpos, qvel: qvel)
        let reward = (forwardPosition - before) / dt + task.healthyReward(isHealthy: healthy) - task.controlCost(action)
            - task.contactCost(forces)
        return Outcome(observation: task.observation(qpos: qpos, qvel: qvel, contactForces: forces), reward: reward,
                       terminated: !healthy)
    }

    public func step(_ action: [Float]) -> StepResult {
        let outcome = advance(action.map(Double.init))
        return StepResult(observation: outcome.observation.map { Float($0) }, reward: outcome.reward,
                          terminated: outcome.terminated, truncated: elapsedSteps >= maxEpisodeSteps)
    }

    /// The task's clipped contact forces as MuJoCo last computed them, or none.
    private var contactForces: [Double] {
        task.contactForces.map { $0.clipped(simulation.externalForces(bodies: $0.bodies)) } ?? []
    }

    /// x of the forward body's frame from the last kinematics pass, or `qpos[0]`.
    private var forwardPosition: Double {
        forwardBodyIndex.map { simulation.bodyPosition($0)[0] } ?? simulation.qpos[0]
    }

    private static func setFrictions(_ task: LocomotionTask, _ simulation: Simulation) throws(SimulationError) {
        for (geom, friction) in task.slidingFriction {
            guard let index = simulation.geomIndex(named: geom) else { throw modelError(task, "no geom named '\(geom)'") }
            simulation.setSlidingFriction(friction, geom: index)
        }
    }

    private static func modelError(_ task: LocomotionTask, _ message: String) -> SimulationError {
        SimulationError(path: "Models/\(task.modelName).xml", message: message)
    }
}
