import Foundation

extension UnsafeMutablePointer<Float> {
    /// `count` zeros starting on a 64-byte cache line, so that vector stores to rows of 16 floats
    /// never straddle two lines; free with `deallocate()`.
    public static func allocateZeroedCacheAligned(_ count: Int) -> UnsafeMutablePointer<Float> {
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
            .bindMemory(to: Float.self, capacity: count)
        pointer.initialize(repeating: 0, count: count)
        return pointer
    }
}
