/// Per-dimension observation standardisation `(s − mean) / std`, as CORL does
/// (the original IQL does not normalise). `std` already includes the epsilon.
///
/// The statistics belong to the trained policy: they are saved in its
/// checkpoint and applied to every observation at evaluation.
public struct ObservationNormalizer: Hashable, Sendable {
    /// Per-dimension mean.
    public var mean: [Float]
    /// Per-dimension population standard deviation plus epsilon.
    public var std: [Float]

    /// CORL's epsilon added to the standard deviation.
    public static let defaultEpsilon: Float = 1e-3

    public init(mean: [Float], std: [Float]) {
        precondition(mean.count == std.count, "mean has \(mean.count) dims, std \(std.count)")
        self.mean = mean
        self.std = std
    }

    /// Fits mean and standard deviation (ddof 0, accumulated in Double) of the transitions' observations.
    public init(fitting transitions: Transitions, epsilon: Float = defaultEpsilon) {
        let width = transitions.observationDim
        let count = Double(max(transitions.count, 1))
        var sums = [Double](repeating: 0, count: width)
        for (index, value) in transitions.observations.enumerated() { sums[index % width] += Double(value) }
        let means = sums.map { $0 / count }
        var squares = [Double](repeating: 0, count: width)
        for (index, value) in transitions.observations.enumerated() {
            let deviation = Double(value) - means[index % width]
            squares[index % width] += deviation * deviation
        }
        self.init(mean: means.map { Float($0) }, std: squares.map { Float(($0 / count).squareRoot()) + epsilon })
    }

    public var dimension: Int { mean.count }

    /// Normalises every row of a row-major buffer of observations in place.
    public func normalize(_ observations: inout [Float]) {
        observations.withUnsafeMutableBufferPointer { normalize($0.baseAddress!, rows: $0.count / dimension) }
    }

    /// Normalises `rows` observations stored back to back at `pointer`.
    public func normalize(_ pointer: UnsafeMutablePointer<Float>, rows: Int) {
        for row in 0..<rows {
            for column in 0..<dimension {
                let value = pointer[row * dimension + column]
                pointer[row * dimension + column] = (value - mean[column]) / std[column]
            }
        }
    }

    /// Normalises the observations and next observations of `transitions`.
    public func apply(to transitions: inout Transitions) {
        precondition(transitions.observationDim == dimension, "normaliser has \(dimension) dims, data \(transitions.observationDim)")
        normalize(&transitions.observations)
        normalize(&transitions.nextObservations)
    }
}
