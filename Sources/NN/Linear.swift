import CKernels
/// A dense layer, y = x · kernel + bias, on a batch of row vectors.
///
/// `kernel` is stored (in, out) row-major and `bias` has `out` elements, as flax `nn.Dense`
/// stores them. Shapes: x is `batch × inputCount`, y is `batch × outputCount`, both row-major.
/// The layer holds no numbers itself: it addresses two tensors of a `Parameters` through a base
/// pointer the caller supplies (`parameters.values`), so gradients live in a buffer of the same
/// layout and nothing is allocated per call.
public struct Linear {
    /// Width of each input row.
    public let inputCount: Int
    /// Width of each output row.
    public let outputCount: Int
    /// `"\(name)/kernel"`, shape `[inputCount, outputCount]`.
    public let kernel: Parameters.Tensor
    /// `"\(name)/bias"`, shape `[outputCount]`.
    public let bias: Parameters.Tensor

    /// Registers `"\(name)/kernel"` [in, out] then `"\(name)/bias"` [out] in `parameters`, zero-filled.
    public init(inputCount: Int, outputCount: Int, name: String, in parameters: inout Parameters) {
        precondition(inputCount > 0 && outputCount > 0, "Linear \(name): sizes \(inputCount)→\(outputCount) must be positive")
        self.inputCount = inputCount
        self.outputCount = outputCount
        kernel = parameters.append("\(name)/kernel", shape: [inputCount, outputCount])
        bias = parameters.append("\(name)/bias", shape: [outputCount])
    }

    /// y = x · W + b.
    ///
    /// - Parameters:
    ///   - parameters: base of the `Parameters.values` this layer was registered in.
    ///   - input: x, `batch × inputCount`.
    ///   - output: y, `batch × outputCount`; overwritten (must not alias `input`).
    /// - Complexity: 2·batch·in·out flops (one `sgemm`) + batch·out adds.
    @inline(__always)
    public func forward(
        parameters: UnsafePointer<Float>, input: UnsafePointer<Float>, batch: Int, output: UnsafeMutablePointer<Float>,
        sharing: ProductShare? = nil
    ) {
        gemm(.none, .none, m: batch, n: outputCount, k: inputCount,
             a: input, lda: inputCount, b: parameters + kernel.offset, ldb: outputCount,
             beta: 0, c: output, ldc: outputCount, extras: GEMMExtras(bias: parameters + bias.offset), sharing: sharing)
    }

    /// Gradients of y = x · W + b given dL/dy:
    ///
    ///     dW = xᵀ · dy            (in × out)
    ///     db = Σ_rows dy          (out)
    ///     dx = dy · Wᵀ            (batch × in), only if `inputGradient` is non-nil
    ///
    /// dW and db **overwrite** this layer's two slices of `gradients` (a buffer laid out like
    /// `parameters`); nothing is accumulated. The two halves are also callable on their own
    /// (`parameterGradients`, `inputGradient`), e.g. on two threads: they share only reads.
    /// `sharing`: see `gemm`.
    ///
    /// - Complexity: 2·batch·in·out flops for dW, as many again for dx.
    @inline(__always)
    public func backward(
        parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>, input: UnsafePointer<Float>,
        outputGradient: UnsafePointer<Float>, batch: Int, inputGradient: UnsafeMutablePointer<Float>?, sharing: ProductShare? = nil
    ) {
        parameterGradients(gradients, input: input, outputGradient: outputGradient, batch: batch, sharing: sharing)
        if let inputGradient {
            self.inputGradient(inputGradient, parameters: parameters, outputGradient: outputGradient, batch: batch, sharing: sharing)
        }
    }

    /// dW = xᵀ · dy and db = Σ_rows dy into this layer's slices of `gradients` (overwritten).
    @inline(__always)
    public func parameterGradients(
        _ gradients: UnsafeMutablePointer<Float>, input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>, batch: Int,
        sharing: ProductShare? = nil
    ) {
        // dW = xᵀ·dy: (in × batch)·(batch × out).
        // db = Σ_rows dy comes from the same pass over dy.
        gemm(.transposed, .none, m: inputCount, n: outputCount, k: batch,
             a: input, lda: inputCount, b: outputGradient, ldb: outputCount,
             beta: 0, c: gradients + kernel.offset, ldc: outputCount, extras: GEMMExtras(columnSumsOfB: gradients + bias.offset),
             sharing: sharing)
    }

    /// dx = dy · Wᵀ, `batch × in`, into `inputGradient` (overwritten); with `h`, the output of the
    /// ReLU that x came from, dx is also passed back through it (zero where h ≤ 0) in the same pass.
    @inline(__always)
    public func inputGradient(
        _ inputGradient: UnsafeMutablePointer<Float>, parameters: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>, batch: Int,
        throughReLUWithOutput h: UnsafePointer<Float>? = nil, sharing: ProductShare? = nil
    ) {
        // (batch × out)·(out × in).
        gemm(.none, .transposed, m: batch, n: inputCount, k: outputCount,
             a: outputGradient, lda: outputCount, b: parameters + kernel.offset, ldb: outputCount,
             beta: 0, c: inputGradient, ldc: inputCount, extras: GEMMExtras(reluOutput: h), sharing: sharing)
    }
}
