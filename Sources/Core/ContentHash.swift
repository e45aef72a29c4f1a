import Foundation

/// 64-bit FNV-1a, a fast non-cryptographic hash: h ← (h ⊕ byte) · 1099511628211 from
/// 14695981039346656037. Identifies a dataset file in checkpoints and detects damaged ones.
public struct ContentHash: Hashable, Sendable {
    public private(set) var value: UInt64 = 14_695_981_039_346_656_037

    public init() {}

    /// Mixes `bytes` in, in order.
    public mutating func combine(_ bytes: UnsafeRawBufferPointer) {
        var hash = value
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        value = hash
    }

    /// Mixes in the bytes of every element of `values` (native byte order).
    public mutating func combine<T: BitwiseCopyable>(_ values: [T]) {
        values.withUnsafeBytes { combine($0) }
    }

    /// The value as 16 lowercase hex digits.
    public var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The hash of a whole file's bytes, read in 4 MiB blocks.
    public static func ofFile(at path: String) throws -> ContentHash {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        var hash = ContentHash()
        while let block = try handle.read(upToCount: 4 << 20), !block.isEmpty {
            block.withUnsafeBytes { hash.combine($0) }
        }
        return hash
    }
}
