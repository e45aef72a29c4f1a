extension MLP {
    /// Sets every kernel to `orthogonalMatrix(rows: in, columns: out, gain:)` and every bias to 0,
    /// layer by layer in order (so one generator state gives one network).
    ///
    /// IQL uses gain √2 for all layers, output layers included (SPEC §3).
    public func initialize<G: RandomNumberGenerator>(_ parameters: inout Parameters, gain: Float, using generator: inout G) {
        for layer in layers {
            let kernel = orthogonalMatrix(rows: layer.inputCount, columns: layer.outputCount, gain: gain, using: &generator)
            parameters[layer.kernel] = kernel[...]
            parameters[layer.bias] = ArraySlice(repeating: 0, count: layer.outputCount)
        }
    }
}

extension MLP {
    /// PyTorch's default for `nn.Linear`, which SAC implementations (CleanRL, SB3, rlkit's
    /// critics' trunk aside) start from: every kernel and bias entry i.i.d. uniform in
    /// (−1/√in, 1/√in), in = the layer's input width (`kaiming_uniform(a=√5)` gives that bound).
    ///
    /// Layer by layer, the kernel row-major then the bias, each entry one `nextUnitInterval()`
    /// mapped to bound·(2u − 1), so one generator state gives one network.
    public func initializeUniformFanIn<G: RandomNumberGenerator>(_ parameters: inout Parameters, using generator: inout G) {
        for layer in layers {
            let bound = 1 / Double(layer.inputCount).squareRoot()
            for tensor in [layer.kernel, layer.bias] {
                parameters[tensor] = ArraySlice((0..<tensor.count).map { _ in Float(bound * (2 * generator.nextUnitInterval() - 1)) })
            }
        }
    }
}
