extension MLP {
    /// `forward(parameters:…)` reading the values of `parameters`.
    public func forward(_ parameters: Parameters, input: UnsafePointer<Float>, batch: Int, workspace: Workspace,
                        sharing: ProductShare? = nil) {
        parameters.values.withUnsafeBufferPointer { values in
            forward(parameters: values.baseAddress!, input: input, batch: batch, workspace: workspace, sharing: sharing)
        }
    }

    /// `backward(parameters:…)` reading the values of `parameters`, into this MLP's slices of
    /// `gradients` (laid out like `parameters`).
    public func backward(_ parameters: Parameters, into gradients: inout [Float], input: UnsafePointer<Float>,
                         outputGradient: UnsafePointer<Float>, batch: Int, workspace: Workspace,
                         inputGradient: UnsafeMutablePointer<Float>? = nil, sharing: ProductShare? = nil) {
        parameters.values.withUnsafeBufferPointer { values in
            gradients.withUnsafeMutableBufferPointer { gradients in
                backward(parameters: values.baseAddress!, gradients: gradients.baseAddress!, input: input, outputGradient: outputGradient,
                         batch: batch, workspace: workspace, inputGradient: inputGradient, sharing: sharing)
            }
        }
    }

    /// dL/dx alone (`batch × inputCount` into `inputGradient`) through the last forward pass on
    /// `workspace`: every step's `.inputGradient` part, no parameter gradients. SAC's policy
    /// loss differentiates the critics with respect to their action input this way.
    public func inputGradient(_ parameters: Parameters, input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
                              batch: Int, workspace: Workspace, into inputGradient: UnsafeMutablePointer<Float>,
                              sharing: ProductShare? = nil) {
        parameters.values.withUnsafeBufferPointer { values in
            let base = values.baseAddress!
            // `.inputGradient` steps write no parameter gradients, so the gradient buffer is never touched.
            let untouched = UnsafeMutablePointer(mutating: base)
            for l in stride(from: layers.count - 1, through: 0, by: -1) {
                backwardStep(l, .inputGradient, parameters: base, gradients: untouched, input: input, outputGradient: outputGradient,
                             batch: batch, workspace: workspace, inputGradient: inputGradient, sharing: sharing)
            }
        }
    }
}

extension Adam {
    /// One step on `network` with `gradients` (laid out like its parameters).
    public func step(_ network: inout Trainable, gradients: [Float], learningRate: Float) {
        gradients.withUnsafeBufferPointer { gradients in
            update(&network.parameters.values, gradients: gradients.baseAddress!, state: &network.optimizer, learningRate: learningRate)
        }
    }
}
