import CHDF5
import CZlib
import Dispatch
import Foundation

/// The fast whole-dataset reader for chunked numeric datasets that are
/// unfiltered or gzip-compressed, the layout h5py writes for D4RL.
///
/// libhdf5 holds one global lock, so parallel `H5Dread` calls serialise. Here
/// the lock is held only to copy each chunk's compressed bytes out of the file
/// (`H5Dread_chunk`); inflating (zlib `uncompress`), converting and scattering
/// each chunk into the row-major result run on every core. Returns nil when
/// the dataset does not qualify, and the caller falls back to `H5Dread`.
enum _ChunkReader {
    /// One chunk: its origin in the dataset and where its stored bytes sit in the staging buffer.
    private struct Chunk {
        var origin: (row: Int, column: Int)
        var byteRange: Range<Int>
        var isCompressed: Bool
    }

    /// The dataset seen as a matrix: rank-1 datasets are one column.
    private struct Geometry {
        var rows: Int, columns: Int
        var chunkRows: Int, chunkColumns: Int
        var elementBytes: Int
        var chunkBytes: Int { chunkRows * chunkColumns * elementBytes }
    }

    static func read<T: HDF5Scalar>(_ dataset: Dataset, as type: T.Type) throws(HDF5Error) -> [T]? {
        guard let geometry = geometry(of: dataset),
              let scatter = scatterFunction(for: dataset.elementType, into: T.self),
              let (chunks, staging) = try stageChunks(of: dataset, geometry: geometry)
        else { return nil }
        defer { staging.deallocate() }

        let count = geometry.rows * geometry.columns
        var failedChunk: Int?
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            failedChunk = decode(chunks, staging: staging, geometry: geometry, into: buffer.baseAddress!, scatter: scatter)
            initialized = count
        }
        if let failedChunk {
            throw HDF5Error(.readFailed, dataset.location, "corrupt compressed chunk at row \(chunks[failedChunk].origin.row)")
        }
        return values
    }

    private static func geometry(of dataset: Dataset) -> Geometry? {
        guard let chunkShape = dataset.chunkShape, (1...2).contains(dataset.shape.count), dataset.elementCount > 0,
              dataset.filters.allSatisfy({ $0.id == Filter.deflateID }),
              let elementBytes = dataset.elementType.storedByteCount, !dataset.isBigEndian
        else { return nil }
        return Geometry(
            rows: dataset.shape[0], columns: dataset.shape.count == 2 ? dataset.shape[1] : 1,
            chunkRows: chunkShape[0], chunkColumns: chunkShape.count == 2 ? chunkShape[1] : 1,
            elementBytes: elementBytes)
    }

    /// Copies every chunk's stored bytes into one buffer (`H5Dget_chunk_storage_size`,
    /// `H5Dread_chunk`). Returns nil if a chunk was never written (its fill value
    /// is libhdf5's business).
    private static func stageChunks(
        of dataset: Dataset, geometry: Geometry
    ) throws(HDF5Error) -> ([Chunk], UnsafeMutableRawPointer)? {
        let rank = dataset.shape.count
        var chunks: [Chunk] = []
        var total = 0
        for row in stride(from: 0, to: geometry.rows, by: geometry.chunkRows) {
            for column in stride(from: 0, to: geometry.columns, by: geometry.chunkColumns) {
                let offset = [hsize_t(row), hsize_t(column)].prefix(rank).map { $0 }
                var stored: hsize_t = 0
                _ = try _call(.readFailed, dataset.location, "cannot locate chunk at row \(row)") {
                    H5Dget_chunk_storage_size(dataset.handle.id, offset, &stored)
                }
                guard stored > 0 else { return nil }
                chunks.append(Chunk(origin: (row, column), byteRange: total..<total + Int(stored), isCompressed: false))
                total += Int(stored)
            }
        }
        let staging = UnsafeMutableRawPointer.allocate(byteCount: max(total, 1), alignment: 64)
        for index in chunks.indices {
            let offset = [hsize_t(chunks[index].origin.row), hsize_t(chunks[index].origin.column)].prefix(rank).map { $0 }
            var skippedFilters: UInt32 = 0
            do {
                _ = try _call(.readFailed, dataset.location, "cannot read chunk at row \(chunks[index].origin.row)") {
                    H5Dread_chunk(dataset.handle.id, _Constants.defaultPropertyList, offset, &skippedFilters,
                                  staging + chunks[index].byteRange.lowerBound)
                }
            } catch {
                staging.deallocate()
                throw error
            }
            chunks[index].isCompressed = !dataset.filters.isEmpty && skippedFilters & 1 == 0
        }
        return (chunks, staging)
    }

    /// Inflates and scatters every chunk, spread over the cores. Returns the
    /// index of a chunk that failed to inflate, if any.
    private static func decode<T>(
        _ chunks: [Chunk], staging: UnsafeMutableRawPointer, geometry: Geometry,
        into destination: UnsafeMutablePointer<T>,
        scatter: (UnsafeRawPointer, (row: Int, column: Int), Geometry, UnsafeMutablePointer<T>) -> Void
    ) -> Int? {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, chunks.count))
        let failures = UnsafeMutablePointer<Int>.allocate(capacity: workers)
        failures.initialize(repeating: -1, count: workers)
        defer { failures.deallocate() }
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let scratch = UnsafeMutableRawPointer.allocate(byteCount: geometry.chunkBytes, alignment: 64)
            defer { scratch.deallocate() }
            for index in stride(from: worker, to: chunks.count, by: workers) {
                let chunk = chunks[index]
                let stored = UnsafeRawPointer(staging + chunk.byteRange.lowerBound)
                if chunk.isCompressed {
                    var length = uLongf(geometry.chunkBytes)
                    let status = uncompress(
                        scratch.assumingMemoryBound(to: Bytef.self), &length,
                        stored.assumingMemoryBound(to: Bytef.self), uLong(chunk.byteRange.count))
                    guard status == Z_OK, Int(length) == geometry.chunkBytes else {
                        failures[worker] = index
                        return
                    }
                    scatter(scratch, chunk.origin, geometry, destination)
                } else {
                    guard chunk.byteRange.count == geometry.chunkBytes else {
                        failures[worker] = index
                        return
                    }
                    scatter(stored, chunk.origin, geometry, destination)
                }
            }
        }
        return (0..<workers).map { failures[$0] }.first { $0 >= 0 }
    }

    /// The conversion from the stored element type to `T`, or nil if the chunk
    /// path does not handle that stored type (64-bit integers go through libhdf5).
    private static func scatterFunction<T: HDF5Scalar>(
        for stored: ElementType, into type: T.Type
    ) -> ((UnsafeRawPointer, (row: Int, column: Int), Geometry, UnsafeMutablePointer<T>) -> Void)? {
        switch stored {
        case .float(4): return scatter(Float.self)
        case .float(8): return scatter(Double.self)
        case .integer(1, true), .boolean: return scatter(Int8.self)
        case .integer(1, false): return scatter(UInt8.self)
        case .integer(2, true): return scatter(Int16.self)
        case .integer(2, false): return scatter(UInt16.self)
        case .integer(4, true): return scatter(Int32.self)
        case .integer(4, false): return scatter(UInt32.self)
        default: return nil
        }
    }

    /// Copies one decoded chunk of `S` values into its place in the row-major
    /// result, converting each to `T`. Edge chunks are stored full size; only
    /// the part inside the dataset is copied.
    private static func scatter<S: HDF5Scalar, T: HDF5Scalar>(
        _ stored: S.Type
    ) -> (UnsafeRawPointer, (row: Int, column: Int), Geometry, UnsafeMutablePointer<T>) -> Void {
        { source, origin, geometry, destination in
            let values = source.assumingMemoryBound(to: S.self)
            let rows = min(geometry.chunkRows, geometry.rows - origin.row)
            let columns = min(geometry.chunkColumns, geometry.columns - origin.column)
            for row in 0..<rows {
                let from = values + row * geometry.chunkColumns
                let to = destination + (origin.row + row) * geometry.columns + origin.column
                if S.self == T.self {
                    let same = UnsafeRawPointer(from).assumingMemoryBound(to: T.self)
                    for column in 0..<columns { to[column] = same[column] }
                } else {
                    for column in 0..<columns { to[column] = T(_hdf5Converting: from[column]._hdf5DoubleValue) }
                }
            }
        }
    }
}
