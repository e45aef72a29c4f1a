import Core
import TestSupport
import Testing

struct SplitMix64Tests {
    // Produced by compiling Vigna's splitmix64.c (https://prng.di.unimi.it/splitmix64.c) with gcc and
    // printing the first five outputs per seed; an independent 10-line Python port printed the same.
    static let reference: [(UInt64, [UInt64])] = [
        (0, [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F, 0xF88B_B8A8_724C_81EC, 0x1B39_896A_51A8_749B]),
        (42, [0xBDD7_3226_2FEB_6E95, 0x28EF_E333_B266_F103, 0x4752_6757_130F_9F52, 0x581C_E1FF_0E4A_E394, 0x09BC_585A_2448_23F2]),
        (.max, [0xE4D9_7177_1B65_2C20, 0xE99F_F867_DBF6_82C9, 0x382F_F84C_B272_81E9, 0x6D1D_B36C_CBA9_82D2, 0xB4A0_472E_5780_69AE]),
    ]

    @Test("outputs equal the reference C implementation's", arguments: 0..<3)
    func matchesReference(index: Int) {
        let (seed, expected) = Self.reference[index]
        var generator = SplitMix64(seed: seed)
        let outputs = (0..<expected.count).map { _ in generator.next() }
        #expect(outputs == expected)
    }

    @Test("the state is the whole generator: copying it resumes the stream")
    func stateResumes() {
        var generator = SplitMix64(seed: 9)
        _ = generator.next()
        var copy = SplitMix64(seed: generator.state)
        #expect(copy == generator)
        #expect(copy.next() == generator.next())
    }

    @Test("nextUnitInterval is (next >> 11)·2⁻⁵³")
    func unitInterval() {
        var generator = SplitMix64(seed: 0)
        // Python: (0xE220A8397B1DCDAF >> 11) * 2.0**-53, then the same for the second output.
        #expect(generator.nextUnitInterval() == 0.8833108082136426)
        #expect(generator.nextUnitInterval() == 0.43152799704850997)
    }

    @Test("nextStandardNormal is Box–Muller on two draws (cosine branch)")
    func normalDefinition() {
        var generator = SplitMix64(seed: 0)
        // Python (math.sqrt/log/cos) on the first six seed-0 outputs, two per variate.
        let expected = [-1.8839083333524405, 0.22760793546360525, -0.22143788059715477]
        let actual = (0..<3).map { _ in generator.nextStandardNormal() }
        #expect(Tolerance.maxAbsoluteError(actual, expected) < 1e-14, "\(actual)")
        var counter = SplitMix64(seed: 0)
        for _ in 0..<6 { _ = counter.next() }
        #expect(generator == counter)
    }

    @Test("nextStandardNormal has mean 0 and variance 1 over 100k draws")
    func normalMoments() {
        var generator = SplitMix64(seed: 2024)
        let n = 100_000
        var sum = 0.0, sumOfSquares = 0.0
        for _ in 0..<n {
            let z = generator.nextStandardNormal()
            sum += z
            sumOfSquares += z * z
        }
        let mean = sum / Double(n)
        let variance = sumOfSquares / Double(n) - mean * mean
        // Standard errors: 1/√n ≈ 0.0032 for the mean, √(2/n) ≈ 0.0045 for the variance; allow ~5σ.
        #expect(abs(mean) < 0.016, "mean \(mean)")
        #expect(abs(variance - 1) < 0.023, "variance \(variance)")
    }
}
