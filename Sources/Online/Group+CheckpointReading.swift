import HDF5
import IQL

/// Reading a checkpoint's pieces, each failure one `CheckpointError` line.
extension Group {
    /// An integer attribute.
    func integer(_ name: String) throws(CheckpointError) -> Int {
        Int(try checkpointIO { () throws(HDF5Error) in try attribute(name, as: Int64.self) })
    }

    /// An integer attribute that must lie in `range`.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(CheckpointError) -> Int {
        let value = try integer(name)
        guard range.contains(value) else { throw .incompatible(file: location.file, reason: "\(path)@\(name) \(value) outside \(range)") }
        return value
    }

    /// A scalar attribute of any other type.
    func scalar<T: HDF5Scalar>(_ name: String, as type: T.Type) throws(CheckpointError) -> T {
        try checkpointIO { () throws(HDF5Error) in try attribute(name, as: T.self) }
    }

    /// The dataset `name`, which must have `shape`, read as `T` (checked before it is read, so a
    /// damaged file cannot make the reader allocate what it declares).
    func values<T: HDF5Scalar>(_ name: String, shape: [Int], as type: T.Type) throws(CheckpointError) -> [T] {
        let dataset = try checkpointIO { () throws(HDF5Error) in try self.dataset(name) }
        guard dataset.shape == shape else {
            throw .shapeMismatch(file: location.file, path: dataset.path, expected: shape, found: dataset.shape)
        }
        return try checkpointIO { () throws(HDF5Error) in try dataset.read(as: T.self) }
    }

    /// `values` of Floats that must all be finite.
    func finiteFloats(_ name: String, shape: [Int]) throws(CheckpointError) -> [Float] {
        let read = try values(name, shape: shape, as: Float.self)
        if let bad = read.first(where: { !$0.isFinite }) { throw .corrupted(file: location.file, reason: "\(path)/\(name) holds \(bad)") }
        return read
    }

    /// The child group `name`.
    func child(_ name: String) throws(CheckpointError) -> Group {
        try checkpointIO { () throws(HDF5Error) in try group(name) }
    }
}
