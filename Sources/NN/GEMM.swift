// The only file in NN that talks to BLAS: OpenBLAS through `CBLAS` on Linux, Accelerate on macOS.
#if canImport(Accelerate)
import Accelerate
#else
import CBLAS
import Glibc
#endif
import CKernels

/// Whether a GEMM operand is used as stored or transposed.
public enum Transpose {
    /// Use the matrix as stored: op(A) = A.
    case none
    /// Use the transpose of the stored matrix: op(A) = Aᵀ.
    case transposed
}

/// Single-precision general matrix product on row-major storage.
///
///     C(m×n) ← α · op(A)(m×k) · op(B)(k×n) + β · C
///
/// `A` is stored m×k (lda ≥ k) when `transA == .none`, k×m (lda ≥ m) when transposed; likewise
/// `B` is k×n (ldb ≥ n) or n×k (ldb ≥ k); `C` is m×n with ldc ≥ n. When β == 0, `C` is not read
/// (NaNs in it do not propagate). Every matrix product in the package goes through this function.
///
/// Three implementations, by shape and CPU:
/// - the vector shapes of a network's one-unit output layer (α = 1, β = 0, the vector operand
///   contiguous): n = 1 (a matrix times a vector, `ck_matrix_vector` /
///   `ck_transposed_matrix_vector`) and k = 1 (an outer product, `ck_outer_product`), which
///   OpenBLAS takes 2–4× longer over than these loops;
/// - every other shape on an x86-64 CPU with AVX2 + FMA or AVX-512F (`BLAS.usesOwnKernel`):
///   `ck_sgemm`, whose AVX-512 and AVX2 kernels do the same arithmetic per element, so that a
///   training run gives the same bits on every such CPU (OpenBLAS's kernels differ by CPU). On
///   AVX-512 it is 1.1–1.15× OpenBLAS's (SkylakeX kernels) speed on 256×256×256 and 1.3–1.4× on
///   the first layers' (k or m = 17–23), one thread;
/// - elsewhere `cblas_sgemm` (with `CblasRowMajor`).
///
/// `extras` adds a layer's elementwise work to the product (see `GEMMExtras`): on the own kernel
/// inside it, elsewhere as separate C loops right after it, with the same results.
///
/// `sharing` (nil: none) offers the product's column panels to a partner thread waiting on the
/// share (`ThreadPair`); only the own kernel shares, and the result does not change.
///
/// - Complexity: 2·m·n·k floating-point operations.
@inline(__always)
public func gemm(
    _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int, alpha: Float = 1,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, extras: GEMMExtras = GEMMExtras(), sharing: ProductShare? = nil
) {
    precondition(m >= 0 && n >= 0 && k >= 0, "gemm: negative size m=\(m) n=\(n) k=\(k)")
    precondition(lda >= max(1, transA == .none ? k : m), "gemm: lda=\(lda) too small (m=\(m) k=\(k) \(transA))")
    precondition(ldb >= max(1, transB == .none ? n : k), "gemm: ldb=\(ldb) too small (k=\(k) n=\(n) \(transB))")
    precondition(ldc >= max(1, n), "gemm: ldc=\(ldc) < n=\(n)")
    extras.check(transB: transB, n: n, ldb: ldb, ldc: ldc)
    var fused = false  // true once the own kernel has done the extras
    defer { if !fused { extras.apply(c: c, m: m, n: n, b: b, k: k) } }
    if m == 0 || n == 0 { return }
    if alpha == 1 && beta == 0 && vectorProduct(transA, transB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc) {
        return
    }
    if BLAS.usesOwnKernel {
        withUnsafePointer(to: extras.c) { extras in
            ck_sgemm(0, transA == .none ? 0 : 1, transB == .none ? 0 : 1, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, extras,
                     sharing?.pointer)
        }
        fused = true
        return
    }
    cblas_sgemm(
        CblasRowMajor,
        transA == .none ? CblasNoTrans : CblasTrans,
        transB == .none ? CblasNoTrans : CblasTrans,
        numericCast(m), numericCast(n), numericCast(k),
        alpha, a, numericCast(lda), b, numericCast(ldb),
        beta, c, numericCast(ldc))
}

/// A channel on which one thread offers the column panels of its matrix products to a partner
/// thread, which computes the panels it claims while it would otherwise wait (`ck_share_help`;
/// protocol in `Sources/CKernels/share.c`). Each panel is computed exactly as its owner would, so
/// sharing changes no number. `ThreadPair` makes and owns one per thread.
public struct ProductShare: @unchecked Sendable {
    let pointer: OpaquePointer
}

