import CHDF5
import Core
import CZlib
import Dispatch
import Foundation

/// The fast whole-dataset reader for chunked numeric datasets that are
/// unfiltered or gzip-compressed, the layout h5py writes for D4RL.
///
/// libhdf5 holds one global lock, so parallel `H5Dread` calls serialise. Here
/// every core takes its share of the chunks and, for each, holds the lock only
/// to copy the chunk's stored bytes out of the file (`H5Dread_chunk`) into a
/// small per-core buffer; inflating (zlib `uncompress`), converting and
/// scattering into the row-major result run outside it, so one core copies
/// while the others inflate. Returns nil when the dataset does not qualify, and
/// the caller falls back to `H5Dread`.
enum _ChunkReader {
    /// One chunk: its origin in the dataset and how many bytes it occupies in the file.
    private struct Chunk {
        var origin: (row: Int, column: Int)
        var storedBytes: Int
    }

    /// The dataset seen as a matrix: rank-1 datasets are one column.
    private struct Geometry {
        var rows: Int, columns: Int
        var chunkRows: Int, chunkColumns: Int
        var elementBytes: Int
        var chunkBytes: Int { chunkRows * chunkColumns * elementBytes }
    }

    /// Copies a decoded chunk's elements, given the chunk's origin, into the row-major result.
    private typealias Scatter<T> = (UnsafeRawPointer, (row: Int, column: Int), Geometry, UnsafeMutablePointer<T>) -> Void

    /// Serialises `H5Dread_chunk` for libhdf5 builds without their own lock.
    private static let libraryLock = NSLock()

