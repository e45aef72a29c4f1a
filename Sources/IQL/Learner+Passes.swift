import NN

/// What every step of an update shares: a network's forward and backward pass on the batch, a
/// mean, and an Adam step.
extension Learner {
    /// `network` with `parameters` on `input` (the batch's rows), into `workspace`.
    func forward(_ network: MLP, _ parameters: Parameters, on input: UnsafePointer<Float>, into workspace: MLP.Workspace,
                 sharing: ProductShare? = nil) {
        parameters.values.withUnsafeBufferPointer { parameters in
            network.forward(parameters: parameters.baseAddress!, input: input, batch: batch.size, workspace: workspace, sharing: sharing)
        }
    }

    /// The backward pass of the last forward pass of `network` on `workspace`, from `outputGradient`,
    /// into `network`'s slices of `gradients`.
    func backward(_ network: MLP, _ parameters: Parameters, input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
                  workspace: MLP.Workspace, into gradients: inout [Float], sharing: ProductShare? = nil) {
        parameters.values.withUnsafeBufferPointer { parameters in
            gradients.withUnsafeMutableBufferPointer { gradients in
                network.backward(parameters: parameters.baseAddress!, gradients: gradients.baseAddress!, input: input,
                                 outputGradient: outputGradient, batch: batch.size, workspace: workspace, inputGradient: nil,
                                 sharing: sharing)
            }
        }
    }

    /// One Adam step on `network` with `gradients`.
    func adamStep(_ network: inout Trainable, gradients: [Float], learningRate: Float) {
        gradients.withUnsafeBufferPointer { gradients in
            adam.update(&network.parameters.values, gradients: gradients.baseAddress!, state: &network.optimizer,
                        learningRate: learningRate)
        }
    }

    /// The mean of `count` floats, added in order.
    func mean(_ values: UnsafePointer<Float>, count: Int) -> Float {
        var total: Float = 0
        for i in 0..<count { total += values[i] }
        return total / Float(count)
    }
}
