extension Transitions {
    /// Every step of every episode as a transition (SPEC §7): (sₜ, aₜ, rₜ, 1 − terminationₜ, sₜ₊₁)
    /// with sₜ₊₁ from the stored T + 1 observations, so unlike D4RL's `qlearning_dataset` no
    /// step is lost, the last of an episode included. A truncation ends the episode without a
    /// terminal (mask 1: the value of the state after it is bootstrapped). `episodeEnds` marks
    /// the last step of each episode (the trajectories the locomotion reward scale splits by);
    /// `sourceRows` counts steps over the whole dataset.
    /// - Throws: `.noTransitions` when no episode has a step.
    public init(minari dataset: MinariDataset) throws(DatasetError) {
        let steps = dataset.stepCount, o = dataset.observationDim
        guard steps > 0 else { throw .noTransitions(file: dataset.name.name, rows: 0) }
        var observations: [Float] = [], nextObservations: [Float] = [], actions: [Float] = []
        var rewards: [Float] = [], masks: [Float] = [], episodeEnds: [Bool] = []
        observations.reserveCapacity(steps * o)
        nextObservations.reserveCapacity(steps * o)
        actions.reserveCapacity(steps * dataset.actionDim)
        for episode in dataset.episodes where episode.length > 0 {
            let t = episode.length
            observations += episode.observations[0..<t * o]
            nextObservations += episode.observations[o..<(t + 1) * o]
            actions += episode.actions
            rewards += episode.rewards.map { Float($0) }
            masks += episode.terminations.map { $0 ? 0 : 1 }
            episodeEnds += [Bool](repeating: false, count: t - 1) + [true]
        }
        self.init(
            name: dataset.name, observationDim: o, actionDim: dataset.actionDim, observations: observations, actions: actions,
            rewards: rewards, masks: masks, nextObservations: nextObservations, episodeEnds: episodeEnds,
            sourceRows: Array(0..<steps))
    }
}
