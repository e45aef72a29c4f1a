import Core

/// One training batch (s, a, r, s′, mask) of `size` rows: the buffers the update reads, allocated
/// once (64-byte aligned) and filled in place by `BatchSampler`, with concat(s, a) for the
/// critics built at the same time. Row-major; pointers stay valid for the batch's lifetime.
///
///     let batch = Batch(size: 256, observationDim: 11, actionDim: 3)
///     sampler.fill(batch, using: &generator)     // 256 rows drawn with replacement
public final class Batch: @unchecked Sendable {
    /// Rows per batch.
    public let size: Int
    public let observationDim: Int
    public let actionDim: Int
    /// size × observationDim.
    public let observations: UnsafeMutablePointer<Float>
    /// size × actionDim.
    public let actions: UnsafeMutablePointer<Float>
    /// size × (observationDim + actionDim): each row's observation, then its action.
    public let stateActions: UnsafeMutablePointer<Float>
    /// size rewards.
    public let rewards: UnsafeMutablePointer<Float>
    /// size bootstrap factors (1 − terminal).
    public let masks: UnsafeMutablePointer<Float>
    /// size × observationDim.
    public let nextObservations: UnsafeMutablePointer<Float>
    /// size transition indices the rows were drawn from.
    public internal(set) var indices: [Int]

    public init(size: Int, observationDim: Int, actionDim: Int) {
        precondition(size > 0 && observationDim > 0 && actionDim > 0, "Batch: sizes \(size), \(observationDim), \(actionDim) must be positive")
        self.size = size
        self.observationDim = observationDim
        self.actionDim = actionDim
        observations = .allocateZeroedCacheAligned(size * observationDim)
        actions = .allocateZeroedCacheAligned(size * actionDim)
        stateActions = .allocateZeroedCacheAligned(size * (observationDim + actionDim))
        rewards = .allocateZeroedCacheAligned(size)
        masks = .allocateZeroedCacheAligned(size)
        nextObservations = .allocateZeroedCacheAligned(size * observationDim)
        indices = [Int](repeating: 0, count: size)
    }

    deinit {
        for buffer in [observations, actions, stateActions, rewards, masks, nextObservations] { buffer.deallocate() }
    }

    /// Sets every row from row-major arrays (e.g. a batch stored in a golden file), building
    /// concat(s, a) as `BatchSampler` does; `indices` are left as they are.
    public func assign(observations: [Float], actions: [Float], rewards: [Float], masks: [Float], nextObservations: [Float]) {
        precondition(observations.count == size * observationDim && nextObservations.count == size * observationDim
                     && actions.count == size * actionDim && rewards.count == size && masks.count == size,
                     "Batch.assign: arrays do not fit \(size) rows of \(observationDim) + \(actionDim)")
        self.observations.update(from: observations, count: observations.count)
        self.actions.update(from: actions, count: actions.count)
        self.rewards.update(from: rewards, count: size)
        self.masks.update(from: masks, count: size)
        self.nextObservations.update(from: nextObservations, count: nextObservations.count)
        buildStateActions()
    }

    /// Row k of `stateActions` ← row k of `observations` ++ row k of `actions`.
    func buildStateActions() {
        let width = observationDim + actionDim
        for row in 0..<size {
            (stateActions + row * width).update(from: observations + row * observationDim, count: observationDim)
            (stateActions + row * width + observationDim).update(from: actions + row * actionDim, count: actionDim)
        }
    }

    /// Row-major copies of the buffers, for tests and references.
    public var observationValues: [Float] { Array(UnsafeBufferPointer(start: observations, count: size * observationDim)) }
    public var actionValues: [Float] { Array(UnsafeBufferPointer(start: actions, count: size * actionDim)) }
    public var rewardValues: [Float] { Array(UnsafeBufferPointer(start: rewards, count: size)) }
    public var maskValues: [Float] { Array(UnsafeBufferPointer(start: masks, count: size)) }
    public var nextObservationValues: [Float] { Array(UnsafeBufferPointer(start: nextObservations, count: size * observationDim)) }
}
