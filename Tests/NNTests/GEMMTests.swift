import CKernels
import NN
import TestSupport
import Testing

/// Reference C = α·op(A)·op(B) + β·C in Double with plain loops over the stored (padded) layouts.
private func naiveGEMM(
    _ ta: Transpose, _ tb: Transpose, m: Int, n: Int, k: Int, alpha: Float,
    a: [Float], lda: Int, b: [Float], ldb: Int, beta: Float, c: [Float], ldc: Int
) -> [Double] {
    var result = c.map(Double.init)
    for i in 0..<m {
        for j in 0..<n {
            var sum = 0.0
            for p in 0..<k {
                let aip = ta == .none ? a[i * lda + p] : a[p * lda + i]
                let bpj = tb == .none ? b[p * ldb + j] : b[j * ldb + p]
                sum += Double(aip) * Double(bpj)
            }
            result[i * ldc + j] = Double(alpha) * sum + (beta == 0 ? 0 : Double(beta) * Double(c[i * ldc + j]))
        }
    }
    return result
}

/// The arithmetic `Sources/CKernels/gemm.c` specifies for every panel kernel, element by element:
/// per depth block of 256, s = 0 and s = fma(A(i, p), B(p, j), s) with p in order; then
/// C = fma(β', C, α·s) with β' = β on the first block and 1 after it (C = α·s when β' = 0).
private func specifiedGEMM(
    _ ta: Transpose, _ tb: Transpose, m: Int, n: Int, k: Int, alpha: Float,
    a: [Float], lda: Int, b: [Float], ldb: Int, beta: Float, c: [Float], ldc: Int
) -> [Float] {
    var result = c
    for i in 0..<m {
        for j in 0..<n {
            var p0 = 0
            repeat {
                var sum: Float = 0
                for p in p0..<min(p0 + 256, k) {
                    sum = sum.addingProduct(ta == .none ? a[i * lda + p] : a[p * lda + i], tb == .none ? b[p * ldb + j] : b[j * ldb + p])
                }
                let scale = p0 == 0 ? beta : 1
                result[i * ldc + j] = scale == 0 ? alpha * sum : (alpha * sum).addingProduct(scale, result[i * ldc + j])
                p0 += 256
            } while p0 < k
        }
    }
    return result
}

struct GEMMTests {
    static let transposes: [(Transpose, Transpose)] = [(.none, .none), (.none, .transposed), (.transposed, .none), (.transposed, .transposed)]
    // (m, n, k, alpha, beta, padding of the leading dimensions); the last three take the vector
    // loops (n = 1 or k = 1 with α = 1, β = 0), sized like an output layer, with a tail of 3.
    static let shapes: [(Int, Int, Int, Float, Float, Int)] = [
        (1, 1, 1, 1, 0, 0), (3, 5, 7, 1, 0, 0), (17, 4, 9, 0.5, 1, 0), (33, 65, 2, -1.5, 0.25, 3),
        (64, 1, 31, 2, 0, 1), (1, 40, 13, 1, -2, 2), (256, 1, 259, 1, 0, 0), (259, 1, 16, 1, 0, 0), (256, 259, 1, 1, 0, 0),
    ]

