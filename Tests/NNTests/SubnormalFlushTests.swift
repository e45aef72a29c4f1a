import NN
import Testing

/// `withSubnormalsFlushedToZero` on this thread and on a `ThreadPair`'s helper.
struct SubnormalFlushTests {
    /// Half the smallest normal Float, computed at run time: a subnormal unless flushed.
    @inline(never)
    static func halfOfSmallestNormal(_ values: [Float] = [Float.leastNormalMagnitude]) -> Float { values[0] * 0.5 }

    #if arch(x86_64)
    @Test("subnormal results are zero inside, and the thread's mode is restored after")
    func flushesAndRestores() {
        #expect(Self.halfOfSmallestNormal() == Float.leastNormalMagnitude / 2)
        #expect(withSubnormalsFlushedToZero { Self.halfOfSmallestNormal() } == 0)
        #expect(Self.halfOfSmallestNormal().isSubnormal)
    }

    @Test("a ThreadPair's helper computes in the caller's mode")
    func helperFollowsCaller() {
        let threads = ThreadPair()
        var there: Float = -1
        withSubnormalsFlushedToZero { threads.run({ _ in }, { _ in there = Self.halfOfSmallestNormal() }) }
        #expect(there == 0)
        threads.run({ _ in }, { _ in there = Self.halfOfSmallestNormal() })
        #expect(there.isSubnormal)
    }
    #endif
}
