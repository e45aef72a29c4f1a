import Core
import NN

/// Seeded test data: `count` standard normal Floats times `scale` (plus `shift`).
func normals(_ count: Int, seed: UInt64, scale: Float = 1, shift: Float = 0) -> [Float] {
    var generator = SplitMix64(seed: seed)
    return (0..<count).map { _ in Float(generator.nextStandardNormal()) * scale + shift }
}

/// Calls `body` with base addresses of two read-only arrays (non-empty).
func withPointers<R>(
    _ a: [Float], _ b: [Float], _ body: (UnsafePointer<Float>, UnsafePointer<Float>) -> R
) -> R {
    a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in body(a.baseAddress!, b.baseAddress!) } }
}
