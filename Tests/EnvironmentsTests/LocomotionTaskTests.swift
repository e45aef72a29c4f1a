import Environments
import Testing

/// Finding a task from the names users type, and the per-task facts of SPEC §4 and §8.
struct LocomotionTaskTests {
    @Test("gymnasium ids (alone or starting a file name) give their version; D4RL names and robots give v4", arguments: [
        ("hopper-medium-v2", "Hopper-v4"), ("hopper_medium-v2.hdf5", "Hopper-v4"), ("/data/Walker2d_expert-v2.hdf5", "Walker2d-v4"),
        ("HalfCheetah-v4", "HalfCheetah-v4"), ("halfcheetah", "HalfCheetah-v4"), ("ant-medium-replay-v2", "Ant-v4"),
        ("hopper", "Hopper-v4"), ("hopper-v4-dynamics.hdf5", "Hopper-v4"),
        ("Hopper-v5", "Hopper-v5"), ("hopper-v5", "Hopper-v5"), ("HOPPER-V5", "Hopper-v5"), ("walker2d-v5", "Walker2d-v5"),
        ("HalfCheetah-v5", "HalfCheetah-v5"), ("ant-v5-dynamics.hdf5", "Ant-v5"), ("/fixtures/walker2d-v5-dynamics.hdf5", "Walker2d-v5"),
        ("hopper_v5_expert.h5", "Hopper-v5"),
    ])
    func named(name: String, gymnasiumID: String) {
        #expect(LocomotionTask.named(name)?.gymnasiumID == gymnasiumID)
    }

    @Test("names of other domains, and gymnasium versions we do not simulate, find nothing", arguments: [
        "antmaze-umaze-v2", "pen-human-v1", "cartpole", "", "hopper-v6", "Hopper-v3", "hopper-v3-dynamics.hdf5", "Ant-v10",
        "walker2d_v2",
    ])
    func unknown(name: String) {
        #expect(LocomotionTask.named(name) == nil)
    }

    @Test("knownNames lists the D4RL robots, then the v5 ids, and each one names its own task")
    func knownNames() {
        #expect(LocomotionTask.knownNames == "hopper, walker2d, halfcheetah, ant, hopper-v5, walker2d-v5, halfcheetah-v5, ant-v5")
        let named = LocomotionTask.knownNames.split(separator: ", ").map { LocomotionTask.named(String($0)) }
        #expect(named == LocomotionTask.all.map { $0 })
    }

    @Test("gymnasium id and entry point (a Minari env_spec's) of each task", arguments: zip(LocomotionTask.all, [
        "gymnasium.envs.mujoco.hopper_v4:HopperEnv", "gymnasium.envs.mujoco.walker2d_v4:Walker2dEnv",
        "gymnasium.envs.mujoco.half_cheetah_v4:HalfCheetahEnv", "gymnasium.envs.mujoco.ant_v4:AntEnv",
        "gymnasium.envs.mujoco.hopper_v5:HopperEnv", "gymnasium.envs.mujoco.walker2d_v5:Walker2dEnv",
        "gymnasium.envs.mujoco.half_cheetah_v5:HalfCheetahEnv", "gymnasium.envs.mujoco.ant_v5:AntEnv",
    ]))
    func gymnasiumEntryPoint(task: LocomotionTask, entryPoint: String) {
        #expect(task.gymnasiumEntryPoint == entryPoint)
        #expect(task.gymnasiumID == "\(task.name)-\(task.gymnasiumVersion)")
    }

