/// Draws batches uniformly with replacement from transitions into a
/// preallocated `Batch`, deterministically from the generator passed in:
/// the same generator state gives the same batch on every platform.
public struct BatchSampler: Sendable {
    public let transitions: Transitions

    public init(_ transitions: Transitions) {
        precondition(transitions.count > 0, "cannot sample from an empty set of transitions")
        self.transitions = transitions
    }

    /// Fills every row of `batch`: row k is transition `uniformIndex(below: count)`,
    /// drawn in row order, with concat(s, a) built beside. Allocates nothing.
    public func fill<G: RandomNumberGenerator>(_ batch: Batch, using generator: inout G) {
        precondition(batch.observationDim == transitions.observationDim && batch.actionDim == transitions.actionDim,
                     "batch dims (\(batch.observationDim), \(batch.actionDim)) differ from data (\(transitions.observationDim), \(transitions.actionDim))")
        Self.fill(batch, fromFirst: transitions.count, observations: transitions.observations, actions: transitions.actions,
                  rewards: transitions.rewards, masks: transitions.masks, nextObservations: transitions.nextObservations,
                  using: &generator)
    }

    /// Fills `batch` as `fill(_:using:)` does from the first `count` rows of row-major arrays (a
    /// replay buffer's, allocated for more rows than it holds yet).
    public static func fill<G: RandomNumberGenerator>(
        _ batch: Batch, fromFirst count: Int, observations: [Float], actions: [Float], rewards: [Float], masks: [Float],
        nextObservations: [Float], using generator: inout G
    ) {
        let (o, a) = (batch.observationDim, batch.actionDim)
        precondition(count > 0 && observations.count >= count * o && actions.count >= count * a && rewards.count >= count
                     && masks.count >= count && nextObservations.count >= count * o,
                     "cannot draw \(count) rows of (\(o), \(a)) values from these arrays")
        for row in 0..<batch.size {
            batch.indices[row] = uniformIndex(below: count, using: &generator)
        }
        let indices = batch.indices
        copyRows(observations, width: o, indices: indices, into: batch.observations)
        copyRows(actions, width: a, indices: indices, into: batch.actions)
        copyRows(nextObservations, width: o, indices: indices, into: batch.nextObservations)
        copyRows(rewards, width: 1, indices: indices, into: batch.rewards)
        copyRows(masks, width: 1, indices: indices, into: batch.masks)
        batch.buildStateActions()
    }

    private static func copyRows(_ source: [Float], width: Int, indices: [Int], into destination: UnsafeMutablePointer<Float>) {
        source.withUnsafeBufferPointer { source in
            for (row, index) in indices.enumerated() {
                (destination + row * width).update(from: source.baseAddress! + index * width, count: width)
            }
        }
    }
}

/// A uniform integer in `0 ..< bound` from 64-bit draws, by Lemire's
/// multiply-and-reject method ("Fast random integer generation in an
/// interval", 2019). Written out so results never depend on the standard
/// library's choice of algorithm.
public func uniformIndex<G: RandomNumberGenerator>(below bound: Int, using generator: inout G) -> Int {
    precondition(bound > 0, "bound must be positive, got \(bound)")
    let range = UInt64(bound)
    var product = generator.next().multipliedFullWidth(by: range)
    if product.low < range {
        let threshold = (0 &- range) % range
        while product.low < threshold { product = generator.next().multipliedFullWidth(by: range) }
    }
    return Int(product.high)
}
