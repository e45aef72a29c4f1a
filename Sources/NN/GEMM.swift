// The only file in NN that talks to BLAS: OpenBLAS through `CBLAS` on Linux, Accelerate on macOS.
#if canImport(Accelerate)
import Accelerate
#else
import CBLAS
#endif

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
/// The corresponding C function is `cblas_sgemm` (with `CblasRowMajor`).
///
/// - Complexity: 2·m·n·k floating-point operations.
@inline(__always)
public func gemm(
    _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int, alpha: Float = 1,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
) {
    precondition(m >= 0 && n >= 0 && k >= 0, "gemm: negative size m=\(m) n=\(n) k=\(k)")
    precondition(lda >= max(1, transA == .none ? k : m), "gemm: lda=\(lda) too small (m=\(m) k=\(k) \(transA))")
    precondition(ldb >= max(1, transB == .none ? n : k), "gemm: ldb=\(ldb) too small (k=\(k) n=\(n) \(transB))")
    precondition(ldc >= max(1, n), "gemm: ldc=\(ldc) < n=\(n)")
    if m == 0 || n == 0 { return }
    cblas_sgemm(
        CblasRowMajor,
        transA == .none ? CblasNoTrans : CblasTrans,
        transB == .none ? CblasNoTrans : CblasTrans,
        numericCast(m), numericCast(n), numericCast(k),
        alpha, a, numericCast(lda), b, numericCast(ldb),
        beta, c, numericCast(ldc))
}

/// Process-wide BLAS settings.
public enum BLAS {
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