/// A layer's elementwise work that `gemm` does with its product C = α·op(A)·op(B) + β·C, in this
/// order; each is the same float arithmetic as the separate kernel named.
public struct GEMMExtras {
    /// C[i, j] += bias[j] (n floats), then, if `relu`, C[i, j] = max(C[i, j], 0) (NaN stays NaN):
    /// a hidden layer's forward pass (`ck_add_bias_relu`, or `ck_add_bias` without `relu`).
    public var bias: UnsafePointer<Float>?
    /// See `bias`; needs a bias.
    public var relu: Bool
    /// C[i, j] = 0 unless reluOutput[i·n + j] > 0: the backward pass of a ReLU whose output was h
    /// (`ck_relu_backward`). Needs C stored contiguously (ldc = n), as does `bias`.
    public var reluOutput: UnsafePointer<Float>?
    /// columnSumsOfB[j] = Σ_k op(B)[k, j], rows added in order (`ck_column_sums`): a layer's bias
    /// gradient when op(B) = dL/dy. Needs B untransposed and contiguous (ldb = n).
    public var columnSumsOfB: UnsafeMutablePointer<Float>?

    public init(bias: UnsafePointer<Float>? = nil, relu: Bool = false, reluOutput: UnsafePointer<Float>? = nil,
                columnSumsOfB: UnsafeMutablePointer<Float>? = nil) {
        self.bias = bias
        self.relu = relu
        self.reluOutput = reluOutput
        self.columnSumsOfB = columnSumsOfB
    }

    /// The C struct `ck_sgemm` reads.
    var c: ck_gemm_extras {
        ck_gemm_extras(bias: bias, relu: relu ? 1 : 0, reluOutput: reluOutput, columnSumsOfB: columnSumsOfB)
    }

    @inline(__always)
    func check(transB: Transpose, n: Int, ldb: Int, ldc: Int) {
        precondition(!relu || bias != nil, "gemm: relu needs a bias")
        precondition((bias == nil && reluOutput == nil) || ldc == n, "gemm: bias and reluOutput need ldc = n (ldc=\(ldc) n=\(n))")
        precondition(columnSumsOfB == nil || (transB == .none && ldb == n), "gemm: columnSumsOfB needs B k × n with ldb = n")
    }

    /// The extras as separate passes over C (and B), after a product that did not do them.
    @inline(__always)
    func apply(c: UnsafeMutablePointer<Float>, m: Int, n: Int, b: UnsafePointer<Float>, k: Int) {
        if let bias {
            if relu { ck_add_bias_relu(c, bias, m, n) } else { ck_add_bias(c, bias, m, n) }
        }
        if let reluOutput { ck_relu_backward(c, reluOutput, m * n) }
        if let columnSumsOfB { ck_column_sums(columnSumsOfB, b, k, n) }
    }
}

/// C ← op(A)·op(B) by a vector loop when n = 1 or k = 1 and the vector operands are contiguous;
/// false (nothing written) for every other shape.
@inline(__always)
private func vectorProduct(
    _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int
) -> Bool {
    if n == 1 && ldc == 1 && (transB == .transposed || ldb == 1) {
        // c (m) = op(A) (m × k) · b (k): op(B) is one contiguous column.
        if transA == .none {
            ck_matrix_vector(c, a, m, k, lda, b)
        } else {
            ck_transposed_matrix_vector(c, a, k, m, lda, b)
        }
        return true
    }
    if k == 1 && (transA == .transposed || lda == 1) && (transB == .none || ldb == 1) {
        // c (m × n) = a (m) ⊗ b (n): both factors contiguous vectors.
        ck_outer_product(c, a, m, b, n, ldc)
        return true
    }
    return false
}

/// Process-wide BLAS settings.
public enum BLAS {
    /// True when `gemm` runs its matrix shapes on the package's kernel (`ck_sgemm` in
    /// `Sources/CKernels/gemm.c`) rather than on BLAS: the default on x86-64 CPUs with AVX2 + FMA
    /// or AVX-512F, where it gives the same bits on every such CPU. False, and ignored, elsewhere.
    /// Change it only while no `gemm` runs, e.g. before training, to time BLAS alone.
    nonisolated(unsafe) public static var usesOwnKernel = hasOwnKernel
    /// The instruction set of the package's kernel on this CPU ("AVX-512", "AVX2"), nil without one.
    public static let ownKernel: String? = ck_sgemm_kernel_name(0).map { String(cString: $0) }
    /// Whether this CPU can run the package's kernel.
    public static var hasOwnKernel: Bool { ownKernel != nil }

    /// The kernel family the BLAS library runs on this CPU: OpenBLAS's core name (`SkylakeX`,
    /// `Haswell`, `Zen`, … or a generic fallback such as `Prescott`), `Accelerate` on macOS.
    ///
    /// The corresponding C function is `openblas_get_corename`.
    public static var kernel: String {
        #if canImport(Accelerate)
        return "Accelerate"
        #else
        return String(cString: openblas_get_corename())
        #endif
    }

    /// Sets how many threads BLAS may use; the project's updates want 1 (see SPEC §6).
    ///
    /// The corresponding C function is `openblas_set_num_threads`; a no-op on Accelerate.
    public static func setThreadCount(_ count: Int) {
        precondition(count >= 1, "BLAS.setThreadCount: count \(count) < 1")
        #if !canImport(Accelerate)
        openblas_set_num_threads(Int32(count))
        #endif
    }
}
