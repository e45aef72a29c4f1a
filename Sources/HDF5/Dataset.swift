import CHDF5

/// An open HDF5 dataset (`H5Dopen2`) and what describes it: shape, element
/// type, storage layout and filters. Reading is in `Dataset+Reading.swift`,
/// creating in `Dataset+Writing.swift`.
public final class Dataset: Object {
    /// The dataset's extent; `[]` for a scalar.
    public let shape: [Int]
    /// The stored element type.
    public let elementType: ElementType
    /// The chunk shape when the layout is chunked, else nil (contiguous or compact).
    public let chunkShape: [Int]?
    /// The filter pipeline, in application order (empty when unfiltered).
    public let filters: [Filter]
    let fileType: _Handle

    init(opening path: String, in file: File, below parent: hid_t, at location: ObjectLocation) throws(HDF5Error) {
        let handle = try _open(.objectNotFound, location, "cannot open dataset", close: H5Dclose) {
            H5Dopen2(parent, path, _Constants.defaultPropertyList)
        }
        let fileType = try _open(.libraryCall, location, "cannot read datatype", close: H5Tclose) {
            H5Dget_type(handle.id)
        }
        let space = try _open(.libraryCall, location, "cannot read dataspace", close: H5Sclose) {
            H5Dget_space(handle.id)
        }
        let creation = try _open(.libraryCall, location, "cannot read creation properties", close: H5Pclose) {
            H5Dget_create_plist(handle.id)
        }
        self.fileType = fileType
        self.shape = try _Dataspace.shape(of: space.id, at: location)
        self.elementType = try ElementType(classifying: fileType.id, at: location)
        self.chunkShape = try Self.chunkShape(of: creation.id, rank: shape.count, at: location)
        self.filters = try Self.filters(of: creation.id, at: location)
        super.init(handle: handle, file: file, location: location)
    }

    /// Number of elements (1 for a scalar).
    public var elementCount: Int { shape.reduce(1, *) }

    /// Number of rows: the first dimension (1 for a scalar).
    public var rowCount: Int { shape.first ?? 1 }

    /// h5py's name for the compression applied (`gzip`, `lzf`, `szip`), or nil.
    public var compression: String? { filters.lazy.compactMap(\.compression).first }

    /// Bytes the dataset occupies in the file (`H5Dget_storage_size`).
    public var storageSize: Int { Int(H5Dget_storage_size(handle.id)) }

    /// True when the stored numbers are big-endian (`H5Tget_order`).
    var isBigEndian: Bool { H5Tget_order(fileType.id) == H5T_ORDER_BE }

    private static func chunkShape(of creation: hid_t, rank: Int, at location: ObjectLocation) throws(HDF5Error) -> [Int]? {
        guard H5Pget_layout(creation) == H5D_CHUNKED, rank > 0 else { return nil }
        var dims = [hsize_t](repeating: 0, count: rank)
        _ = try _call(.libraryCall, location, "cannot read chunk shape") { H5Pget_chunk(creation, Int32(rank), &dims) }
        return dims.map { Int($0) }
    }

    private static func filters(of creation: hid_t, at location: ObjectLocation) throws(HDF5Error) -> [Filter] {
        let count = try _call(.libraryCall, location, "cannot count filters") { H5Pget_nfilters(creation) }
        var filters: [Filter] = []
        for index in 0..<UInt32(count) {
            var flags: UInt32 = 0
            var parameterCount = 8
            var parameters = [UInt32](repeating: 0, count: parameterCount)
            var name = [CChar](repeating: 0, count: 256)
            var configuration: UInt32 = 0
            let id = try _call(.libraryCall, location, "cannot read filter \(index)") {
                H5Pget_filter2(creation, index, &flags, &parameterCount, &parameters, name.count, &name, &configuration)
            }
            filters.append(Filter(
                id: Int(id), name: String(cString: name),
                parameters: Array(parameters.prefix(min(parameterCount, parameters.count)))))
        }
        return filters
    }
}
