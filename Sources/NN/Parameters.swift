import CKernels
/// The float parameters of one network (or of several, e.g. a twin critic), flat and named.
///
/// Tensors are laid out back to back in `values` in the order they were appended, so an
/// optimiser step or a target-network soft update is a single loop over one array, and a
/// gradient buffer with the same layout (`count` floats) serves every tensor at once.
///
///     var parameters = Parameters()
///     let kernel = parameters.append("layer0/kernel", shape: [17, 256])   // offset 0
///     let bias = parameters.append("layer0/bias", shape: [256])           // offset 4352
///     parameters[bias] = ArraySlice(repeating: 0.1, count: 256)
///
/// Names follow flax (`kernel` stored (in, out), `bias`), so checkpoints can be compared with
/// the original implementation's.
public struct Parameters: Equatable {
    /// One named tensor: `count` floats of `values` starting at `offset`, row-major in `shape`.
    public struct Tensor: Equatable {
        /// A path-like name, e.g. `"critic1/layer0/kernel"`; unique within its `Parameters`.
        public let name: String
        /// The dimensions, outermost first; a kernel is `[inputCount, outputCount]`.
        public let shape: [Int]
        /// Index of the first element in `Parameters.values`.
        public let offset: Int
        /// The number of elements, the product of `shape` (1 for a scalar `[]`).
        public var count: Int { shape.reduce(1, *) }
        /// `offset ..< offset + count`.
        public var range: Range<Int> { offset..<(offset + count) }
    }

    /// The tensors in append order; their ranges tile `values` exactly.
    public private(set) var tensors: [Tensor]
    /// All tensors' elements back to back, in append order.
    public var values: [Float]

    /// An empty set of parameters.
    public init() {
        tensors = []
        values = []
    }

    /// The total number of floats, `values.count`.
    public var count: Int { values.count }

    /// Appends a zero-filled tensor at the end of `values` and returns its descriptor.
    ///
    /// - Precondition: `name` is not yet used and every dimension is ≥ 0.
    @discardableResult
    public mutating func append(_ name: String, shape: [Int]) -> Tensor {
        precondition(shape.allSatisfy { $0 >= 0 }, "Parameters.append: negative dimension in \(name) \(shape)")
        precondition(tensor(named: name) == nil, "Parameters.append: duplicate tensor name \(name)")
        let tensor = Tensor(name: name, shape: shape, offset: values.count)
        values.append(contentsOf: repeatElement(0, count: tensor.count))
        tensors.append(tensor)
        return tensor
    }

    /// The tensor called `name`, or nil.
    public func tensor(named name: String) -> Tensor? {
        tensors.first { $0.name == name }
    }

    /// The elements of `tensor`, row-major.
    ///
    /// - Precondition (set): the new slice has exactly `tensor.count` elements.
    public subscript(tensor: Tensor) -> ArraySlice<Float> {
        get {
            precondition(tensor.offset + tensor.count <= values.count, "Parameters: \(tensor.name) lies outside these parameters")
            return values[tensor.range]
        }
        set {
            precondition(tensor.offset + tensor.count <= values.count, "Parameters: \(tensor.name) lies outside these parameters")
            precondition(newValue.count == tensor.count,
                         "Parameters: assigning \(newValue.count) values to \(tensor.name) of \(tensor.count) (\(tensor.shape))")
            values.replaceSubrange(tensor.range, with: newValue)
        }
    }

    /// Soft (Polyak) update towards `source`, elementwise:
    ///
    ///     θ ← rate · source + (1 − rate) · θ
    ///
    /// computed as `source * rate + θ * (1 - rate)` in Float, the order of the original IQL's
    /// `target_update`. `rate` is τ_p (`targetUpdateRate`), 0.005 in IQL. Does not allocate.
    ///
    /// - Precondition: `source` has the same tensors (names, shapes, offsets).
    /// - Complexity: O(count).
    public mutating func moveTowards(_ source: Parameters, rate: Float) {
        precondition(tensors == source.tensors, "Parameters.moveTowards: layouts differ")
        values.withUnsafeMutableBufferPointer { target in
            source.values.withUnsafeBufferPointer { source in
                Parameters.moveTowards(target, source, rate: rate, elements: 0..<target.count)
            }
        }
    }

    /// `moveTowards` on elements `elements` of two buffers of the same layout (each element on
    /// its own, so disjoint ranges may be updated at the same time).
    public static func moveTowards(
        _ target: UnsafeMutableBufferPointer<Float>, _ source: UnsafeBufferPointer<Float>, rate: Float, elements: Range<Int>
    ) {
        guard !elements.isEmpty else { return }
        let i = elements.lowerBound
        ck_soft_update(target.baseAddress! + i, source.baseAddress! + i, elements.count, rate, 1 - rate)
    }
}
