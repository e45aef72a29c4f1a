import CHDF5
import Core

extension Dataset {
    /// Reads the whole dataset as `T`, row-major, converting from any numeric
    /// or boolean stored type.
    ///
    /// Chunked datasets compressed with gzip (the layout h5py and D4RL write)
    /// are read by fetching raw chunks and inflating them on every core; other
    /// layouts go through `H5Dread`. Both give identical values.
    ///
    /// Before anything is allocated, the declared shape is checked against the storage the file
    /// has for it (`checkDeclaredStorage`) and the result's size against `MemoryBudget`.
    /// - Throws: `HDF5Error` `.unsupportedType` for strings and compound data, `.tooLarge` for a
    ///   declared size beyond the file or the budget, `.readFailed` on I/O errors.
    public func read<T: HDF5Scalar>(as type: T.Type = T.self) throws(HDF5Error) -> [T] {
        try checkDeclaredStorage()
        try _requireBudget(MemoryBudget.byteCount(elementCount, elementBytes: MemoryLayout<T>.stride),
                               for: "\(declaration) read as \(T.self)", at: location)
        if let values = try _ChunkReader.read(self, as: T.self) { return values }
        return try contents(rows: nil).numbers(as: T.self)
    }

    /// Reads the rows `rows` (the whole of every other dimension) as `T`, row-major (`H5Dread` of a hyperslab).
    /// - Throws: `HDF5Error` `.shapeMismatch` when the range is outside `0..<rowCount` or the dataset is scalar.
    public func read<T: HDF5Scalar>(rows: Range<Int>, as type: T.Type = T.self) throws(HDF5Error) -> [T] {
        try contents(rows: rows).numbers(as: T.self)
    }

    /// Reads every element of a string dataset (fixed- or variable-length).
    public func readStrings() throws(HDF5Error) -> [String] {
        try checkDeclaredStorage()
        return try contents(rows: nil).strings()
    }

    /// Reads a dataset holding exactly one string, such as `metadata/algorithm`.
    public func readString() throws(HDF5Error) -> String {
        let strings = try readStrings()
        guard strings.count == 1 else {
            throw HDF5Error(.shapeMismatch, location, "expected one string, found \(strings.count)")
        }
        return strings[0]
    }

    /// The stored contents, whole or for a row range, ready to be decoded.
    private func contents(rows: Range<Int>?) throws(HDF5Error) -> _Contents {
        guard let rows else {
            return _Contents(
                location: location, what: declaration, watched: false, fileType: fileType, elementType: elementType,
                count: elementCount,
                fill: { [handle] memoryType, buffer in
                    H5Dread(handle.id, memoryType, _Constants.allSelection, _Constants.allSelection,
                            _Constants.defaultPropertyList, buffer)
                })
        }
        guard !shape.isEmpty, rows.lowerBound >= 0, rows.upperBound <= rowCount else {
            throw HDF5Error(.shapeMismatch, location, "rows \(rows) outside dataset of shape \(shape)")
        }
        let fileSpace = try _open(.libraryCall, location, "cannot read dataspace", close: H5Sclose) {
            H5Dget_space(handle.id)
        }
        try _Dataspace.selectRows(rows, in: fileSpace.id, shape: shape, at: location)
        let memoryShape = [rows.count] + shape.dropFirst()
        let memorySpace = try _Dataspace.create(shape: memoryShape, at: location)
        return _Contents(
            location: location, what: "rows \(rows) of \(declaration)", watched: false, fileType: fileType,
            elementType: elementType, count: memoryShape.reduce(1, *),
            fill: { [handle] memoryType, buffer in
                H5Dread(handle.id, memoryType, memorySpace.id, fileSpace.id, _Constants.defaultPropertyList, buffer)
            })
    }
}
