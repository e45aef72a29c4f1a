/// A random (semi-)orthogonal `rows × columns` matrix times `gain`, as
/// `flax.linen.initializers.orthogonal(scale: gain)` builds a (in, out) kernel.
///
/// With M = max(rows, columns) and N = min(rows, columns):
/// 1. draw A (M × N) with i.i.d. N(0, 1) entries, row-major, by `nextStandardNormal()`;
/// 2. factor A = Q·R (reduced QR, Householder reflections in Double);
/// 3. Q ← Q · diag(sign(diag R)) — the unique factor whose R has a positive diagonal;
/// 4. if rows < columns, Q ← Qᵀ; return gain · Q as Float, row-major `rows × columns`.
///
/// So WᵀW = gain²·I when rows ≥ columns (orthonormal columns) and WWᵀ = gain²·I otherwise.
/// The draws are JAX's in shape but not in value (our generator is not JAX's), so weights match
/// the original implementation in distribution, not bit for bit.
///
/// Reference: Saxe, McClelland & Ganguli, "Exact solutions to the nonlinear dynamics of learning
/// in deep linear neural networks", ICLR 2014; `jax.nn.initializers.orthogonal`.
///
/// - Complexity: O(M·N²) flops, M·N·2 random draws.
public func orthogonalMatrix<G: RandomNumberGenerator>(
    rows: Int, columns: Int, gain: Float, using generator: inout G
) -> [Float] {
    precondition(rows > 0 && columns > 0, "orthogonalMatrix: shape \(rows)×\(columns) must be positive")
    let m = max(rows, columns), n = min(rows, columns)
    var a = [Double](repeating: 0, count: m * n)
    for i in 0..<a.count { a[i] = generator.nextStandardNormal() }
    let q = orthonormalFactor(m: m, n: n, a)
    var result = [Float](repeating: 0, count: rows * columns)
    let scale = Double(gain)
    if rows >= columns {
        for i in 0..<(m * n) { result[i] = Float(scale * q[i]) }
    } else {
        // result (n × m) = Qᵀ.
        for i in 0..<m {
            for j in 0..<n { result[j * m + i] = Float(scale * q[i * n + j]) }
        }
    }
    return result
}

/// The Q of A = Q·R (A row-major m × n, m ≥ n) normalised so that diag R > 0: Q·diag(sign R_jj).
///
/// Householder: for column k, v = x − α·e₁ with x = A[k..<m, k] and α = −sign(x₀)·‖x‖, so
/// H_k = I − 2vvᵀ/vᵀv maps x to α·e₁ and R_kk = α. Q = H₀H₁⋯H_{n−1}·[I_n; 0]. (A zero R_kk,
/// which has probability 0, is treated as positive; JAX's `sign` would zero that column.)
func orthonormalFactor(m: Int, n: Int, _ matrix: [Double]) -> [Double] {
    precondition(m >= n && matrix.count == m * n)
    var a = matrix
    var reflectors = [[Double]]()   // v_k, length m − k, scaled to vᵀv = 2 (or empty: H_k = I)
    var diagonal = [Double](repeating: 0, count: n)
    for k in 0..<n {
        var norm = 0.0
        for i in k..<m { norm += a[i * n + k] * a[i * n + k] }
        norm = norm.squareRoot()
        let x0 = a[k * n + k]
        let alpha = x0 >= 0 ? -norm : norm
        var v = [Double](repeating: 0, count: m - k)
        for i in k..<m { v[i - k] = a[i * n + k] }
        v[0] -= alpha
        var vv = 0.0
        for x in v { vv += x * x }
        if vv == 0 {
            reflectors.append([])
            diagonal[k] = x0
            continue
        }
        let s = (2 / vv).squareRoot()
        for i in 0..<v.count { v[i] *= s }   // now H = I − v·vᵀ
        for j in k..<n {
            var dot = 0.0
            for i in k..<m { dot += v[i - k] * a[i * n + j] }
            for i in k..<m { a[i * n + j] -= dot * v[i - k] }
        }
        diagonal[k] = alpha
        reflectors.append(v)
    }
    // Q = H₀⋯H_{n−1} applied to the first n columns of I_m, innermost reflector first.
    var q = [Double](repeating: 0, count: m * n)
    for j in 0..<n { q[j * n + j] = 1 }
    for k in stride(from: n - 1, through: 0, by: -1) {
        let v = reflectors[k]
        if v.isEmpty { continue }
        for j in 0..<n {
            var dot = 0.0
            for i in k..<m { dot += v[i - k] * q[i * n + j] }
            for i in k..<m { q[i * n + j] -= dot * v[i - k] }
        }
    }
    for j in 0..<n where diagonal[j] < 0 {
        for i in 0..<m { q[i * n + j] = -q[i * n + j] }
    }
    return q
}
