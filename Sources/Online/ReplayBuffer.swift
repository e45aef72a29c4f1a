import Core
import D4RL

/// The transitions an online run has collected: a first-in-first-out ring of `capacity` rows
/// (s, a, r, s′, mask, truncated), allocated in full at the start, from which updates draw
/// batches uniformly with replacement.
///
/// mask = 1 − terminated: a termination stops bootstrapping, a time-limit truncation does not
/// (D4RL's `timeouts`, gymnasium's `truncated`). Once full, each new row replaces the oldest.
///
///     let replay = try ReplayBuffer(capacity: 1_000_000, observationDim: 11, actionDim: 3)
///     replay.append(observation: s, action: a, reward: r, terminated: false, truncated: false, nextObservation: s2)
///     replay.fill(learner.batch, using: &generator)
public final class ReplayBuffer {
    public let capacity: Int
    public let observationDim: Int
    public let actionDim: Int
    /// Rows held, at most `capacity`.
    public private(set) var count = 0
    /// Rows ever appended (also those since replaced).
    public private(set) var appended = 0
    private(set) var observations: [Float]
    private(set) var actions: [Float]
    private(set) var rewards: [Float]
    private(set) var masks: [Float]
    private(set) var truncations: [Bool]
    private(set) var nextObservations: [Float]

    /// Bytes a buffer of these sizes allocates, or nil when the count overflows.
    public static func byteCount(capacity: Int, observationDim: Int, actionDim: Int) -> Int? {
        let (width, overflow) = (2 * observationDim + actionDim + 2).multipliedReportingOverflow(by: MemoryLayout<Float>.stride)
        guard !overflow, capacity >= 0 else { return nil }
        let (floats, overflowed) = capacity.multipliedReportingOverflow(by: width)
        return overflowed ? nil : floats + capacity
    }

    /// Allocates every row.
    /// - Throws: `ReplayBufferError.tooLarge` when the buffer would not fit in `MemoryBudget`.
    public init(capacity: Int, observationDim: Int, actionDim: Int) throws(ReplayBufferError) {
        precondition(capacity > 0 && observationDim > 0 && actionDim > 0, "ReplayBuffer: sizes must be positive")
        if let reason = MemoryBudget.refusal(Self.byteCount(capacity: capacity, observationDim: observationDim, actionDim: actionDim)) {
            throw .tooLarge(capacity: capacity, reason: reason)
        }
        self.capacity = capacity
        self.observationDim = observationDim
        self.actionDim = actionDim
        observations = [Float](repeating: 0, count: capacity * observationDim)
        actions = [Float](repeating: 0, count: capacity * actionDim)
        rewards = [Float](repeating: 0, count: capacity)
        masks = [Float](repeating: 0, count: capacity)
        truncations = [Bool](repeating: false, count: capacity)
        nextObservations = [Float](repeating: 0, count: capacity * observationDim)
    }

    /// Stores one environment step, replacing the oldest row when the buffer is full.
    public func append(observation: [Float], action: [Float], reward: Float, terminated: Bool, truncated: Bool,
                       nextObservation: [Float]) {
        precondition(observation.count == observationDim && nextObservation.count == observationDim && action.count == actionDim,
                     "ReplayBuffer: a row of (\(observation.count), \(action.count), \(nextObservation.count)) values, not (\(observationDim), \(actionDim))")
        let row = appended % capacity
        observations.replaceSubrange(row * observationDim..<(row + 1) * observationDim, with: observation)
        actions.replaceSubrange(row * actionDim..<(row + 1) * actionDim, with: action)
        nextObservations.replaceSubrange(row * observationDim..<(row + 1) * observationDim, with: nextObservation)
        rewards[row] = reward
        masks[row] = terminated ? 0 : 1
        truncations[row] = truncated && !terminated
        appended += 1
        count = min(count + 1, capacity)
    }

    /// Stores every transition of an offline dataset, in order (IQL fine-tuning starts from its
    /// training data). Episode ends that are not terminals count as truncations.
    public func append(_ transitions: Transitions) {
        precondition(transitions.observationDim == observationDim && transitions.actionDim == actionDim,
                     "ReplayBuffer: transitions of (\(transitions.observationDim), \(transitions.actionDim)), not (\(observationDim), \(actionDim))")
        for index in 0..<transitions.count {
            append(observation: Array(transitions.observation(index)), action: Array(transitions.action(index)),
                   reward: transitions.rewards[index], terminated: transitions.isTerminal(index),
                   truncated: transitions.episodeEnds[index] && !transitions.isTerminal(index),
                   nextObservation: Array(transitions.nextObservation(index)))
        }
    }

    /// Fills every row of `batch` with a row drawn uniformly from those held (`BatchSampler`'s
    /// draws: `uniformIndex(below: count)` per row, in row order).
    /// - Precondition: the buffer holds a row.
    public func fill<G: RandomNumberGenerator>(_ batch: Batch, using generator: inout G) {
        precondition(batch.observationDim == observationDim && batch.actionDim == actionDim, "ReplayBuffer: batch widths differ")
        BatchSampler.fill(batch, fromFirst: count, observations: observations, actions: actions, rewards: rewards, masks: masks,
                          nextObservations: nextObservations, using: &generator)
    }

    /// Puts back the first `count` rows and the counters a checkpoint saved.
    func restore(count: Int, appended: Int, observations: [Float], actions: [Float], rewards: [Float], masks: [Float],
                 truncations: [Bool], nextObservations: [Float]) {
        self.count = count
        self.appended = appended
        self.observations.replaceSubrange(0..<observations.count, with: observations)
        self.actions.replaceSubrange(0..<actions.count, with: actions)
        self.rewards.replaceSubrange(0..<count, with: rewards)
        self.masks.replaceSubrange(0..<count, with: masks)
        self.truncations.replaceSubrange(0..<count, with: truncations)
        self.nextObservations.replaceSubrange(0..<nextObservations.count, with: nextObservations)
    }

    /// The rows held, oldest first: `0..<count` before the buffer wraps, then from the row the
    /// next append replaces.
    public var chronologicalRows: [Int] {
        count < capacity ? Array(0..<count) : Array(appended % capacity..<capacity) + Array(0..<appended % capacity)
    }
}

/// Why a replay buffer cannot be made or read.
public enum ReplayBufferError: Error, Equatable, CustomStringConvertible {
    case tooLarge(capacity: Int, reason: String)

    public var description: String {
        switch self {
        case .tooLarge(let capacity, let reason): return "a replay buffer of \(capacity) rows \(reason) (--replay-capacity, --max-memory)"
        }
    }
}
