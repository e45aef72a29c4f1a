import CKernels

/// A multilayer perceptron: `Linear` layers with ReLU after every hidden layer (not after the
/// last), and optionally inverted dropout after each hidden ReLU.
///
///     h₀ = x,   hₗ = drop(relu(hₗ₋₁ · Wₗ + bₗ))   for hidden l,   y = h_{L−1} · W_L + b_L
///
/// For IQL: the critics and the value are `MLP(sizes: [in, 256, 256, 1])`; the actor is
/// `MLP(sizes: [obs, 256, 256, act], dropoutRate: r)` followed by tanh on the output — the same
/// function as the original's `MLP(activate_final=True, dropout_rate=r)` + `Dense` mean head.
///
/// Like `Linear`, an MLP holds only the layout; numbers live in `Parameters.values` (read through
/// a base pointer) and activations in an `MLP.Workspace`, so forward and backward allocate nothing.
///
///     var parameters = Parameters()
///     let value = MLP(sizes: [17, 256, 256, 1], prefix: "value/", in: &parameters)
///     var generator = SplitMix64(seed: 42)
///     value.initialize(&parameters, gain: Float(2).squareRoot(), using: &generator)
///     let workspace = MLP.Workspace(for: value, batchCapacity: 256)
///     parameters.values.withUnsafeBufferPointer { p in
///         value.forward(parameters: p.baseAddress!, input: observations, batch: 256, workspace: workspace)
///     }   // workspace.output holds V(s), 256 × 1
public struct MLP {
    /// The layers in order; `layers[l]` maps `sizes[l]` to `sizes[l + 1]`.
    public let layers: [Linear]
    /// Dropout rate after each hidden ReLU in the training forward pass, in [0, 1).
    public let dropoutRate: Float
    /// [in, h1, …, out].
    public let sizes: [Int]

    /// Registers `"\(prefix)layer0/kernel"`, `"\(prefix)layer0/bias"`, `"\(prefix)layer1/kernel"`, …
    /// in that order (zero-filled; see `initialize(_:gain:using:)`).
    ///
    /// - Parameter sizes: [in, h1, …, out], at least two positive widths.
    public init(sizes: [Int], prefix: String, dropoutRate: Float = 0, in parameters: inout Parameters) {
        precondition(sizes.count >= 2, "MLP: sizes \(sizes) need an input and an output width")
        precondition(dropoutRate >= 0 && dropoutRate < 1, "MLP: dropoutRate \(dropoutRate) outside [0, 1)")
        self.sizes = sizes
        self.dropoutRate = dropoutRate
        layers = (0..<(sizes.count - 1)).map { l in
            Linear(inputCount: sizes[l], outputCount: sizes[l + 1], name: "\(prefix)layer\(l)", in: &parameters)
        }
    }

    /// Width of an input row, `sizes.first`.
    public var inputCount: Int { sizes[0] }
    /// Width of an output row, `sizes.last`.
    public var outputCount: Int { sizes[sizes.count - 1] }

    /// Inference forward pass (no dropout); the result, `batch × outputCount`, is at `workspace.output`.
    ///
    /// - Parameters:
    ///   - parameters: base of the `Parameters.values` this MLP was registered in.
    ///   - input: `batch × inputCount`, row-major; must stay valid until `backward`.
    ///   - batch: 1…`workspace.batchCapacity` rows.
    /// - Complexity: 2·batch·Σ sizes[l]·sizes[l+1] flops.
    public func forward(parameters: UnsafePointer<Float>, input: UnsafePointer<Float>, batch: Int, workspace: Workspace) {
        run(parameters: parameters, input: input, batch: batch, workspace: workspace, keepProbability: 1, masks: nil)
    }

    /// Training forward pass with dropout after each hidden ReLU (keep probability p = 1 − rate,
    /// kept units divided by p, like flax `nn.Dropout`).
    ///
    /// When `dropoutRate == 0` this is the plain `forward` and draws nothing from `generator`.
    /// Otherwise it draws exactly **one** `UInt64` from `generator`, seeds a `SplitMix64` with it,
    /// and that generator decides the units layer by layer, row-major (see `Dropout`), so a given
    /// generator state always gives the same masks.
    public func forward<G: RandomNumberGenerator>(
        parameters: UnsafePointer<Float>, input: UnsafePointer<Float>, batch: Int, workspace: Workspace,
        dropoutUsing generator: inout G
    ) {
        if dropoutRate == 0 {
            run(parameters: parameters, input: input, batch: batch, workspace: workspace, keepProbability: 1, masks: nil)
        } else {
            var masks = SplitMix64(seed: generator.next())
            run(parameters: parameters, input: input, batch: batch, workspace: workspace,
                keepProbability: 1 - dropoutRate, masks: &masks)
        }
    }

    private func run(
        parameters: UnsafePointer<Float>, input: UnsafePointer<Float>, batch: Int, workspace: Workspace,
        keepProbability: Float, masks: UnsafeMutablePointer<SplitMix64>?
    ) {
        check(workspace, batch: batch)
        let last = layers.count - 1
        var x = input
        for l in 0...last {
            let layer = layers[l]
            let y = workspace.activations[l]
            // y = x·W + b, through the ReLU below the last layer, in one pass.
            gemm(.none, .none, m: batch, n: layer.outputCount, k: layer.inputCount,
                 a: x, lda: layer.inputCount, b: parameters + layer.kernel.offset, ldb: layer.outputCount,
                 beta: 0, c: y, ldc: layer.outputCount, extras: GEMMExtras(bias: parameters + layer.bias.offset, relu: l < last))
            if l < last, let masks {
                Dropout.apply(y, count: batch * layer.outputCount, keepProbability: keepProbability, using: &masks.pointee)
            }
            x = UnsafePointer(y)
        }
        workspace.lastInput = input
        workspace.lastBatch = batch
        workspace.lastKeepProbability = masks == nil ? 1 : keepProbability
    }

