import Foundation
import NN
import Testing

/// `ThreadPair`: both closures run, on two different threads (or, without a helper, in order on
/// the calling thread), and are done when `run` returns.
struct ThreadPairTests {
    @Test("run executes both closures, the second on another thread, and returns after both")
    func runsBoth() {
        let threads = ThreadPair()
        for round in 0..<1000 {
            var here = -1, there = -1
            var hereThread = pthread_self(), thereThread = pthread_self()
            threads.run({ _ in here = round; hereThread = pthread_self() },
                        { _ in Thread.sleep(forTimeInterval: round % 100 == 0 ? 0.001 : 0); there = round; thereThread = pthread_self() })
            #expect(here == round && there == round)
            #expect(pthread_equal(hereThread, pthread_self()) != 0 && pthread_equal(thereThread, pthread_self()) == 0)
        }
    }

    @Test("split covers 0..<count exactly once in two halves")
    func splitCovers() {
        let threads = ThreadPair()
        for count in [0, 1, 63, 64, 65, 1000, 70_657] {
            var parts: [Range<Int>] = []
            let lock = NSLock()
            threads.split(count) { range in
                lock.lock()
                parts.append(range)
                lock.unlock()
            }
            parts.sort { ($0.lowerBound, $0.upperBound) < ($1.lowerBound, $1.upperBound) }
            #expect(parts.count == 2 && parts[0].lowerBound == 0 && parts[0].upperBound == parts[1].lowerBound
                    && parts[1].upperBound == count, "count \(count): \(parts)")
            #expect(parts[0].count % 64 == 0 || parts[1].isEmpty, "count \(count): the split is not on a multiple of 64")
        }
    }

    @Test("a helper woken after sleeping still runs the work")
    func wakesFromSleep() {
        let threads = ThreadPair()
        Thread.sleep(forTimeInterval: 0.01)  // well past the helper's spinning time: it sleeps
        var there = false
        threads.run({ _ in }, { _ in there = true })
        #expect(there)
    }

    @Test("without a helper, run executes both closures on the calling thread, in order")
    func sequential() {
        let threads = ThreadPair(concurrent: false)
        var order: [String] = []
        var threadsSeen: [pthread_t] = []
        var shares: [ProductShare?] = []
        threads.run({ order.append("here"); threadsSeen.append(pthread_self()); shares.append($0) },
                    { order.append("there"); threadsSeen.append(pthread_self()); shares.append($0) })
        #expect(!threads.isConcurrent && order == ["here", "there"])
        #expect(threadsSeen.allSatisfy { pthread_equal($0, pthread_self()) != 0 })
        #expect(shares.count == 2 && shares.allSatisfy { $0 == nil } && threads.callerShare == nil)
    }

    @Test("matrix products inside run, which the idle thread helps with, match the same products run alone, bit for bit")
    func sharedProductsAreExact() {
        let size = 256, count = size * size
        let a = normals(count, seed: 11), b = normals(count, seed: 12), d = normals(count, seed: 13)
        func product(_ transB: Transpose, _ x: [Float], _ y: [Float], into c: inout [Float], sharing: ProductShare? = nil) {
            withPointers(x, y) { x, y in
                c.withUnsafeMutableBufferPointer { c in
                    gemm(.none, transB, m: size, n: size, k: size, a: x, lda: size, b: y, ldb: size, beta: 0, c: c.baseAddress!, ldc: size,
                         sharing: sharing)
                }
            }
        }
        func mismatches(_ x: [Float], _ y: [Float]) -> Int { zip(x, y).filter { $0.bitPattern != $1.bitPattern }.count }
        var expectedHere = [Float](repeating: 0, count: count), expectedThere = expectedHere
        product(.none, a, b, into: &expectedHere)
        product(.transposed, d, a, into: &expectedThere)
        let threads = ThreadPair()
        var here = [Float](repeating: 0, count: count), there = here
        for round in 0..<200 {
            let busy = round % 2 == 0  // odd rounds: the helper has nothing to do but help
            for i in 0..<count { here[i] = .nan; there[i] = .nan }
            threads.run({ product(.none, a, b, into: &here, sharing: $0) },
                        { if busy { product(.transposed, d, a, into: &there, sharing: $0) } })
            #expect(mismatches(here, expectedHere) == 0, "round \(round): the calling thread's product differs")
            if busy { #expect(mismatches(there, expectedThere) == 0, "round \(round): the helper's product differs") }
        }
    }
}
