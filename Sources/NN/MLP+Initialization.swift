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