    /// Backpropagates dL/dy through the last forward pass on `workspace`.
    ///
    /// Overwrites this MLP's slices of `gradients` (a buffer laid out like the parameters) with
    /// dL/dW and dL/db of every layer, and writes dL/dx (`batch × inputCount`) to `inputGradient`
    /// when it is non-nil. Dropout masks of a training forward pass are applied again (through
    /// the stored activations: a unit passes gradient iff its output was > 0, scaled by 1/p).
    ///
    /// - Parameters:
    ///   - input: the same pointer (and contents) the forward pass read.
    ///   - outputGradient: dL/dy, `batch × outputCount`.
    ///   - batch: the forward pass's batch.
    ///   - threads: when given, each hidden layer's dW and dx (its two matrix products) run at the
    ///     same time on the two threads; the numbers are the same as without.
    /// - Complexity: about twice the forward pass's flops (dx of the first layer only on request).
    public func backward(
        parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>, input: UnsafePointer<Float>,
        outputGradient: UnsafePointer<Float>, batch: Int, workspace: Workspace, inputGradient: UnsafeMutablePointer<Float>?,
        threads: ThreadPair? = nil
    ) {
        check(workspace, batch: batch)
        precondition(workspace.lastInput == input && workspace.lastBatch == batch,
                     "MLP.backward: input/batch (\(batch)) differ from the last forward pass (\(workspace.lastBatch))")
        let keepProbability = workspace.lastKeepProbability
        var dy = outputGradient
        for l in stride(from: layers.count - 1, through: 0, by: -1) {
            let layer = layers[l]
            if l == 0 {
                layer.backward(parameters: parameters, gradients: gradients, input: input,
                               outputGradient: dy, batch: batch, inputGradient: inputGradient)
            } else {
                let h = UnsafePointer(workspace.activations[l - 1])
                let dh = l % 2 == 0 ? workspace.scratch.0 : workspace.scratch.1
                let output = dy
                if layer.outputCount == 1 && keepProbability == 1 {
                    unitLayerBackward(layer, parameters: parameters, gradients: gradients, input: h, outputGradient: output,
                                      inputGradient: dh, batch: batch, threads: threads)
                } else if let threads {
                    threads.run(
                        { layer.parameterGradients(gradients, input: h, outputGradient: output, batch: batch) },
                        { hiddenGradient(dh, of: layer, parameters: parameters, output: h, outputGradient: output,
                                         batch: batch, keepProbability: keepProbability) })
                } else {
                    layer.parameterGradients(gradients, input: h, outputGradient: output, batch: batch)
                    hiddenGradient(dh, of: layer, parameters: parameters, output: h, outputGradient: output,
                                   batch: batch, keepProbability: keepProbability)
                }
                dy = UnsafePointer(dh)
            }
        }
    }

    /// The backward pass of a one-unit layer (a critic's or the value's head) above a ReLU without
    /// dropout: dw = hᵀ·dy and dL/dh = dy ⊗ w through the ReLU in one pass over h (each thread
    /// taking half of the columns), and db = Σ dy.
    private func unitLayerBackward(
        _ layer: Linear, parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>, input h: UnsafePointer<Float>,
        outputGradient dy: UnsafePointer<Float>, inputGradient dh: UnsafeMutablePointer<Float>, batch: Int, threads: ThreadPair?
    ) {
        let dw = gradients + layer.kernel.offset, w = parameters + layer.kernel.offset, columns = layer.inputCount
        if let threads {
            threads.split(columns) { range in
                ck_unit_layer_backward(dw, dh, h, dy, w, batch, columns, range.lowerBound, range.count)
            }
        } else {
            ck_unit_layer_backward(dw, dh, h, dy, w, batch, columns, 0, columns)
        }
        ck_column_sums(gradients + layer.bias.offset, dy, batch, 1)
    }

    /// dL/dh for the hidden activations h = drop(relu(·)) that `layer` read: dy · Wᵀ, then through
    /// the dropout mask and the ReLU (a unit passes gradient iff its output was > 0).
    @inline(__always)
    private func hiddenGradient(
        _ dh: UnsafeMutablePointer<Float>, of layer: Linear, parameters: UnsafePointer<Float>, output h: UnsafePointer<Float>,
        outputGradient: UnsafePointer<Float>, batch: Int, keepProbability: Float
    ) {
        if keepProbability == 1 {
            layer.inputGradient(dh, parameters: parameters, outputGradient: outputGradient, batch: batch, throughReLUWithOutput: h)
        } else {
            layer.inputGradient(dh, parameters: parameters, outputGradient: outputGradient, batch: batch)
            Dropout.backwardThroughReLU(dh, output: h, count: batch * layer.inputCount, keepProbability: keepProbability)
        }
    }

    @inline(__always)
    private func check(_ workspace: Workspace, batch: Int) {
        precondition(workspace.sizes == sizes, "MLP: workspace made for sizes \(workspace.sizes), not \(sizes)")
        precondition(batch > 0 && batch <= workspace.batchCapacity,
                     "MLP: batch \(batch) outside 1...\(workspace.batchCapacity)")
    }
}
