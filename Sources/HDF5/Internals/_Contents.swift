import CHDF5
import Core

/// The stored contents of a dataset (or a row range of it) or an attribute,
/// read whole into Swift arrays. Datasets and attributes differ only in the
/// C call that fills a buffer (`H5Dread` or `H5Aread`), passed as `fill`.
struct _Contents {
    let location: ObjectLocation
    /// What is read, for messages: `(3000, 11) float32`.
    let what: String
    /// Whether a read still running after the guard's timeout is a hang (attributes), or may be
    /// bulk data that takes long (datasets); see `_guarded`.
    var watched = true
    /// The stored datatype (`H5Dget_type` / `H5Aget_type`).
    let fileType: _Handle
    let elementType: ElementType
    /// Number of elements `fill` writes.
    let count: Int
    /// Fills `buffer` with `count` elements converted to `memoryType`.
    let fill: (_ memoryType: hid_t, _ buffer: UnsafeMutableRawPointer) -> herr_t

    /// Reads numbers, converting from any numeric or boolean stored type.
    func numbers<T: HDF5Scalar>(as type: T.Type) throws(HDF5Error) -> [T] {
        _Library.prepareCurrentThread()
        switch elementType {
        case .boolean, .enumeration:
            // libhdf5 does not convert enums to integers: read the raw members.
            let raw = try enumValues()
            return raw.map { T(_hdf5Converting: Double($0)) }
        case .float, .integer:
            if T.self == Bool.self {
                return try read(Double.self).map { T(_hdf5Converting: $0) }
            }
            return try read(T.self)
        case .string, .other:
            throw HDF5Error(.unsupportedType, location, "cannot read \(elementType) data as \(T.self)")
        }
    }

    /// Reads strings, fixed-length (padding removed) or variable-length.
    func strings() throws(HDF5Error) -> [String] {
        _Library.prepareCurrentThread()
        guard case .string(let layout) = elementType else {
            throw HDF5Error(.unsupportedType, location, "cannot read \(elementType) data as strings")
        }
        switch layout {
        case .fixed(let length, _):
            return try fixedLengthStrings(length: length)
        case .variable(let utf8):
            return try variableLengthStrings(utf8: utf8)
        }
    }

    private func read<T: HDF5Scalar>(_ type: T.Type) throws(HDF5Error) -> [T] {
        guard let memoryType = T.hdf5ElementType.nativeMemoryType() else {
            throw HDF5Error(.unsupportedType, location, "no native type for \(T.self)")
        }
        return try withBuffer(of: T.self, filledAs: memoryType)
    }

    /// libhdf5 1.10 corrupts its heap deriving the native type of an enum whose base integer is
    /// not 1, 2, 4 or 8 bytes wide (a damaged file; later versions refuse it), so that is checked first.
    private func enumValues() throws(HDF5Error) -> [Int64] {
        let base = try _open(.libraryCall, location, "cannot read enum base type", close: H5Tclose) {
            H5Tget_super(fileType.id)
        }
        let sizes = [H5Tget_size(fileType.id), H5Tget_size(base.id)]
        guard sizes.allSatisfy({ [1, 2, 4, 8].contains($0) }) else {
            throw HDF5Error(.unsupportedType, location, "enum of \(sizes[0])-byte members over a \(sizes[1])-byte integer")
        }
        let memoryType = try _open(.libraryCall, location, "cannot derive native enum type", close: H5Tclose) {
            H5Tget_native_type(fileType.id, H5T_DIR_DEFAULT)
        }
        switch H5Tget_size(memoryType.id) {
        case 1: return try withBuffer(of: Int8.self, filledAs: memoryType.id).map { Int64($0) }
        case 2: return try withBuffer(of: Int16.self, filledAs: memoryType.id).map { Int64($0) }
        case 4: return try withBuffer(of: Int32.self, filledAs: memoryType.id).map { Int64($0) }
        case 8: return try withBuffer(of: Int64.self, filledAs: memoryType.id)
        case let size: throw HDF5Error(.unsupportedType, location, "enum of \(size)-byte members")
        }
    }

    private func fixedLengthStrings(length: Int) throws(HDF5Error) -> [String] {
        let memoryType = try _open(.libraryCall, location, "cannot copy string type", close: H5Tclose) {
            H5Tcopy(fileType.id)
        }
        guard let total = MemoryBudget.byteCount(count, elementBytes: length) else {
            throw HDF5Error(.tooLarge, location, "\(what) is larger than any machine can hold")
        }
        let bytes = try withBuffer(of: UInt8.self, count: total, filledAs: memoryType.id)
        let spacePadded = H5Tget_strpad(fileType.id) == H5T_STR_SPACEPAD
        return (0..<count).map { index in
            var element = bytes[index * length..<(index + 1) * length]
            if let end = element.firstIndex(of: 0) { element = element[..<end] }
            if spacePadded { while element.last == 0x20 { element = element.dropLast() } }
            return String(decoding: element, as: UTF8.self)
        }
    }

    private func variableLengthStrings(utf8: Bool) throws(HDF5Error) -> [String] {
        guard count > 0 else { return [] }
        let memoryType = try _open(.libraryCall, location, "cannot create string type", close: H5Tclose) {
            H5Tcopy(_Constants.cString)
        }
        _ = try _call(.libraryCall, location, "cannot set string type") {
            H5Tset_size(memoryType.id, _Constants.variableLength)
        }
        _ = try _call(.libraryCall, location, "cannot set string encoding") {
            H5Tset_cset(memoryType.id, utf8 ? H5T_CSET_UTF8 : H5T_CSET_ASCII)
        }
        try _requireBudget(MemoryBudget.byteCount(count, elementBytes: MemoryLayout<UnsafeMutablePointer<CChar>>.stride),
                               for: what, at: location)
        var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
        let status = pointers.withUnsafeMutableBytes { pointers in
            _guarded(location, watched: watched) { fill(memoryType.id, pointers.baseAddress!) }
        }
        defer { pointers.forEach { if let pointer = $0 { H5free_memory(pointer) } } }
        _ = try _call(.readFailed, location, "cannot read strings") { status }
        return pointers.map { $0.map { String(cString: $0) } ?? "" }
    }

    private func withBuffer<T>(
        of type: T.Type, count elements: Int? = nil, filledAs memoryType: hid_t
    ) throws(HDF5Error) -> [T] {
        let elements = elements ?? count
        guard elements > 0 else { return [] }
        try _requireBudget(MemoryBudget.byteCount(elements, elementBytes: MemoryLayout<T>.stride), for: what, at: location)
        var status: herr_t = 0
        let values = [T](unsafeUninitializedCapacity: elements) { buffer, initialized in
            status = _guarded(location, watched: watched) { fill(memoryType, UnsafeMutableRawPointer(buffer.baseAddress!)) }
            initialized = status < 0 ? 0 : elements
        }
        _ = try _call(.readFailed, location, "cannot read data") { status }
        return values
    }
}
