import Core

extension MLP {
    /// Every buffer one `MLP` needs for a forward and a backward pass at up to `batchCapacity` rows.
    ///
    /// Allocated once in `init` (`UnsafeMutablePointer<Float>.allocate`), freed in `deinit`, so
    /// updates allocate nothing. Holds, per layer l, its output (post-ReLU and post-dropout for
    /// hidden layers) of `batchCapacity × sizes[l + 1]` floats — the last one is `output` — and
    /// two scratch blocks for the backward pass's hidden-layer gradients. One workspace serves one
    /// MLP (it remembers the sizes) and one pass at a time: not thread-safe.
    public final class Workspace {
        /// The largest batch a forward or backward pass on this workspace may use.
        public let batchCapacity: Int
        /// [in, h1, …, out] of the MLP this workspace was made for.
        let sizes: [Int]
        /// Layer l's output, `batchCapacity × sizes[l + 1]`.
        let activations: [UnsafeMutablePointer<Float>]
        /// Ping-pong buffers for dL/d(hidden), `batchCapacity × max(hidden sizes)` each.
        let scratch: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>)
        /// What the last forward pass saw; backward checks it.
        var lastInput: UnsafePointer<Float>?
        var lastBatch = 0
        /// p = 1 − rate of the last forward pass's dropout, or 1 if it applied none.
        var lastKeepProbability: Float = 1

        /// Allocates the buffers of `mlp` for batches of up to `batchCapacity` rows.
        public init(for mlp: MLP, batchCapacity: Int) {
            precondition(batchCapacity > 0, "MLP.Workspace: batchCapacity \(batchCapacity) must be positive")
            self.batchCapacity = batchCapacity
            sizes = mlp.sizes
            activations = mlp.layers.map { layer in
                UnsafeMutablePointer<Float>.allocateZeroedCacheAligned(batchCapacity * layer.outputCount)
            }
            let widest = mlp.layers.dropLast().map(\.outputCount).max() ?? 0
            let scratchCount = max(1, batchCapacity * widest)
            scratch = (.allocateZeroedCacheAligned(scratchCount), .allocateZeroedCacheAligned(scratchCount))
        }

        deinit {
            for buffer in activations { buffer.deallocate() }
            scratch.0.deallocate()
            scratch.1.deallocate()
        }

        /// Where step l of a backward pass writes dL/d(input of layer l), for 0 < l: the two
        /// scratch blocks in turn, so that step l − 1 reads it while writing the other.
        func hiddenGradient(below l: Int) -> UnsafeMutablePointer<Float> {
            l % 2 == 0 ? scratch.0 : scratch.1
        }

        /// The last forward pass's result, `batch × outputCount` row-major; the pointer is stable
        /// for the workspace's lifetime (capacity `batchCapacity × outputCount`).
        public var output: UnsafeMutablePointer<Float> { activations[activations.count - 1] }

        /// Layer `index`'s output from the last forward pass (post-ReLU/dropout for hidden
        /// layers), `batch × sizes[index + 1]`; `activations(ofLayer: layers.count - 1) == output`.
        public func activations(ofLayer index: Int) -> UnsafeMutablePointer<Float> {
            activations[index]
        }
    }
}
