import Core
import NN
import TestSupport
import Testing

/// G = WᵀW (columns × columns) if tall/square, WWᵀ (rows × rows) if wide, in Double.
private func gram(_ w: [Float], rows: Int, columns: Int) -> (matrix: [Double], size: Int) {
    let tall = rows >= columns
    let size = tall ? columns : rows
    var g = [Double](repeating: 0, count: size * size)
    for i in 0..<size {
        for j in 0..<size {
            var sum = 0.0
            if tall {
                for r in 0..<rows { sum += Double(w[r * columns + i]) * Double(w[r * columns + j]) }
            } else {
                for c in 0..<columns { sum += Double(w[i * columns + c]) * Double(w[j * columns + c]) }
            }
            g[i * size + j] = sum
        }
    }
    return (g, size)
}

struct OrthogonalInitializerTests {
    static let shapes = [(8, 8), (12, 5), (5, 12), (17, 256), (256, 1), (1, 6)]

    @Test("WᵀW = gain²·I (tall, square) or WWᵀ = gain²·I (wide)", arguments: shapes)
    func orthogonality(rows: Int, columns: Int) {
        let gain = Float(2).squareRoot()
        var generator = SplitMix64(seed: UInt64(rows * 1000 + columns))
        let w = orthogonalMatrix(rows: rows, columns: columns, gain: gain, using: &generator)
        #expect(w.count == rows * columns)
        let (g, size) = gram(w, rows: rows, columns: columns)
        var worst = 0.0
        for i in 0..<size {
            for j in 0..<size { worst = max(worst, abs(g[i * size + j] / Double(gain * gain) - (i == j ? 1 : 0))) }
        }
        #expect(worst < 1e-5, "max |G/gain² − I| = \(worst) for \(rows)×\(columns)")
    }

    @Test("Q is the QR factor of the drawn A with positive diag R (flax's construction)", arguments: shapes)
    func isNormalisedQRFactor(rows: Int, columns: Int) {
        // Redraw A (max × min, row-major) from the same seed; then Qᵀ·A must be upper
        // triangular with a positive diagonal, which pins Q down uniquely.
        let m = max(rows, columns), n = min(rows, columns)
        var generator = SplitMix64(seed: 99)
        let w = orthogonalMatrix(rows: rows, columns: columns, gain: 3, using: &generator)
        var redraw = SplitMix64(seed: 99)
        let a = (0..<(m * n)).map { _ in redraw.nextStandardNormal() }
        #expect(generator == redraw, "orthogonalMatrix draws exactly 2·rows·columns values")
        // q[i, j] (m × n) = W/3 if tall, (W/3)ᵀ if wide.
        func q(_ i: Int, _ j: Int) -> Double { Double(rows >= columns ? w[i * columns + j] : w[j * columns + i]) / 3 }
        var scale = 0.0
        for x in a { scale = max(scale, abs(x)) }
        for i in 0..<n {
            for j in 0..<n {
                var r = 0.0
                for k in 0..<m { r += q(k, i) * a[k * n + j] }
                if i > j { #expect(abs(r) < 1e-5 * scale * Double(m), "R[\(i),\(j)] = \(r)") }
                if i == j { #expect(r > 0, "R[\(i),\(i)] = \(r)") }
            }
        }
    }

    @Test("seeded: same seed, same matrix; different seed, different matrix")
    func determinism() {
        var a = SplitMix64(seed: 3), b = SplitMix64(seed: 3), c = SplitMix64(seed: 4)
        let first = orthogonalMatrix(rows: 6, columns: 4, gain: 1, using: &a)
        #expect(first == orthogonalMatrix(rows: 6, columns: 4, gain: 1, using: &b))
        #expect(first != orthogonalMatrix(rows: 6, columns: 4, gain: 1, using: &c))
    }

    @Test("MLP.initialize: kernels orthogonal layer by layer from one generator, biases zero")
    func mlpInitialize() {
        var parameters = Parameters()
        let mlp = MLP(sizes: [3, 5, 2], prefix: "", in: &parameters)
        parameters.values = [Float](repeating: 7, count: parameters.count)
        var generator = SplitMix64(seed: 8)
        mlp.initialize(&parameters, gain: 2, using: &generator)
        var expected = SplitMix64(seed: 8)
        for layer in mlp.layers {
            let kernel = orthogonalMatrix(rows: layer.inputCount, columns: layer.outputCount, gain: 2, using: &expected)
            #expect(Array(parameters[layer.kernel]) == kernel)
            #expect(parameters[layer.bias].allSatisfy { $0 == 0 })
        }
        #expect(generator == expected)
    }
}
