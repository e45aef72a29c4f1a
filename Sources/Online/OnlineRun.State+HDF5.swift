import Core
import Environments
import HDF5
import IQL

extension OnlineRun.State {
    /// Writes the loop's state as attributes of `group` (`@seed`, `@random_steps`,
    /// `@environment_steps`, `@episodes`, `@episode_return`, `@episode_length`, `@rng_state`,
    /// `@time`, `@forward_position`) and `group/{observation, qpos, qvel, warm_start}` (the
    /// last three float64, the simulator's exact state).
    func write(to group: Group) throws(HDF5Error) {
        try group.setAttribute("seed", seed)
        try group.setAttribute("rng_state", generator.state)
        for (name, value) in [("random_steps", randomSteps), ("environment_steps", environmentSteps), ("episodes", episodes),
                              ("episode_length", episodeLength), ("elapsed_steps", environment.elapsedSteps)] {
            try group.setAttribute(name, Int64(value))
        }
        try group.setAttribute("episode_return", episodeReturn)
        try group.setAttribute("time", environment.time)
        try group.setAttribute("forward_position", environment.forwardPosition)
        try group.createDataset("observation", values: observation, chunks: .contiguous, gzipLevel: nil)
        try group.createDataset("qpos", values: environment.qpos, chunks: .contiguous, gzipLevel: nil)
        try group.createDataset("qvel", values: environment.qvel, chunks: .contiguous, gzipLevel: nil)
        try group.createDataset("warm_start", values: environment.warmStartAccelerations, chunks: .contiguous, gzipLevel: nil)
    }

    /// Reads what `write(to:)` wrote for a simulator of `environment`'s widths.
    init(readingFrom group: Group, for environment: LocomotionEnvironment) throws(CheckpointError) {
        let nq = environment.simulation.positionCount, nv = environment.simulation.velocityCount
        func finiteDoubles(_ name: String, _ count: Int) throws(CheckpointError) -> [Double] {
            let values = try group.values(name, shape: [count], as: Double.self)
            guard values.allSatisfy(\.isFinite) else { throw .corrupted(file: group.location.file, reason: "\(group.path)/\(name) is not finite") }
            return values
        }
        let snapshot = LocomotionEnvironment.Snapshot(
            qpos: try finiteDoubles("qpos", nq), qvel: try finiteDoubles("qvel", nv), warmStartAccelerations: try finiteDoubles("warm_start", nv),
            time: try group.scalar("time", as: Double.self),
            elapsedSteps: try group.integer("elapsed_steps", in: 0...LocomotionTask.maxEpisodeSteps - 1),
            forwardPosition: try group.scalar("forward_position", as: Double.self))
        self.init(seed: try group.scalar("seed", as: UInt64.self), randomSteps: try group.integer("random_steps", in: 0...Int.max / 2),
                  environmentSteps: try group.integer("environment_steps", in: 0...Int.max / 2),
                  episodes: try group.integer("episodes", in: 0...Int.max / 2),
                  observation: try group.finiteFloats("observation", shape: [environment.observationDim]),
                  episodeReturn: try group.scalar("episode_return", as: Double.self),
                  episodeLength: try group.integer("episode_length", in: 0...LocomotionTask.maxEpisodeSteps - 1),
                  environment: snapshot, generator: SplitMix64(seed: try group.scalar("rng_state", as: UInt64.self)))
    }

    /// Mixes every field into `hash`.
    func combine(into hash: inout ContentHash) {
        hash.combine([seed, generator.state])
        hash.combine([randomSteps, environmentSteps, episodes, episodeLength, environment.elapsedSteps])
        hash.combine([episodeReturn, environment.time, environment.forwardPosition])
        hash.combine(observation)
        hash.combine(environment.qpos)
        hash.combine(environment.qvel)
        hash.combine(environment.warmStartAccelerations)
    }
}