    static func read<T: HDF5Scalar>(_ dataset: Dataset, as type: T.Type) throws(HDF5Error) -> [T]? {
        guard let geometry = geometry(of: dataset),
              let scatter = scatterFunction(for: dataset.elementType, into: T.self),
              let chunks = try allocatedChunks(of: dataset, geometry: geometry)
        else { return nil }

        let count = geometry.rows * geometry.columns
        var failure: HDF5Error?
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            failure = decode(chunks, of: dataset, geometry: geometry, into: buffer.baseAddress!, scatter: scatter)
            initialized = count
        }
        if let failure { throw failure }
        return values
    }

    /// The geometry of a dataset this reader decodes: 1-D or 2-D, chunked, unfiltered or gzip
    /// only, a standard little-endian element layout, at least one element.
    private static func geometry(of dataset: Dataset) -> Geometry? {
        guard let chunkShape = dataset.chunkShape, (1...2).contains(dataset.shape.count), dataset.elementCount > 0,
              dataset.filters.allSatisfy({ $0.id == Filter.deflateID }), dataset.hasStandardLayout,
              let elementBytes = dataset.elementType.storedByteCount
        else { return nil }
        return Geometry(
            rows: dataset.shape[0], columns: dataset.shape.count == 2 ? dataset.shape[1] : 1,
            chunkRows: chunkShape[0], chunkColumns: chunkShape.count == 2 ? chunkShape[1] : 1,
            elementBytes: elementBytes)
    }

    /// Every chunk's origin and stored size, in the chunk index's order (`H5Dget_num_chunks`,
    /// `H5Dget_chunk_info`). Returns nil when some chunk was never written: `H5Dread` then
    /// gives its elements the dataset's fill value, as h5py reads them.
    private static func allocatedChunks(of dataset: Dataset, geometry: Geometry) throws(HDF5Error) -> [Chunk]? {
        let space = try _open(.readFailed, dataset.location, "cannot read dataspace", close: H5Sclose) {
            H5Dget_space(dataset.handle.id)
        }
        var allocated: hsize_t = 0
        _ = try _call(.readFailed, dataset.location, "cannot count chunks") {
            H5Dget_num_chunks(dataset.handle.id, space.id, &allocated)
        }
        let rowChunks = (geometry.rows + geometry.chunkRows - 1) / geometry.chunkRows
        let columnChunks = (geometry.columns + geometry.chunkColumns - 1) / geometry.chunkColumns
        guard Int(exactly: allocated) == rowChunks * columnChunks else { return nil }
        var chunks: [Chunk] = []
        chunks.reserveCapacity(rowChunks * columnChunks)
        // A damaged index could repeat or misplace chunks and leave elements unwritten; each chunk
        // must sit on the chunk grid, inside the dataset, once, and store at most what deflate
        // could have made of it.
        var seen = Set<Int>(minimumCapacity: chunks.capacity)
        var origin = [hsize_t](repeating: 0, count: dataset.shape.count)
        for index in 0..<allocated {
            var filterMask: UInt32 = 0, address: haddr_t = 0, stored: hsize_t = 0
            _ = try _call(.readFailed, dataset.location, "cannot locate chunk \(index)") {
                H5Dget_chunk_info(dataset.handle.id, space.id, index, &origin, &filterMask, &address, &stored)
            }
            let row = Int(clamping: origin[0]), column = origin.count == 2 ? Int(clamping: origin[1]) : 0
            let cell = row / geometry.chunkRows * columnChunks + column / geometry.chunkColumns
            guard row < geometry.rows, column < geometry.columns, row % geometry.chunkRows == 0,
                  column % geometry.chunkColumns == 0, stored > 0, Int(stored) <= 2 * geometry.chunkBytes + 4096,
                  seen.insert(cell).inserted
            else {
                throw HDF5Error(.readFailed, dataset.location, "chunk \(index) at (\(row), \(column)) does not fit the dataset (damaged chunk index)")
            }
            chunks.append(Chunk(origin: (row, column), storedBytes: Int(stored)))
        }
        return chunks
    }

    /// Reads, inflates and scatters every chunk, spread over the cores.
    /// Returns the first failure, if any.
    private static func decode<T>(
        _ chunks: [Chunk], of dataset: Dataset, geometry: Geometry,
        into destination: UnsafeMutablePointer<T>, scatter: Scatter<T>
    ) -> HDF5Error? {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, chunks.count))
        let failures = UnsafeMutableBufferPointer<HDF5Error?>.allocate(capacity: workers)
        failures.initialize(repeating: nil)
        defer {
            failures.deinitialize()
            failures.deallocate()
        }
        let largestStored = chunks.lazy.map(\.storedBytes).max() ?? 0
        do throws(HDF5Error) {
            let perWorker = largestStored.addingReportingOverflow(geometry.chunkBytes)
            try _requireBudget(perWorker.overflow ? nil : MemoryBudget.byteCount(perWorker.partialValue, elementBytes: workers),
                               for: "chunk buffers of \(workers) threads", at: dataset.location)
        } catch {
            return error
        }
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let stored = UnsafeMutableRawPointer.allocate(byteCount: largestStored, alignment: 64)
            let inflated = UnsafeMutableRawPointer.allocate(byteCount: geometry.chunkBytes, alignment: 64)
            defer { stored.deallocate(); inflated.deallocate() }
            for index in stride(from: worker, to: chunks.count, by: workers) {
                do throws(HDF5Error) {
                    let isCompressed = try readChunk(chunks[index], of: dataset, into: stored)
                    let elements = try inflate(
                        chunks[index], isCompressed: isCompressed, from: stored, into: inflated,
                        dataset: dataset, geometry: geometry)
                    scatter(elements, chunks[index].origin, geometry, destination)
                } catch {
                    failures[worker] = error
                    return
                }
            }
        }
        return failures.lazy.compactMap { $0 }.first
    }

    /// Copies one chunk's stored bytes into `buffer` (`H5Dread_chunk`, under the lock).
    /// - Returns: whether the bytes are still gzip-compressed (libhdf5 reports skipped filters).
    private static func readChunk(_ chunk: Chunk, of dataset: Dataset, into buffer: UnsafeMutableRawPointer) throws(HDF5Error) -> Bool {
        var skippedFilters: UInt32 = 0
        libraryLock.lock()
        defer { libraryLock.unlock() }
        _ = try _call(.readFailed, dataset.location, "cannot read chunk at row \(chunk.origin.row)", watched: false) {
            H5Dread_chunk(dataset.handle.id, _Constants.defaultPropertyList, offset(of: chunk.origin, in: dataset),
                          &skippedFilters, buffer)
        }
        return !dataset.filters.isEmpty && skippedFilters & 1 == 0
    }

    /// The chunk's elements: `stored` itself when uncompressed, else `inflated` after zlib `uncompress`.
    private static func inflate(
        _ chunk: Chunk, isCompressed: Bool, from stored: UnsafeRawPointer, into inflated: UnsafeMutableRawPointer,
        dataset: Dataset, geometry: Geometry
    ) throws(HDF5Error) -> UnsafeRawPointer {
        var length = uLongf(geometry.chunkBytes)
        let status = isCompressed
            ? uncompress(inflated.assumingMemoryBound(to: Bytef.self), &length,
                         stored.assumingMemoryBound(to: Bytef.self), uLong(chunk.storedBytes))
            : Z_OK
        let size = isCompressed ? Int(length) : chunk.storedBytes
        guard status == Z_OK, size == geometry.chunkBytes else {
            throw HDF5Error(.readFailed, dataset.location, "corrupt compressed chunk at row \(chunk.origin.row)")
        }
        return isCompressed ? UnsafeRawPointer(inflated) : stored
    }

    /// The chunk coordinates libhdf5 takes: one per dimension of the dataset.
    private static func offset(of origin: (row: Int, column: Int), in dataset: Dataset) -> [hsize_t] {
        Array([hsize_t(origin.row), hsize_t(origin.column)].prefix(dataset.shape.count))
    }

    /// The conversion from the stored element type to `T`, or nil if the chunk
    /// path does not handle that stored type (64-bit integers go through libhdf5).
    private static func scatterFunction<T: HDF5Scalar>(for stored: ElementType, into type: T.Type) -> Scatter<T>? {
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
    private static func scatter<S: HDF5Scalar, T: HDF5Scalar>(_ stored: S.Type) -> Scatter<T> {
        if S.self == T.self {
            return { source, origin, geometry, destination in
                copyWords(source, origin: origin, geometry: geometry, into: UnsafeMutableRawPointer(destination))
            }
        }
        return { source, origin, geometry, destination in
            let values = source.assumingMemoryBound(to: S.self)
            let rows = min(geometry.chunkRows, geometry.rows - origin.row)
            let columns = min(geometry.chunkColumns, geometry.columns - origin.column)
            for row in 0..<rows {
                let from = values + row * geometry.chunkColumns
                let to = destination + (origin.row + row) * geometry.columns + origin.column
                for column in 0..<columns { to[column] = T(_hdf5Converting: from[column]._hdf5DoubleValue) }
            }
        }
    }

    /// Copies a chunk into the result as fixed-width words, for when the stored
    /// and result types match. `T` is unknown at compile time in this module, and
    /// copying elements through its value witnesses took a fifth of the read.
    private static func copyWords(
        _ source: UnsafeRawPointer, origin: (row: Int, column: Int), geometry: Geometry,
        into destination: UnsafeMutableRawPointer
    ) {
        switch geometry.elementBytes {
        case 1: copyWords(UInt8.self, source, origin: origin, geometry: geometry, into: destination)
        case 2: copyWords(UInt16.self, source, origin: origin, geometry: geometry, into: destination)
        case 4: copyWords(UInt32.self, source, origin: origin, geometry: geometry, into: destination)
        default: copyWords(UInt64.self, source, origin: origin, geometry: geometry, into: destination)
        }
    }

    /// Raw loads and stores, which are defined whatever type the memory is bound to.
    private static func copyWords<Word: FixedWidthInteger>(
        _ word: Word.Type, _ source: UnsafeRawPointer, origin: (row: Int, column: Int), geometry: Geometry,
        into destination: UnsafeMutableRawPointer
    ) {
        let size = MemoryLayout<Word>.size
        let to = destination + (origin.row * geometry.columns + origin.column) * size
        let rows = min(geometry.chunkRows, geometry.rows - origin.row)
        let columns = min(geometry.chunkColumns, geometry.columns - origin.column)
        for row in 0..<rows {
            for column in 0..<columns {
                let value = source.load(fromByteOffset: (row * geometry.chunkColumns + column) * size, as: Word.self)
                to.storeBytes(of: value, toByteOffset: (row * geometry.columns + column) * size, as: Word.self)
            }
        }
    }
}
