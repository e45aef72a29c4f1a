import Core
import HDF5
import IQL

extension ReplayBuffer {
    /// Writes the rows held, in storage order, as `group/{observations, actions, rewards, masks,
    /// truncations, next_observations}` (float32, truncations bool) with `@capacity` and
    /// `@appended`, the layout `init(readingFrom:)` reads.
    func write(to group: Group) throws(HDF5Error) {
        try group.setAttribute("capacity", Int64(capacity))
        try group.setAttribute("appended", Int64(appended))
        let (n, o, a) = (count, observationDim, actionDim)
        try group.createDataset("observations", values: Array(observations.prefix(n * o)), shape: [n, o], chunks: .contiguous, gzipLevel: nil)
        try group.createDataset("actions", values: Array(actions.prefix(n * a)), shape: [n, a], chunks: .contiguous, gzipLevel: nil)
        try group.createDataset("rewards", values: Array(rewards.prefix(n)), chunks: .contiguous, gzipLevel: nil)
        try group.createDataset("masks", values: Array(masks.prefix(n)), chunks: .contiguous, gzipLevel: nil)
        try group.createDataset("truncations", values: Array(truncations.prefix(n)), chunks: .contiguous, gzipLevel: nil)
        try group.createDataset("next_observations", values: Array(nextObservations.prefix(n * o)), shape: [n, o], chunks: .contiguous,
                                gzipLevel: nil)
    }

    /// Reads a buffer `write(to:)` wrote, refusing a capacity beyond `MemoryBudget` before
    /// allocating it, shapes that do not fit, non-finite values and masks other than 0 and 1.
    convenience init(readingFrom group: Group, observationDim o: Int, actionDim a: Int) throws(CheckpointError) {
        let capacity = try group.integer("capacity", in: 1...Int(Int32.max))
        let appended = try group.integer("appended", in: 0...Int.max / 2)
        do {
            try self.init(capacity: capacity, observationDim: o, actionDim: a)
        } catch {
            throw .incompatible(file: group.location.file, reason: error.description)
        }
        let n = min(appended, capacity)
        let masks = try group.finiteFloats("masks", shape: [n])
        guard masks.allSatisfy({ $0 == 0 || $0 == 1 }) else {
            throw .corrupted(file: group.location.file, reason: "\(group.path)/masks holds a value other than 0 and 1")
        }
        restore(count: n, appended: appended, observations: try group.finiteFloats("observations", shape: [n, o]),
                actions: try group.finiteFloats("actions", shape: [n, a]), rewards: try group.finiteFloats("rewards", shape: [n]),
                masks: masks, truncations: try group.values("truncations", shape: [n], as: Bool.self),
                nextObservations: try group.finiteFloats("next_observations", shape: [n, o]))
    }

    /// Mixes every row held and the counters into `hash`.
    func combine(into hash: inout ContentHash) {
        let (n, o, a) = (count, observationDim, actionDim)
        hash.combine([capacity, appended])
        hash.combine(Array(observations.prefix(n * o)))
        hash.combine(Array(actions.prefix(n * a)))
        hash.combine(Array(rewards.prefix(n)))
        hash.combine(Array(masks.prefix(n)))
        hash.combine(truncations.prefix(n).map { $0 ? UInt8(1) : 0 })
        hash.combine(Array(nextObservations.prefix(n * o)))
    }
}
