/// Sebastiano Vigna's SplitMix64, the project's only seeded random number generator.
///
///     state ← state + 0x9E3779B97F4A7C15
///     z ← (state ⊕ (state ≫ 30)) · 0xBF58476D1CE4E5B9
///     z ← (z ⊕ (z ≫ 27)) · 0x94D049BB133111EB
///     return z ⊕ (z ≫ 31)
///
/// The whole state is one `UInt64`, saved in checkpoints so a resumed run draws the same numbers.
/// `SplitMix64(seed: 0).next() == 0xE220A8397B1DCDAF`, as the reference C code gives.
///
/// Reference: Vigna, `splitmix64.c`, https://prng.di.unimi.it/splitmix64.c (after Steele, Lea &
/// Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014).
public struct SplitMix64: RandomNumberGenerator, Equatable {
    /// The generator's entire state; the next output is a function of it alone.
    public var state: UInt64

    /// A generator whose state is `seed`.
    @inlinable
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
