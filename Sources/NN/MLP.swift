import Core
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
    ///   - sharing: where the products are offered to a partner thread (see `gemm`); the result is the same.
    /// - Complexity: 2·batch·Σ sizes[l]·sizes[l+1] flops.
    public func forward(
        parameters: UnsafePointer<Float>, input: UnsafePointer<Float>, batch: Int, workspace: Workspace, sharing: ProductShare? = nil
    ) {
        run(parameters: parameters, input: input, batch: batch, workspace: workspace, keepProbability: 1, masks: nil, sharing: sharing)
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
        dropoutUsing generator: inout G, sharing: ProductShare? = nil
    ) {
        if dropoutRate == 0 {
            run(parameters: parameters, input: input, batch: batch, workspace: workspace, keepProbability: 1, masks: nil, sharing: sharing)
        } else {
            var masks = SplitMix64(seed: generator.next())
            run(parameters: parameters, input: input, batch: batch, workspace: workspace,
                keepProbability: 1 - dropoutRate, masks: &masks, sharing: sharing)
        }
    }

    private func run(
        parameters: UnsafePointer<Float>, input: UnsafePointer<Float>, batch: Int, workspace: Workspace,
        keepProbability: Float, masks: UnsafeMutablePointer<SplitMix64>?, sharing: ProductShare?
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
                 beta: 0, c: y, ldc: layer.outputCount, extras: GEMMExtras(bias: parameters + layer.bias.offset, relu: l < last),
                 sharing: sharing)
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
    /// The same as `backwardStep(l, .whole, …)` for l from the last layer to the first.
    ///
    /// - Parameters:
    ///   - input: the same pointer (and contents) the forward pass read.
    ///   - outputGradient: dL/dy, `batch × outputCount`.
    ///   - batch: the forward pass's batch.
    ///   - sharing: see `forward`.
    /// - Complexity: about twice the forward pass's flops (dx of the first layer only on request).
    public func backward(
        parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>, input: UnsafePointer<Float>,
        outputGradient: UnsafePointer<Float>, batch: Int, workspace: Workspace, inputGradient: UnsafeMutablePointer<Float>?,
        sharing: ProductShare? = nil
    ) {
        for l in stride(from: layers.count - 1, through: 0, by: -1) {
            backwardStep(l, .whole, parameters: parameters, gradients: gradients, input: input, outputGradient: outputGradient,
                         batch: batch, workspace: workspace, inputGradient: inputGradient, sharing: sharing)
        }
    }

    /// What `backwardStep` computes of layer l's step, y = h·W + b with h the input of layer l
    /// (the previous layer's output, or x for layer 0) and dy its output's gradient.
    public enum BackwardPart: Equatable {
        /// dW = hᵀ·dy, db = Σ dy and dL/dh (for layer 0: dL/dx, when asked for).
        case whole
        /// dW = hᵀ·dy and db = Σ dy only.
        case parameterGradients
        /// dL/dh = dy·Wᵀ through the ReLU and dropout below only (layer 0: dL/dx, when asked for).
        case inputGradient
        /// A one-unit layer above a ReLU without dropout (`hasUnitStep`): dw and dL/dh of the
        /// input columns `range` in one pass over h, and db = Σ dy with the range starting at 0.
        case unitColumns(Range<Int>)
    }

    /// Step `l` of the backward pass of `backward` (the same arguments), or a part of it.
    ///
    /// Steps run from the last layer to the first; step l reads the dy that step l + 1 wrote
    /// (`outputGradient` for the last layer). Within a step, `.parameterGradients` and
    /// `.inputGradient` share only reads, as do `.unitColumns` of disjoint ranges, so they may run
    /// on two threads at once; together they give exactly the numbers of `.whole`.
    public func backwardStep(
        _ l: Int, _ part: BackwardPart, parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>,
        input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>, batch: Int, workspace: Workspace,
        inputGradient: UnsafeMutablePointer<Float>?, sharing: ProductShare? = nil
    ) {
        check(workspace, batch: batch)
        precondition(workspace.lastInput == input && workspace.lastBatch == batch,
                     "MLP.backward: input/batch (\(batch)) differ from the last forward pass (\(workspace.lastBatch))")
        let layer = layers[l]
        let dy = l == layers.count - 1 ? outputGradient : UnsafePointer(workspace.hiddenGradient(below: l + 1))
        guard l > 0 else {
            if part != .inputGradient { layer.parameterGradients(gradients, input: input, outputGradient: dy, batch: batch, sharing: sharing) }
            if part != .parameterGradients, let inputGradient {
                layer.inputGradient(inputGradient, parameters: parameters, outputGradient: dy, batch: batch, sharing: sharing)
            }
            return
        }
        let h = UnsafePointer(workspace.activations[l - 1]), dh = workspace.hiddenGradient(below: l)
        switch part {
        case .whole where hasUnitStep(l, workspace: workspace):
            unitLayerBackward(layer, columns: 0..<layer.inputCount, parameters: parameters, gradients: gradients, input: h,
                              outputGradient: dy, inputGradient: dh, batch: batch)
        case .whole:
            layer.parameterGradients(gradients, input: h, outputGradient: dy, batch: batch, sharing: sharing)
            hiddenGradient(dh, of: layer, parameters: parameters, output: h, outputGradient: dy, batch: batch,
                           keepProbability: workspace.lastKeepProbability, sharing: sharing)
        case .parameterGradients:
            layer.parameterGradients(gradients, input: h, outputGradient: dy, batch: batch, sharing: sharing)
        case .inputGradient:
            hiddenGradient(dh, of: layer, parameters: parameters, output: h, outputGradient: dy, batch: batch,
                           keepProbability: workspace.lastKeepProbability, sharing: sharing)
        case .unitColumns(let columns):
            precondition(hasUnitStep(l, workspace: workspace), "MLP.backwardStep: layer \(l) is not a one-unit layer above a ReLU")
            unitLayerBackward(layer, columns: columns, parameters: parameters, gradients: gradients, input: h,
                              outputGradient: dy, inputGradient: dh, batch: batch)
        }
    }

    /// Whether step `l` of a backward pass on `workspace` is a one-unit layer above a ReLU without
    /// dropout (a critic's or the value's head), whose step `.unitColumns` can split.
    public func hasUnitStep(_ l: Int, workspace: Workspace) -> Bool {
        l > 0 && layers[l].outputCount == 1 && workspace.lastKeepProbability == 1
    }

    /// The backward pass of a one-unit layer above a ReLU over input columns `columns`:
    /// dw = hᵀ·dy and dL/dh = dy ⊗ w through the ReLU in one pass over h, and db = Σ dy when the
    /// columns start at 0.
    private func unitLayerBackward(
        _ layer: Linear, columns: Range<Int>, parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>,
        input h: UnsafePointer<Float>, outputGradient dy: UnsafePointer<Float>, inputGradient dh: UnsafeMutablePointer<Float>, batch: Int
    ) {
        let dw = gradients + layer.kernel.offset, w = parameters + layer.kernel.offset
        ck_unit_layer_backward(dw, dh, h, dy, w, batch, layer.inputCount, columns.lowerBound, columns.count)
        if columns.lowerBound == 0 { ck_column_sums(gradients + layer.bias.offset, dy, batch, 1) }
    }

    /// dL/dh for the hidden activations h = drop(relu(·)) that `layer` read: dy · Wᵀ, then through
    /// the dropout mask and the ReLU (a unit passes gradient iff its output was > 0).
    @inline(__always)
    private func hiddenGradient(
        _ dh: UnsafeMutablePointer<Float>, of layer: Linear, parameters: UnsafePointer<Float>, output h: UnsafePointer<Float>,
        outputGradient: UnsafePointer<Float>, batch: Int, keepProbability: Float, sharing: ProductShare?
    ) {
        if keepProbability == 1 {
            layer.inputGradient(dh, parameters: parameters, outputGradient: outputGradient, batch: batch, throughReLUWithOutput: h,
                                sharing: sharing)
        } else {
            layer.inputGradient(dh, parameters: parameters, outputGradient: outputGradient, batch: batch, sharing: sharing)
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
