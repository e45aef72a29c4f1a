import HDF5
import NN

extension Parameters {
    /// Fills every tensor of this layout from `group/<tensor name>` (e.g.
    /// `params/critic/q1/layer0/kernel`), requiring the stored shape to match and every value to
    /// be finite (a run never saves NaN: it stops at a non-finite loss).
    public mutating func read(from group: Group) throws(CheckpointError) {
        for tensor in tensors {
            let dataset = try checkpointIO { () throws(HDF5Error) in try group.dataset(tensor.name) }
            guard dataset.shape == tensor.shape else {
                throw .shapeMismatch(file: dataset.location.file, path: dataset.path, expected: tensor.shape, found: dataset.shape)
            }
            let values = try checkpointIO { () throws(HDF5Error) in try dataset.read(as: Float.self) }
            if let bad = values.first(where: { !$0.isFinite }) {
                throw .corrupted(file: dataset.location.file, reason: "\(dataset.path) holds \(bad)")
            }
            self[tensor] = ArraySlice(values)
        }
    }

    /// Writes every tensor as `group/<tensor name>` (float32, uncompressed).
    public func write(to group: Group) throws(HDF5Error) {
        for tensor in tensors {
            try group.createDataset(tensor.name, values: Array(self[tensor]), shape: tensor.shape, chunks: .contiguous, gzipLevel: nil)
        }
    }
}
