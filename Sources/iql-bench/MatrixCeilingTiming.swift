import NN

/// The matrix-product ceiling of an update on this machine and BLAS: 256×256×256 products (the
/// hidden layers' shape) in the update's three forms, forward Y = X·W, dX = dY·Wᵀ and dW = Xᵀ·dY,
/// run back to back with nothing else in between, on one thread or on both threads at once.
///
/// An update is ~0.55–0.6 GFLOP of such products; at this rate and with no other work (no
/// activations, losses, Adam, sampling or waiting) an update would take
/// `gigaflopsPerUpdate / rate` seconds. That bounds what any implementation on this BLAS can
/// reach: the limit is optimistic, since the update's small first and last layers run slower
/// than 256³ products.
final class MatrixCeilingTiming {
    static let size = 256
    let threads: ThreadPair
    /// Three size×size operands per thread (A, B, C), each thread writing only its own C.
    private let operands: [UnsafeMutablePointer<Float>]

    init(twoThreads: Bool) {
        threads = ThreadPair(concurrent: twoThreads)
        let count = Self.size * Self.size
        operands = (0..<(twoThreads ? 6 : 3)).map { index in
            let matrix = UnsafeMutablePointer<Float>.allocate(capacity: count)
            for i in 0..<count { matrix[i] = Float((i * 7 + index) % 13) / 13 - 0.5 }
            return matrix
        }
    }

    deinit { operands.forEach { $0.deallocate() } }

    /// Median GFLOP/s (both threads together) over `blocks` blocks of `productsPerBlock` products
    /// per thread, after one untimed block.
    func gigaflopsPerSecond(blocks: Int = 5, productsPerBlock: Int = 300) -> Double {
        let flopsPerProduct = 2 * Double(Self.size * Self.size * Self.size)
        let threadCount = Double(threads.isConcurrent ? 2 : 1)
        let clock = ContinuousClock()
        var rates: [Double] = []
        for block in 0...blocks {
            let start = clock.now
            if threads.isConcurrent {
                threads.run({ self.products(productsPerBlock, operands: 0, sharing: $0) },
                            { self.products(productsPerBlock, operands: 3, sharing: $0) })
            } else {
                products(productsPerBlock, operands: 0)
            }
            let seconds = (clock.now - start).seconds
            if block > 0 { rates.append(threadCount * Double(productsPerBlock) * flopsPerProduct / seconds / 1e9) }
        }
        return median(rates)
    }

    /// `count` products on operands `first`, `first + 1` (inputs) and `first + 2` (output),
    /// cycling through the three forms of a layer's forward and backward pass, offered on `sharing`.
    private func products(_ count: Int, operands first: Int, sharing: ProductShare? = nil) {
        let n = Self.size, a = operands[first], b = operands[first + 1], c = operands[first + 2]
        let forms: [(Transpose, Transpose)] = [(.none, .none), (.none, .transposed), (.transposed, .none)]
        for index in 0..<count {
            let (transA, transB) = forms[index % 3]
            gemm(transA, transB, m: n, n: n, k: n, a: a, lda: n, b: b, ldb: n, beta: 0, c: c, ldc: n, sharing: sharing)
        }
    }
}