    /// Undoing exactly the changes SPEC §8 lists must give the v4 task back, field for field.
    @Test("each v5 task is its v4 task with only the fields v5 changes")
    func v5Differences() {
        var hopper = LocomotionTask.hopperV5, walker2d = LocomotionTask.walker2dV5
        var halfCheetah = LocomotionTask.halfCheetahV5, ant = LocomotionTask.antV5
        (hopper.gymnasiumID, hopper.healthyRewardOnlyWhileHealthy) = ("Hopper-v4", false)
        (walker2d.gymnasiumID, walker2d.healthyRewardOnlyWhileHealthy, walker2d.slidingFriction) = ("Walker2d-v4", false, [:])
        halfCheetah.gymnasiumID = "HalfCheetah-v4"
        (ant.gymnasiumID, ant.healthyRewardOnlyWhileHealthy, ant.contactForces, ant.zeroPadding) = ("Ant-v4", false, nil, 84)
        #expect([hopper, walker2d, halfCheetah, ant] == [.hopper, .walker2d, .halfCheetah, .ant])
        #expect(LocomotionTask.walker2dV5.slidingFriction == ["foot": 1.9])
        #expect(LocomotionTask.antV5.contactForces == .init(bodies: 1..<14, clipRange: -1...1, costWeight: 5e-4))
    }

    @Test("observation and action widths of SPEC §4 and §8", arguments: zip(LocomotionTask.all, [
        (11, 3), (17, 6), (17, 6), (111, 8), (11, 3), (17, 6), (17, 6), (105, 8),
    ]))
    func widths(task: LocomotionTask, widths: (Int, Int)) throws {
        let environment = try LocomotionEnvironment(task)
        #expect(environment.observationDim == widths.0)
        #expect(environment.actionDim == widths.1)
    }

    @Test("Walker2d's feet: 0.9 (right, geom foot) and 1.9 (left) in v4, 1.9 and 1.9 in v5", arguments: [
        (LocomotionTask.walker2d, 0.9), (.walker2dV5, 1.9),
    ])
    func walkerFeet(task: LocomotionTask, right: Double) throws {
        let simulation = try LocomotionEnvironment(task).simulation
        let feet = try ["foot", "foot_left"].map { try #require(simulation.geomIndex(named: $0)) }
        #expect(feet.map { simulation.slidingFriction(geom: $0) } == [right, 1.9])
        #expect(simulation.geomIndex(named: "no-such-geom") == nil)
    }

    @Test("a friction on a geom the model lacks is refused at load")
    func unknownGeom() throws {
        var task = LocomotionTask.walker2dV5
        task.slidingFriction = ["hoof": 1]
        let error = try #require(throws: SimulationError.self) { try LocomotionEnvironment(task) }
        #expect(error.description == "Models/walker2d.xml: no geom named 'hoof'")
    }

    @Test("Ant-v5's 78 contact values: zero in the observation a reset returns, then clipped cfrc_ext; none on the world body")
    func antContactValues() throws {
        let environment = try LocomotionEnvironment(.antV5)
        let reset = environment.reset(seed: 0)
        #expect(reset.count == 105 && reset[27...].allSatisfy { $0 == 0 })
        var touched = 0
        for step in 0..<20 {
            let outcome = environment.advance([Double](repeating: step % 2 == 0 ? 1 : -1, count: 8))
            let contact = outcome.observation[27...]
            touched += contact.contains { $0 != 0 } ? 1 : 0
            #expect(contact.allSatisfy { abs($0) <= 1 })
            #expect(environment.simulation.externalForces(bodies: 0..<1) == [0, 0, 0, 0, 0, 0])
        }
        #expect(touched > 0, "no step of 20 touched the floor")
    }

    @Test("error summary: max and median, the mean of the middle two for an even count")
    func errorSummary() {
        let odd = DynamicsCheck.ErrorSummary([3, 1, 2]), even = DynamicsCheck.ErrorSummary([4, 1, 3, 2])
        #expect(odd.max == 3 && odd.median == 2)
        #expect(even.max == 4 && even.median == 2.5)
        #expect(DynamicsCheck.ErrorSummary([]) == DynamicsCheck.ErrorSummary([0]))
    }
}

extension LocomotionTask: CustomTestStringConvertible {
    public var testDescription: String { gymnasiumID }
}
