/// A timing of `MLP` forward + backward passes, for `iql-bench` and local checks (not a test).
///
/// It builds an orthogonally initialised MLP, random inputs and output gradients, runs a few
/// warm-up passes, then times `iterations` passes of forward + backward (all parameter gradients,
/// no input gradient, no dropout) with `ContinuousClock`. BLAS threading is left as the caller
/// set it (`BLAS.setThreadCount(1)` for the project's setting).
public enum MLPBenchmark {
    /// One measurement.
    public struct Result {
        /// Wall-clock seconds per forward + backward pass.
        public let secondsPerIteration: Double
        /// Matrix-product flops per pass: 2·batch·Σ in·out forward, the same for dW, and the same
        /// for dx of every layer but the first.
        public let flopsPerIteration: Double
        /// flops / seconds / 10⁹.
        public var gigaflopsPerSecond: Double { flopsPerIteration / secondsPerIteration / 1e9 }
    }

    /// Times forward + backward of an MLP with `sizes` at `batch` rows.
    public static func forwardBackward(
        sizes: [Int] = [14, 256, 256, 1], batch: Int = 256, iterations: Int = 1000, seed: UInt64 = 0
    ) -> Result {
        precondition(iterations > 0)
        var parameters = Parameters()
        let mlp = MLP(sizes: sizes, prefix: "", in: &parameters)
        var generator = SplitMix64(seed: seed)
        mlp.initialize(&parameters, gain: Float(2).squareRoot(), using: &generator)
        let workspace = MLP.Workspace(for: mlp, batchCapacity: batch)
        let input = (0..<(batch * mlp.inputCount)).map { _ in Float(generator.nextStandardNormal()) }
        let outputGradient = (0..<(batch * mlp.outputCount)).map { _ in Float(generator.nextStandardNormal()) }
        var gradients = [Float](repeating: 0, count: parameters.count)

        var flops = 0.0
        for (l, layer) in mlp.layers.enumerated() {
            let product = 2 * Double(batch) * Double(layer.inputCount) * Double(layer.outputCount)
            flops += l == 0 ? 2 * product : 3 * product
        }

        let clock = ContinuousClock()
        var elapsed = Duration.zero
        parameters.values.withUnsafeBufferPointer { p in
            input.withUnsafeBufferPointer { x in
                outputGradient.withUnsafeBufferPointer { dy in
                    gradients.withUnsafeMutableBufferPointer { g in
                        func pass() {
                            mlp.forward(parameters: p.baseAddress!, input: x.baseAddress!, batch: batch, workspace: workspace)
                            mlp.backward(parameters: p.baseAddress!, gradients: g.baseAddress!, input: x.baseAddress!,
                                         outputGradient: dy.baseAddress!, batch: batch, workspace: workspace, inputGradient: nil)
                        }
                        for _ in 0..<min(20, iterations) { pass() }
                        elapsed = clock.measure { for _ in 0..<iterations { pass() } }
                    }
                }
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return Result(secondsPerIteration: seconds / Double(iterations), flopsPerIteration: flops)
    }
}
