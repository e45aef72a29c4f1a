import CHDF5
import Core

/// An open HDF5 dataset (`H5Dopen2`) and what describes it: shape, element
/// type, storage layout and filters. Reading is in `Dataset+Reading.swift`,
/// creating in `Dataset+Writing.swift`.
public final class Dataset: Object {
    /// The dataset's extent; `[]` for a scalar and for a null dataspace (see `isEmpty`).
    public let shape: [Int]
    /// Number of elements: 1 for a scalar, 0 for a null dataspace or a zero-length dimension.
    public let elementCount: Int
    /// True for a null dataspace (h5py's `Empty`): no shape and no element.
    public let isEmpty: Bool
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
        let extent = try _Dataspace.extent(of: space.id, at: location)
        self.shape = extent.shape
        self.elementCount = extent.elementCount
        self.isEmpty = extent.isNull
        self.elementType = try ElementType(classifying: fileType.id, at: location)
        self.hasStandardLayout = elementType.isStandardLittleEndian(fileType.id)
        self.chunkShape = try Self.chunkShape(of: creation.id, rank: shape.count, at: location)
        self.filters = try Self.filters(of: creation.id, at: location)
        super.init(handle: handle, file: file, location: location)
    }

    /// Number of rows: the first dimension (1 for a scalar).
    public var rowCount: Int { shape.first ?? 1 }

    /// h5py's name for the compression applied (`gzip`, `lzf`, `szip`), or nil.
    public var compression: String? { filters.lazy.compactMap(\.compression).first }

    /// Bytes the dataset occupies in the file (`H5Dget_storage_size`).
    /// (Clamped to `Int.max`: a damaged file can declare any 64-bit size.)
    public var storageSize: Int { Int(clamping: H5Dget_storage_size(handle.id)) }

    /// True when the stored type is exactly the little-endian IEEE float, two's-complement or
    /// unsigned integer, or h5py boolean of its size (`H5Tequal` with the standard type), the
    /// layouts whose bytes the chunk reader decodes itself; other layouts (big-endian, custom
    /// float fields or exponent bias, padded integers) are converted by libhdf5.
    let hasStandardLayout: Bool

    /// What the dataset declares, for messages: `(1000000000, 11) float32`.
    public var declaration: String {
        (isEmpty ? "empty" : "(" + shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? ",)" : ")"))
            + " \(elementType)"
    }

    /// Throws `.tooLarge` when the file cannot hold the elements the dataset declares, before
    /// anything is allocated for them: an allocated contiguous layout smaller than the declared
    /// bytes, or allocated chunks that would inflate beyond deflate's largest ratio (1032 : 1) of
    /// the bytes they occupy (`H5Dget_storage_size`, `H5Dget_num_chunks`). Storage never written
    /// reads as the fill value and is not counted.
    func checkDeclaredStorage() throws(HDF5Error) {
        guard elementCount > 0, let declared = MemoryBudget.byteCount(elementCount, elementBytes: Int(H5Tget_size(fileType.id)))
        else { return }
        let stored = storageSize
        guard let chunkShape else {
            if stored > 0 && stored < declared {
                throw HDF5Error(.tooLarge, location, "declares \(declaration) (\(MemoryBudget.describe(declared))) but the file stores \(MemoryBudget.describe(stored)) (damaged or truncated)")
            }
            return
        }
        let maximumRatio: Int
        if filters.isEmpty {
            maximumRatio = 1
        } else if filters.allSatisfy({ [Filter.deflateID, Filter.shuffleID, Filter.fletcher32ID].contains($0.id) }) {
            maximumRatio = 1032
        } else {
            return  // other compressors: no known bound
        }
        let space = try _open(.libraryCall, location, "cannot read dataspace", close: H5Sclose) { H5Dget_space(handle.id) }
        var allocated: hsize_t = 0
        _ = try _call(.readFailed, location, "cannot count chunks") { H5Dget_num_chunks(handle.id, space.id, &allocated) }
        let chunkBytes = _Dataspace.checkedProduct(chunkShape + [Int(H5Tget_size(fileType.id))]) ?? .max
        let inflated = Int(exactly: allocated).flatMap { MemoryBudget.byteCount($0, elementBytes: chunkBytes) }
        if let inflated, inflated <= MemoryBudget.byteCount(stored, elementBytes: maximumRatio) ?? .max { return }
        throw HDF5Error(.tooLarge, location, "declares \(declaration) in \(allocated) chunks of \(MemoryBudget.describe(chunkBytes)) but the file stores \(MemoryBudget.describe(stored)) for them (damaged)")
    }

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
