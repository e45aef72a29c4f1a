import Core
import HDF5

/// The weights of a behaviour policy file (`/work/shared/policies/*.h5`; layout in its README): a
/// tanh MLP with observation standardisation and a state-independent log σ, read and checked.
/// `Environments.BehaviorPolicy` acts with them.
public struct BehaviorPolicyWeights: Sendable {
    /// One affine layer y = x · kernel + bias, kernel row-major (inputs, outputs).
    public struct Layer: Sendable {
        public let inputs: Int
        public let outputs: Int
        public let kernel: [Double]
        public let bias: [Double]
    }

    /// D, the observation width the policy was trained on.
    public let observationDim: Int
    /// A, the action width.
    public let actionDim: Int
    public let observationMean: [Double]
    /// The per-dimension divisor of the standardisation (`obs_denom`).
    public let observationDenominator: [Double]
    /// The three affine layers; tanh follows the first two.
    public let layers: [Layer]
    /// log σ of the Gaussian exploration noise, per action dimension.
    public let logStandardDeviation: [Double]
    /// The file's `task` attribute, e.g. `hopper`, or nil.
    public let task: String?
    /// The file's `level` attribute, e.g. `expert`, or nil.
    public let level: String?
    /// The file's `source` attribute (where the weights come from), or nil.
    public let source: String?
    /// The file's `measured_return_gymnasium_v4`: the deterministic return in gymnasium v4, or nil.
    public let measuredReturn: Double?

    /// Reads a policy file (layout: `/work/shared/policies/README.md`).
    /// - Throws: `BehaviorPolicyError` naming the file and the missing, misshapen or non-finite
    ///   array (or a non-positive `obs_denom`).
    public init(contentsOf path: String) throws(BehaviorPolicyError) {
        let root: Group
        do { root = try File(opening: path).root() } catch { throw BehaviorPolicyError(path: path, reason: error.description) }
        func array(_ key: String, shape: [Int?]) throws(BehaviorPolicyError) -> (values: [Double], shape: [Int]) {
            do {
                guard try root.contains(key) else { throw BehaviorPolicyError(path: path, reason: "no '\(key)' array") }
                let dataset = try root.dataset(key)
                let fits = dataset.shape.count == shape.count && zip(dataset.shape, shape).allSatisfy { $1 == nil || $0 == $1 }
                guard fits else {
                    let expected = "(" + shape.map { $0.map(String.init) ?? "n" }.joined(separator: ", ") + ")"
                    throw BehaviorPolicyError(path: path, reason: "'\(key)' has shape \(dataset.shape), expected \(expected)")
                }
                let values = try dataset.read(as: Double.self)
                if let bad = values.first(where: { !$0.isFinite }) {
                    throw BehaviorPolicyError(path: path, reason: "'\(key)' holds \(bad)")
                }
                return (values, dataset.shape)
            } catch let error as BehaviorPolicyError {
                throw error
            } catch {
                throw BehaviorPolicyError(path: path, reason: "\(error)")
            }
        }
        observationMean = try array("obs_mean", shape: [nil]).values
        let dim = observationMean.count
        observationDenominator = try array("obs_denom", shape: [dim]).values
        if let bad = observationDenominator.first(where: { $0 <= 0 }) {
            throw BehaviorPolicyError(path: path, reason: "'obs_denom' holds \(bad); the standardisation divides by it")
        }
        var layers: [Layer] = []
        var width = dim
        for index in 0..<3 {
            let kernel = try array("layer\(index)/kernel", shape: [width, nil])
            let outputs = kernel.shape[1]
            let bias = try array("layer\(index)/bias", shape: [outputs]).values
            layers.append(Layer(inputs: width, outputs: outputs, kernel: kernel.values, bias: bias))
            width = outputs
        }
        logStandardDeviation = try array("log_std", shape: [width]).values
        observationDim = dim
        actionDim = width
        self.layers = layers
        func text(_ name: String) -> String? { try? root.stringAttribute(name) }
        task = text("task")
        level = text("level")
        source = text("source")
        measuredReturn = try? root.attribute("measured_return_gymnasium_v4", as: Double.self)
        if let activation = text("activation"), activation != "tanh" {
            throw BehaviorPolicyError(path: path, reason: "activation '\(activation)' is not tanh")
        }
    }
}
