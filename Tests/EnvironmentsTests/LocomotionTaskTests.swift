import Environments
import Testing

/// Finding a task from the names users type, and the per-task facts of SPEC §4.
struct LocomotionTaskTests {
    @Test("dataset names, file names, gymnasium ids and robot names find their task", arguments: [
        ("hopper-medium-v2", "Hopper"), ("hopper_medium-v2.hdf5", "Hopper"), ("/data/Walker2d_expert-v2.hdf5", "Walker2d"),
        ("HalfCheetah-v4", "HalfCheetah"), ("halfcheetah", "HalfCheetah"), ("ant-medium-replay-v2", "Ant"),
    ])
    func named(name: String, task: String) {
        #expect(LocomotionTask.named(name)?.name == task)
    }

    @Test("names of other domains find nothing", arguments: ["antmaze-umaze-v2", "pen-human-v1", "cartpole", ""])
    func unknown(name: String) {
        #expect(LocomotionTask.named(name) == nil)
    }

    @Test("observation and action widths of SPEC §4", arguments: [
        (LocomotionTask.hopper, 11, 3), (.walker2d, 17, 6), (.halfCheetah, 17, 6), (.ant, 111, 8),
    ])
    func widths(task: LocomotionTask, observationDim: Int, actionDim: Int) throws {
        let environment = try LocomotionEnvironment(task)
        #expect(environment.observationDim == observationDim)
        #expect(environment.actionDim == actionDim)
    }

    @Test("error summary: max and median, the mean of the middle two for an even count")
    func errorSummary() {
        let odd = DynamicsCheck.ErrorSummary([3, 1, 2]), even = DynamicsCheck.ErrorSummary([4, 1, 3, 2])
        #expect(odd.max == 3 && odd.median == 2)
        #expect(even.max == 4 && even.median == 2.5)
        #expect(DynamicsCheck.ErrorSummary([]) == DynamicsCheck.ErrorSummary([0]))
    }
}
