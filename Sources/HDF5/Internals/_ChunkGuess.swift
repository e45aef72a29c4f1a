/// h5py's automatic chunk shape (`h5py._hl.filters.guess_chunk`), so that
/// files we write chunk like the D4RL files users know.
///
/// The target chunk size grows with the dataset: 16 KiB · 2^log10(size / 1 MiB),
/// clamped to [8 KiB, 1 MiB]. Starting from the full shape, dimensions are
/// halved (rounding up) in turn until the chunk is below the target, or within
/// 50 % of it and under 1 MiB. A (1 000 000, 11) float32 array gets (15625, 1).
enum _ChunkGuess {
    static func h5pyChunkShape(for shape: [Int], elementBytes: Int) -> [Int] {
        let base = 16.0 * 1024, minimum = 8.0 * 1024, maximum = 1024.0 * 1024
        var chunks = shape.map { Double($0 == 0 ? 1024 : $0) }
        let datasetBytes = chunks.reduce(1, *) * Double(elementBytes)
        var target = base * pow2(log10(datasetBytes / (1024 * 1024)))
        target = min(max(target, minimum), maximum)
        var index = 0
        while true {
            let chunkElements = chunks.reduce(1, *)
            let chunkBytes = chunkElements * Double(elementBytes)
            let closeEnough = chunkBytes < target || abs(chunkBytes - target) / target < 0.5
            if (closeEnough && chunkBytes < maximum) || chunkElements == 1 { break }
            let dimension = index % chunks.count
            chunks[dimension] = (chunks[dimension] / 2).rounded(.up)
            index += 1
        }
        return chunks.map { Int($0) }
    }

    private static func pow2(_ exponent: Double) -> Double { exp2(exponent) }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
