import CHDF5

/// How a new dataset's data are laid out in the file.
public enum ChunkLayout: Hashable, Sendable {
    /// One contiguous block (no compression possible).
    case contiguous
    /// Chunked with the shape h5py would pick (`h5py._hl.filters.guess_chunk`).
    case automatic
    /// Chunked with this shape.
    case shape([Int])
}

extension Group {
    /// Creates a dataset at relative path `path` holding `values` with `shape`
    /// (default: one dimension), creating missing intermediate groups.
    ///
    /// Numbers are stored as h5py stores the matching numpy dtype, booleans as
    /// h5py's enum `{FALSE, TRUE}` over int8, so h5py reads back the same dtype.
    /// - Parameters:
    ///   - chunks: the storage layout; gzip needs a chunked one.
    ///   - gzipLevel: deflate level 0–9 (h5py's `compression="gzip"` is 4), or nil for none.
    @discardableResult
    public func createDataset<T: HDF5Scalar>(
        _ path: String, values: [T], shape: [Int]? = nil,
        chunks: ChunkLayout = .automatic, gzipLevel: Int? = 4
    ) throws(HDF5Error) -> Dataset {
        let shape = shape ?? [values.count]
        precondition(shape.reduce(1, *) == values.count, "\(path): shape \(shape) does not hold \(values.count) values")
        precondition(gzipLevel == nil || (chunks != .contiguous && !shape.isEmpty), "\(path): gzip needs a chunked layout")
        let here = location.appending(path)
        let fileType = try _TypeFactory.fileType(for: T.self, at: here)
        let memoryType = try _TypeFactory.memoryType(for: T.self, at: here)
        let creation = try creationProperties(shape: shape, elementBytes: MemoryLayout<T>.size, chunks: chunks, gzipLevel: gzipLevel, at: here)
        return try createDataset(path, type: fileType, shape: shape, creation: creation) { dataset in
            _TypeFactory.withMemoryBytes(of: values) {
                H5Dwrite(dataset, memoryType.id, _Constants.allSelection, _Constants.allSelection, _Constants.defaultPropertyList, $0)
            }
        }
    }

    /// Creates a scalar numeric dataset (contiguous, uncompressed), like `metadata/iteration`.
    @discardableResult
    public func createDataset<T: HDF5Scalar>(_ path: String, scalar: T) throws(HDF5Error) -> Dataset {
        try createDataset(path, values: [scalar], shape: [], chunks: .contiguous, gzipLevel: nil)
    }

    /// Creates a scalar string dataset: variable-length UTF-8 (h5py's `str`) or,
    /// with `fixedLength`, null-padded bytes (h5py's `numpy.bytes_`, as in `metadata/algorithm`).
    @discardableResult
    public func createDataset(_ path: String, string: String, fixedLength: Bool = false) throws(HDF5Error) -> Dataset {
        let here = location.appending(path)
        let bytes = Array(string.utf8)
        let type = fixedLength
            ? try _TypeFactory.fixedLengthString(length: bytes.count, at: here)
            : try _TypeFactory.variableLengthString(at: here)
        let creation = try _open(.writeFailed, here, "cannot create property list", close: H5Pclose) {
            H5Pcreate(_Constants.datasetCreateClass)
        }
        return try createDataset(path, type: type, shape: [], creation: creation) { dataset in
            if fixedLength {
                let padded = bytes.isEmpty ? [0] : bytes
                return H5Dwrite(dataset, type.id, _Constants.allSelection, _Constants.allSelection, _Constants.defaultPropertyList, padded)
            }
            return string.withCString { cString in
                var pointer: UnsafePointer<CChar>? = cString
                return H5Dwrite(dataset, type.id, _Constants.allSelection, _Constants.allSelection, _Constants.defaultPropertyList, &pointer)
            }
        }
    }

    /// `H5Dcreate2` + one `H5Dwrite` through `write`, then opens the result for the caller.
    /// No modification times are stored (`H5Pset_obj_track_times(false)`, h5py's default
    /// `track_times=False`), so writing the same data twice gives byte-identical files.
    private func createDataset(
        _ path: String, type: _Handle, shape: [Int], creation: _Handle, write: (hid_t) -> herr_t
    ) throws(HDF5Error) -> Dataset {
        let here = location.appending(path)
        _ = try _call(.writeFailed, here, "cannot turn off time tracking") { H5Pset_obj_track_times(creation.id, false) }
        let space = try _Dataspace.create(shape: shape, at: here)
        let links = try Group.intermediateGroupLinks(at: here)
        let dataset = try _open(.writeFailed, here, "cannot create dataset", close: H5Dclose) {
            H5Dcreate2(handle.id, path, type.id, space.id, links.id, creation.id, _Constants.defaultPropertyList)
        }
        _ = try _call(.writeFailed, here, "cannot write dataset") { write(dataset.id) }
        _ = dataset.closeNow()
        return try self.dataset(path)
    }

    /// Dataset-creation properties: layout, chunk shape and deflate level.
    private func creationProperties(
        shape: [Int], elementBytes: Int, chunks: ChunkLayout, gzipLevel: Int?, at here: ObjectLocation
    ) throws(HDF5Error) -> _Handle {
        let creation = try _open(.writeFailed, here, "cannot create property list", close: H5Pclose) {
            H5Pcreate(_Constants.datasetCreateClass)
        }
        let chunkShape: [Int]?
        switch chunks {
        case .contiguous: chunkShape = nil
        case .automatic: chunkShape = shape.isEmpty ? nil : _ChunkGuess.h5pyChunkShape(for: shape, elementBytes: elementBytes)
        case .shape(let explicit):
            precondition(explicit.count == shape.count && explicit.allSatisfy { $0 > 0 }, "chunk shape \(explicit) does not fit \(shape)")
            chunkShape = explicit
        }
        if let chunkShape {
            let dims = chunkShape.map { hsize_t($0) }
            _ = try _call(.writeFailed, here, "cannot set chunk shape \(chunkShape)") {
                H5Pset_chunk(creation.id, Int32(dims.count), dims)
            }
        }
        if let gzipLevel {
            _ = try _call(.writeFailed, here, "cannot set gzip level \(gzipLevel)") { H5Pset_deflate(creation.id, UInt32(gzipLevel)) }
        }
        return creation
    }
}
