/// The options of D4RL's `qlearning_dataset` (SPEC §2).
public struct QLearningOptions: Hashable, Sendable {
    /// Keep the last step of time-limited episodes (D4RL's `terminate_on_end`). Default false: drop it.
    public var terminateOnEnd: Bool
    /// Take s′ from the stored `next_observations` instead of the next row's observation.
    public var useStoredNextObservations: Bool
    /// Episode length used to find episode ends when the file has no `timeouts`.
    public var maxEpisodeSteps: Int

    public init(terminateOnEnd: Bool = false, useStoredNextObservations: Bool = false, maxEpisodeSteps: Int = 1000) {
        self.terminateOnEnd = terminateOnEnd
        self.useStoredNextObservations = useStoredNextObservations
        self.maxEpisodeSteps = maxEpisodeSteps
    }
}

extension Transitions {
    /// Builds transitions exactly as D4RL's `qlearning_dataset`, then IQL's `dones_float`.
    ///
    /// For raw rows i in 0 ..< N−1 (the last row is always dropped):
    /// `final = timeouts[i]`, or without timeouts `episodeStep == maxEpisodeSteps − 1`;
    /// a final row is dropped (unless `terminateOnEnd`) and resets the step count;
    /// otherwise (observations[i], actions[i], rewards[i], terminals[i], observations[i+1])
    /// is kept, the step count resets after a terminal or final row and then
    /// increases by one (so after a kept final row it is 1, as in D4RL).
    /// - Throws: `.unavailable` when stored next observations are asked for but absent;
    ///   `.noTransitions` when no row is kept (one row, or every row but the last a time-limit end).
    public init(qLearningFrom dataset: D4RLDataset, options: QLearningOptions = QLearningOptions()) throws(DatasetError) {
        if options.useStoredNextObservations && dataset.nextObservations == nil {
            throw .unavailable(file: dataset.name.name, key: "next_observations", reason: "the file does not store them")
        }
        let rows = Self.keptRows(of: dataset, options: options)
        guard !rows.isEmpty else { throw .noTransitions(file: dataset.name.name, rows: dataset.rowCount) }
        let next = options.useStoredNextObservations ? dataset.nextObservations! : dataset.observations
        let nextOffset = options.useStoredNextObservations ? 0 : 1
        self.init(
            name: dataset.name,
            observationDim: dataset.observationDim,
            actionDim: dataset.actionDim,
            observations: Self.gather(dataset.observations, width: dataset.observationDim, rows: rows),
            actions: Self.gather(dataset.actions, width: dataset.actionDim, rows: rows),
            rewards: rows.map { dataset.rewards[$0] },
            masks: rows.map { dataset.terminals[$0] ? 0 : 1 },
            nextObservations: Self.gather(next, width: dataset.observationDim, rows: rows, offset: nextOffset),
            episodeEnds: [],
            sourceRows: rows)
        episodeEnds = Self.episodeEnds(of: self)
    }

    /// The raw rows `qlearning_dataset` keeps, in order.
    static func keptRows(of dataset: D4RLDataset, options: QLearningOptions) -> [Int] {
        var kept: [Int] = []
        kept.reserveCapacity(max(dataset.rowCount - 1, 0))
        var episodeStep = 0
        for row in 0..<max(dataset.rowCount - 1, 0) {
            let isFinal = dataset.timeouts?[row] ?? (episodeStep == options.maxEpisodeSteps - 1)
            if isFinal && !options.terminateOnEnd {
                episodeStep = 0
                continue
            }
            if dataset.terminals[row] || isFinal { episodeStep = 0 }
            kept.append(row)
            episodeStep += 1
        }
        return kept
    }

    /// IQL's `dones_float`: 1 where ‖observations[i+1] − nextObservations[i]‖₂ > 1e-6
    /// (norm in float32) or the transition is terminal; the last transition is always 1.
    static func episodeEnds(of transitions: Transitions) -> [Bool] {
        let width = transitions.observationDim
        return (0..<transitions.count).map { index in
            guard index + 1 < transitions.count else { return true }
            if transitions.isTerminal(index) { return true }
            var squares: Float = 0
            for column in 0..<width {
                let difference = transitions.observations[(index + 1) * width + column]
                    - transitions.nextObservations[index * width + column]
                squares += difference * difference
            }
            return squares.squareRoot() > 1e-6
        }
    }

    /// Rows `rows[k] + offset` of a row-major buffer of `width` columns, back to back.
    static func gather(_ source: [Float], width: Int, rows: [Int], offset: Int = 0) -> [Float] {
        [Float](unsafeUninitializedCapacity: rows.count * width) { buffer, initialized in
            source.withUnsafeBufferPointer { source in
                for (index, row) in rows.enumerated() {
                    let from = source.baseAddress! + (row + offset) * width
                    (buffer.baseAddress! + index * width).update(from: from, count: width)
                }
            }
            initialized = rows.count * width
        }
    }
}
