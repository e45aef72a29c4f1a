/// One preallocated training batch, row-major, filled in place by `BatchSampler`.
public struct Batch: Sendable {
    /// Rows per batch.
    public let size: Int
    public let observationDim: Int
    public let actionDim: Int
    /// size × observationDim.
    public var observations: [Float]
    /// size × actionDim.
    public var actions: [Float]
    /// size.
    public var rewards: [Float]
    /// size bootstrap factors (1 − terminal).
    public var masks: [Float]
    /// size × observationDim.
    public var nextObservations: [Float]
    /// size transition indices the rows were drawn from.
    public var indices: [Int]

    public init(size: Int, observationDim: Int, actionDim: Int) {
        self.size = size
        self.observationDim = observationDim
        self.actionDim = actionDim
        observations = [Float](repeating: 0, count: size * observationDim)
        actions = [Float](repeating: 0, count: size * actionDim)
        rewards = [Float](repeating: 0, count: size)
        masks = [Float](repeating: 0, count: size)
        nextObservations = [Float](repeating: 0, count: size * observationDim)
        indices = [Int](repeating: 0, count: size)
    }
}
