/// Converting between D4RL's one-row-per-step layout and Minari's episodes, and what each way
/// cannot carry.
public enum MinariConversion {
    /// The episodes of a D4RL file, and what did not survive.
    public struct Split: Sendable {
        public var episodes: [MinariEpisode]
        /// Rows left out: without `next_observations`, the last row of each episode (its s′ is
        /// unknown), and episodes left with no step.
        public var droppedRows: Int
        /// Terminal rows among them (their termination is lost with them).
        public var droppedTerminals: Int
        /// Episodes that end with neither a terminal nor a timeout flag (cut at a reset the flags
        /// do not show, or unfinished at the end of the file): written as truncated. (An episode
        /// whose last row was dropped is truncated too, and counted in `droppedRows`.)
        public var cutEpisodes: Int
    }

    /// Splits a D4RL dataset into Minari episodes.
    ///
    /// With `next_observations`, an episode ends after a terminal or timeout row, or where the
    /// stored s′ does not continue into the next row (‖·‖₂ > 1e-6, a reset without a flag); its
    /// T + 1 observations are its rows' and the last row's stored s′, so no row is lost. Without
    /// them, episodes end after terminal and timeout rows (every `maxEpisodeSteps` rows without
    /// timeouts) and the last row of each is dropped. The last step's termination is the row's
    /// terminal flag, its truncation the timeout flag, or true when neither is set.
    public static func episodes(of dataset: D4RLDataset, maxEpisodeSteps: Int = 1000) -> Split {
        let o = dataset.observationDim, a = dataset.actionDim
        var episodes: [MinariEpisode] = [], droppedRows = 0, droppedTerminals = 0, cut = 0
        for range in episodeRanges(of: dataset, maxEpisodeSteps: maxEpisodeSteps) {
            let last = range.upperBound - 1
            let steps = dataset.nextObservations == nil ? range.dropLast() : range[...]
            if dataset.nextObservations == nil {
                droppedRows += 1
                if dataset.terminals[last] { droppedTerminals += 1 }
            }
            guard let final = steps.last else { continue }
            var observations = Array(dataset.observations[steps.lowerBound * o..<(final + 1) * o])
            observations += dataset.nextObservations.map { Array($0[final * o..<(final + 1) * o]) }
                ?? Array(dataset.observations[(final + 1) * o..<(final + 2) * o])
            let terminal = dataset.terminals[final] && final == last
            let timeout = (dataset.timeouts?[final] ?? false) && final == last
            if !terminal && !timeout && final == last { cut += 1 }
            var terminations = [Bool](repeating: false, count: steps.count), truncations = terminations
            terminations[steps.count - 1] = terminal
            truncations[steps.count - 1] = timeout || !terminal
            episodes.append(MinariEpisode(
                index: episodes.count, seed: nil, observations: observations,
                actions: Array(dataset.actions[steps.lowerBound * a..<(final + 1) * a]),
                rewards: dataset.rewards[steps].map(Double.init), terminations: terminations, truncations: truncations))
        }
        return Split(episodes: episodes, droppedRows: droppedRows, droppedTerminals: droppedTerminals, cutEpisodes: cut)
    }

    /// D4RL rows of Minari episodes: each step one row, s′ stored in `next_observations` (so
    /// nothing of the observations is lost), `terminals` the terminations, `timeouts` the
    /// truncations. Rewards become float32 (D4RL's dtype); seeds, infos and Dict structure
    /// (already flattened) are not carried.
    public static func d4rl(_ dataset: MinariDataset) -> D4RLDataset {
        let o = dataset.observationDim
        var observations: [Float] = [], next: [Float] = [], actions: [Float] = []
        var rewards: [Float] = [], terminals: [Bool] = [], timeouts: [Bool] = []
        for episode in dataset.episodes where episode.length > 0 {
            observations += episode.observations[0..<episode.length * o]
            next += episode.observations[o...]
            actions += episode.actions
            rewards += episode.rewards.map { Float($0) }
            terminals += episode.terminations
            timeouts += episode.truncations
        }
        return D4RLDataset(name: dataset.name, observations: observations, observationDim: o, actions: actions,
                           actionDim: dataset.actionDim, nextObservations: next, rewards: rewards, terminals: terminals,
                           timeouts: timeouts)
    }

    /// The row ranges of D4RL episodes as `episodes(of:)` splits them.
    static func episodeRanges(of dataset: D4RLDataset, maxEpisodeSteps: Int) -> [Range<Int>] {
        guard let next = dataset.nextObservations else { return Episodes.raw(of: dataset, maxEpisodeSteps: maxEpisodeSteps).ranges }
        let o = dataset.observationDim
        return Episodes(count: dataset.rowCount) { row in
            if dataset.terminals[row] || (dataset.timeouts?[row] ?? false) || row == dataset.rowCount - 1 { return true }
            var squares: Float = 0
            for column in 0..<o {
                let difference = dataset.observations[(row + 1) * o + column] - next[row * o + column]
                squares += difference * difference
            }
            return squares.squareRoot() > 1e-6
        }.ranges
    }
}