    @Test("gemm matches a Double triple loop", arguments: 0..<4, 0..<9)
    func matchesNaive(transposeIndex: Int, shapeIndex: Int) {
        let (ta, tb) = Self.transposes[transposeIndex]
        let (m, n, k, alpha, beta, pad) = Self.shapes[shapeIndex]
        let (aRows, aColumns) = ta == .none ? (m, k) : (k, m)
        let (bRows, bColumns) = tb == .none ? (k, n) : (n, k)
        let lda = aColumns + pad, ldb = bColumns + pad, ldc = n + pad
        let seed = UInt64(transposeIndex * 100 + shapeIndex)
        let a = normals(aRows * lda, seed: seed)
        let b = normals(bRows * ldb, seed: seed + 1000)
        var c = normals(m * ldc, seed: seed + 2000)
        let expected = naiveGEMM(ta, tb, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        withPointers(a, b) { a, b in
            c.withUnsafeMutableBufferPointer { c in
                gemm(ta, tb, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c.baseAddress!, ldc: ldc)
            }
        }
        let error = Tolerance.maxAbsoluteError(c, expected)
        // Inputs are O(1): Float rounding of a k-term sum stays far below 1e-5·k.
        #expect(error < 1e-5 * Double(max(k, 1)) * Double(max(abs(alpha), 1)), "max |error| \(error) for \(ta)×\(tb) \(m)×\(n)×\(k)")
        // Padding columns of C are untouched.
        for i in 0..<m { for j in n..<ldc { #expect(Double(c[i * ldc + j]) == expected[i * ldc + j]) } }
    }

    @Test("beta 0 does not read C (NaN in C does not propagate)")
    func betaZeroIgnoresC() {
        let a = normals(6, seed: 1), b = normals(6, seed: 2)
        var c = [Float](repeating: .nan, count: 4)
        withPointers(a, b) { a, b in
            c.withUnsafeMutableBufferPointer { c in
                gemm(.none, .none, m: 2, n: 2, k: 3, a: a, lda: 3, b: b, ldb: 2, beta: 0, c: c.baseAddress!, ldc: 2)
            }
        }
        let expected = naiveGEMM(.none, .none, m: 2, n: 2, k: 3, alpha: 1, a: a, lda: 3, b: b, ldb: 2, beta: 0, c: [0, 0, 0, 0], ldc: 2)
        #expect(Tolerance.maxAbsoluteError(c, expected) < 1e-6, "\(c) vs \(expected)")
    }

    // Shapes that cross the kernels' blocks: every band height (AVX-512 12, 8, 4, 2, 1; AVX2 6, 4,
    // 2, 1: m = 27, 13, 30), partial last vectors (n = 20, 40, 6, 14), depth blocks of 256 (k =
    // 300, 513), transposes of partial 16 × 16 blocks (k = 23), and k = 0 (C ← β·C).
    static let kernelShapes: [(Int, Int, Int, Float, Float, Int)] = [
        (27, 20, 23, 1, 0, 0), (256, 256, 256, 1, 0, 0), (13, 40, 300, 0.5, 1, 3), (30, 270, 17, 1, -0.5, 1),
        (12, 32, 513, -2, 0, 0), (5, 16, 1, 1, 2, 5), (7, 33, 0, 1, 0.5, 0), (256, 256, 6, 1, 0, 0),
        (256, 6, 256, 1, 0, 0), (9, 14, 300, 1, 1, 2),
    ]

    /// The panel kernels this CPU runs (AVX-512, AVX2), by index.
    static let kernels = Array(0..<Int(ck_sgemm_kernels()))

    @Test("every panel kernel gives the bits of the arithmetic gemm.c specifies, and a Double triple loop's values, across its blocks",
          .enabled(if: BLAS.hasOwnKernel), arguments: 0..<4, 0..<10)
    func ownKernelsMatchSpecification(transposeIndex: Int, shapeIndex: Int) {
        let (ta, tb) = Self.transposes[transposeIndex]
        let (m, n, k, alpha, beta, pad) = Self.kernelShapes[shapeIndex]
        let (aRows, aColumns) = ta == .none ? (m, k) : (k, m)
        let (bRows, bColumns) = tb == .none ? (k, n) : (n, k)
        let lda = max(aColumns + pad, 1), ldb = max(bColumns + pad, 1), ldc = n + pad
        let seed = UInt64(500 + transposeIndex * 100 + shapeIndex)
        let a = normals(max(aRows * lda, 1), seed: seed)
        let b = normals(max(bRows * ldb, 1), seed: seed + 1000)
        var c = normals(m * ldc, seed: seed + 2000)
        if beta == 0 { for i in 0..<m { c[i * ldc] = .nan } }  // β = 0 must not read C
        let expected = naiveGEMM(ta, tb, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        let specified = specifiedGEMM(ta, tb, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        for kernel in Self.kernels {
            var result = c
            withPointers(a, b) { a, b in
                result.withUnsafeMutableBufferPointer { result in
                    ck_sgemm(Int32(kernel), ta == .none ? 0 : 1, tb == .none ? 0 : 1, m, n, k, alpha, a, lda, b, ldb, beta,
                             result.baseAddress!, ldc, nil, nil)
                }
            }
            let name = String(cString: ck_sgemm_kernel_name(Int32(kernel)))
            let differing = zip(result, specified).filter { $0.bitPattern != $1.bitPattern }.count
            #expect(differing == 0, "\(name): \(differing) elements differ from the specified arithmetic for \(ta)×\(tb) \(m)×\(n)×\(k)")
            let error = Tolerance.maxAbsoluteError(result, expected)
            #expect(error < 1e-5 * Double(max(k, 1)) * Double(max(abs(alpha), 1)), "\(name): max |error| \(error) for \(ta)×\(tb) \(m)×\(n)×\(k)")
        }
    }

    /// (m, n, k, transB): the own kernel (a partial panel and two depth blocks; n = 5) and the
    /// vector loop (n = 1).
    static let extrasShapes: [(Int, Int, Int, Transpose)] = [(27, 40, 300, .none), (27, 40, 33, .transposed), (9, 5, 20, .none), (30, 1, 17, .none)]

    @Test("gemm's extras (bias + ReLU, ReLU backward, column sums of B) match the separate passes bit for bit",
          arguments: 0..<4)
    func extrasMatchSeparatePasses(shapeIndex: Int) {
        let (m, n, k, tb) = Self.extrasShapes[shapeIndex]
        let seed = UInt64(900 + shapeIndex)
        let a = normals(m * k, seed: seed), b = normals(k * n, seed: seed + 1)
        let bias = normals(n, seed: seed + 2), h = normals(m * n, seed: seed + 3).map { $0 > 0.3 ? $0 : 0 }
        let ldb = tb == .none ? n : k
        func product(_ extras: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> GEMMExtras) -> ([Float], [Float]) {
            var c = [Float](repeating: .nan, count: m * n), sums = [Float](repeating: .nan, count: n)
            withPointers(a, b) { a, b in
                withPointers(bias, h) { bias, h in
                    c.withUnsafeMutableBufferPointer { c in
                        sums.withUnsafeMutableBufferPointer { sums in
                            gemm(.none, tb, m: m, n: n, k: k, a: a, lda: k, b: b, ldb: ldb, beta: 0, c: c.baseAddress!, ldc: n,
                                 extras: extras(bias, h, sums.baseAddress!))
                        }
                    }
                }
            }
            return (c, sums)
        }
        let plain = product { _, _, _ in GEMMExtras() }.0
        let expected = naiveGEMM(.none, tb, m: m, n: n, k: k, alpha: 1, a: a, lda: k, b: b, ldb: ldb, beta: 0,
                                 c: [Float](repeating: 0, count: m * n), ldc: n)
        let tolerance = 1e-5 * Double(k)
        // Bias + ReLU: y = max(x·W + b, 0).
        let (forward, _) = product { bias, _, _ in GEMMExtras(bias: bias, relu: true) }
        var separate = plain
        separate.withUnsafeMutableBufferPointer { ck_add_bias_relu($0.baseAddress!, bias, m, n) }
        #expect(forward.map(\.bitPattern) == separate.map(\.bitPattern), "bias + ReLU, \(m)×\(n)×\(k)")
        let expectedForward = (0..<m * n).map { max(expected[$0] + Double(bias[$0 % n]), 0) }
        #expect(Tolerance.maxAbsoluteError(forward, expectedForward) < tolerance)
        // ReLU backward: zero where h ≤ 0.
        let (backward, _) = product { _, h, _ in GEMMExtras(reluOutput: h) }
        #expect(backward.map(\.bitPattern) == (0..<m * n).map { h[$0] > 0 ? plain[$0].bitPattern : Float(0).bitPattern },
                "ReLU backward, \(m)×\(n)×\(k)")
        // Column sums of op(B) (B untransposed only).
        guard tb == .none else { return }
        let (_, sums) = product { _, _, sums in GEMMExtras(columnSumsOfB: sums) }
        var separateSums = [Float](repeating: 0, count: n)
        b.withUnsafeBufferPointer { b in separateSums.withUnsafeMutableBufferPointer { ck_column_sums($0.baseAddress!, b.baseAddress!, k, n) } }
        #expect(sums.map(\.bitPattern) == separateSums.map(\.bitPattern), "column sums, \(m)×\(n)×\(k)")
        let expectedSums = (0..<n).map { j in (0..<k).reduce(0.0) { $0 + Double(b[$1 * n + j]) } }
        #expect(Tolerance.maxAbsoluteError(sums, expectedSums) < tolerance)
    }
}
