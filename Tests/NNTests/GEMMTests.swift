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

    // Shapes that cross the AVX-512 kernel's blocks: every band height (12, 8, 4, 2, 1: m = 27),
    // a partial last vector (n = 20, 40), depth blocks of 256 (k = 300, 513), column blocks of
    // 256 (n = 270), transposes of partial 16 × 16 blocks (k = 23), and k = 0 (C ← β·C).
    static let kernelShapes: [(Int, Int, Int, Float, Float, Int)] = [
        (27, 20, 23, 1, 0, 0), (256, 256, 256, 1, 0, 0), (13, 40, 300, 0.5, 1, 3), (30, 270, 17, 1, -0.5, 1),
        (12, 32, 513, -2, 0, 0), (5, 16, 1, 1, 2, 5), (7, 33, 0, 1, 0.5, 0), (256, 256, 6, 1, 0, 0),
    ]

    @Test("the AVX-512 kernel matches a Double triple loop across its blocks",
          .enabled(if: BLAS.hasOwnKernel), arguments: 0..<4, 0..<8)
    func ownKernelMatchesNaive(transposeIndex: Int, shapeIndex: Int) {
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
        withPointers(a, b) { a, b in
            c.withUnsafeMutableBufferPointer { c in
                ck_sgemm(ta == .none ? 0 : 1, tb == .none ? 0 : 1, m, n, k, alpha, a, lda, b, ldb, beta, c.baseAddress!, ldc)
            }
        }
        let error = Tolerance.maxAbsoluteError(c, expected)
        #expect(error < 1e-5 * Double(max(k, 1)) * Double(max(abs(alpha), 1)), "max |error| \(error) for \(ta)×\(tb) \(m)×\(n)×\(k)")
        for i in 0..<m { for j in n..<ldc { #expect(Double(c[i * ldc + j]) == expected[i * ldc + j]) } }
    }
}
