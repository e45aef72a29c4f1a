import CKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif

/// Rectified linear unit, y = max(x, 0), on raw buffers (in place, no allocation).
public enum ReLU {
    /// y ← max(y, 0) for `count` floats; NaN propagates, as with `jnp.maximum`.
    @inline(__always)
    public static func forward(_ values: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { values[i] = values[i] < 0 ? 0 : values[i] }
    }

    /// dL/dx from dL/dy in place, using the post-activation output y:
    ///
    ///     g ← g · 1(y > 0)
    ///
    /// The derivative at 0 is taken as 0, as in `jax.nn.relu`.
    @inline(__always)
    public static func backward(_ gradient: UnsafeMutablePointer<Float>, output: UnsafePointer<Float>, count: Int) {
        ck_relu_backward(gradient, output, count)
    }

    /// Bias add then ReLU over a row-major `rows × columns` block: y[r, c] ← max(y[r, c] + b[c], 0).
    @inline(__always)
    public static func forwardAddingBias(
        _ values: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>, rows: Int, columns: Int
    ) {
        ck_add_bias_relu(values, bias, rows, columns)
    }
}

/// Hyperbolic tangent on raw buffers (in place, no allocation); the actor's `mean = tanh(·)`.
public enum Tanh {
    /// y ← tanh(y) for `count` floats (libm `tanhf`).
    public static func forward(_ values: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { values[i] = tanhf(values[i]) }
    }

    /// dL/dx from dL/dy in place, using the post-activation output y:
    ///
    ///     g ← g · (1 − y²)
    public static func backward(_ gradient: UnsafeMutablePointer<Float>, output: UnsafePointer<Float>, count: Int) {
        for i in 0..<count { gradient[i] *= 1 - output[i] * output[i] }
    }
}

/// y[r, c] ← y[r, c] + b[c] over a row-major `rows × columns` block.
@inline(__always)
func addBias(_ values: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>, rows: Int, columns: Int) {
    ck_add_bias(values, bias, rows, columns)
}

/// Each row of a row-major `rows × columns` block ← b (the bias pre-fill for a β = 1 GEMM).
@inline(__always)
func fillRows(_ values: UnsafeMutablePointer<Float>, with bias: UnsafePointer<Float>, rows: Int, columns: Int) {
    for r in 0..<rows { (values + r * columns).update(from: bias, count: columns) }
}
