import Core
/// Inverted dropout, as flax `nn.Dropout` applies it in training:
///
///     keep ~ Bernoulli(p),  p = 1 − rate
///     y = keep ? x / p : 0
///
/// Masks come from a `SplitMix64` (concrete, so the per-unit loop is fast in every caller); each
/// 64-bit draw decides two units: the low 32 bits the first, the high 32 bits the second, a unit
/// being kept when its 32-bit word is < round(p · 2³²). A block of `count` units therefore
/// consumes ⌈count / 2⌉ draws.
enum Dropout {
    /// The 32-bit threshold for keep probability `p` ∈ (0, 1].
    @inline(__always)
    static func threshold(keepProbability p: Float) -> UInt64 {
        UInt64((Double(p) * 4_294_967_296).rounded())
    }

    /// Applies dropout in place to `count` floats.
    static func apply(
        _ values: UnsafeMutablePointer<Float>, count: Int, keepProbability p: Float,
        using generator: inout SplitMix64
    ) {
        let threshold = threshold(keepProbability: p)
        var i = 0
        while i + 1 < count {
            let bits = generator.next()
            let low = bits & 0xFFFF_FFFF, high = bits >> 32
            values[i] = low < threshold ? values[i] / p : 0
            values[i + 1] = high < threshold ? values[i + 1] / p : 0
            i += 2
        }
        if i < count {
            let low = generator.next() & 0xFFFF_FFFF
            values[i] = low < threshold ? values[i] / p : 0
        }
    }

    /// Backward of `ReLU` then dropout, in place, from the post-dropout output y:
    ///
    ///     g ← y > 0 ? g / p : 0
    ///
    /// (y > 0 exactly when the unit was kept and its ReLU was active; dropped units and inactive
    /// ReLUs both pass no gradient, and relu'(0) = 0 as in JAX.)
    @inline(__always)
    static func backwardThroughReLU(
        _ gradient: UnsafeMutablePointer<Float>, output: UnsafePointer<Float>, count: Int, keepProbability p: Float
    ) {
        for i in 0..<count { gradient[i] = output[i] > 0 ? gradient[i] / p : 0 }
    }
}
