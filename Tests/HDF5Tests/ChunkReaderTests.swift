import HDF5
import TestSupport
import Testing

/// The parallel chunk reader agrees with libhdf5's own `H5Dread` (the row-range path)
/// for every chunk geometry, including partial edge chunks and column chunks.
struct ChunkReaderTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var shape: [Int]
        var chunks: ChunkLayout
        var gzipLevel: Int?
        var testDescription: String { "\(shape) \(chunks) gzip \(gzipLevel.map(String.init) ?? "none")" }
    }

    static let cases: [Case] = [
        Case(shape: [1000, 11], chunks: .shape([64, 1]), gzipLevel: 4),
        Case(shape: [1000, 11], chunks: .shape([100, 11]), gzipLevel: 4),
        Case(shape: [997, 5], chunks: .shape([128, 3]), gzipLevel: 1),
        Case(shape: [777], chunks: .shape([100]), gzipLevel: 4),
        Case(shape: [500, 3], chunks: .shape([64, 2]), gzipLevel: nil),
        Case(shape: [1, 1], chunks: .shape([1, 1]), gzipLevel: 4),
        Case(shape: [4096, 17], chunks: .automatic, gzipLevel: 4),
    ]

    @Test(arguments: cases)
    func matchesLibraryRead(_ testCase: Case) throws {
        let directory = try TemporaryDirectory("chunks")
        let path = directory.path("data.h5")
        let count = testCase.shape.reduce(1, *)
        let values = (0..<count).map { Double($0) * 1.000001 + 0.1 }
        try File.writeAtomically(to: path) { file in
            let root = try file.root()
            try root.createDataset("doubles", values: values, shape: testCase.shape, chunks: testCase.chunks, gzipLevel: testCase.gzipLevel)
            try root.createDataset("floats", values: values.map { Float($0) }, shape: testCase.shape, chunks: testCase.chunks, gzipLevel: testCase.gzipLevel)
            try root.createDataset("flags", values: values.map { Int($0) % 3 == 0 }, shape: testCase.shape, chunks: testCase.chunks, gzipLevel: testCase.gzipLevel)
        }
        let root = try File(opening: path).root()
        let rows = 0..<testCase.shape[0]
        for name in ["doubles", "floats"] {
            let dataset = try root.dataset(name)
            #expect(try dataset.read(as: Float.self) == dataset.read(rows: rows, as: Float.self))
            #expect(try dataset.read(as: Double.self) == dataset.read(rows: rows, as: Double.self))
        }
        #expect(try root.dataset("floats").read(as: Float.self) == values.map { Float($0) })
        // float64 → float32 rounds to nearest, as libhdf5 and numpy's astype do.
        #expect(try root.dataset("doubles").read(as: Float.self) == values.map { Float($0) })
        let flags = try root.dataset("flags")
        #expect(try flags.read(as: Bool.self) == values.map { Int($0) % 3 == 0 })
        #expect(try flags.read(as: Bool.self) == flags.read(rows: rows, as: Bool.self))
    }

    @Test func automaticChunksFollowH5py() throws {
        let directory = try TemporaryDirectory("guess")
        let path = directory.path("guess.h5")
        try File.writeAtomically(to: path) { file in
            try file.root().createDataset("x", values: [Float](repeating: 0, count: 1_000_000 * 11), shape: [1_000_000, 11])
        }
        // The shape D4RL's hopper files carry (SPEC §1).
        #expect(try File(opening: path).root().dataset("x").chunkShape == [15625, 1])
    }
}
