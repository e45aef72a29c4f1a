import CHDF5

/// Datatypes for writing, made the way h5py makes them so that h5py reads
/// our files back with the same dtypes: little-endian standard numbers,
/// booleans as the enum `{FALSE = 0, TRUE = 1}` over int8, `str` as
/// variable-length UTF-8 and `bytes` as fixed-length null-padded ASCII.
enum _TypeFactory {
    /// The stored type for `T` (`H5Tcopy` of a standard type, or `H5Tenum_create`).
    static func fileType<T: HDF5Scalar>(for type: T.Type, at location: ObjectLocation) throws(HDF5Error) -> _Handle {
        if T.self == Bool.self { return try booleanEnum(over: CHDF5_H5T_STD_I8LE(), at: location) }
        return try copy(T.hdf5ElementType.standardFileType()!, at: location)
    }

    /// The in-memory type for `T` (booleans: the enum over native int8).
    static func memoryType<T: HDF5Scalar>(for type: T.Type, at location: ObjectLocation) throws(HDF5Error) -> _Handle {
        if T.self == Bool.self { return try booleanEnum(over: CHDF5_H5T_NATIVE_INT8(), at: location) }
        return try copy(T.hdf5ElementType.nativeMemoryType()!, at: location)
    }

    /// Calls `body` with the values laid out as `memoryType(for:)` expects
    /// (booleans as one int8 each).
    static func withMemoryBytes<T: HDF5Scalar>(of values: [T], _ body: (UnsafeRawPointer?) -> herr_t) -> herr_t {
        if let booleans = values as? [Bool] {
            return booleans.map { Int8($0 ? 1 : 0) }.withUnsafeBytes { body($0.baseAddress) }
        }
        return values.withUnsafeBytes { body($0.baseAddress) }
    }

    /// Variable-length UTF-8 string type, as h5py writes Python `str`.
    static func variableLengthString(at location: ObjectLocation) throws(HDF5Error) -> _Handle {
        let type = try copy(_Constants.cString, at: location)
        _ = try _call(.libraryCall, location, "cannot make string type") { H5Tset_size(type.id, _Constants.variableLength) }
        _ = try _call(.libraryCall, location, "cannot make string type") { H5Tset_cset(type.id, H5T_CSET_UTF8) }
        return type
    }

    /// Fixed-length, null-padded ASCII string type of `length` bytes, as h5py writes `numpy.bytes_`.
    static func fixedLengthString(length: Int, at location: ObjectLocation) throws(HDF5Error) -> _Handle {
        let type = try copy(_Constants.cString, at: location)
        _ = try _call(.libraryCall, location, "cannot make string type") { H5Tset_size(type.id, max(length, 1)) }
        _ = try _call(.libraryCall, location, "cannot make string type") { H5Tset_strpad(type.id, H5T_STR_NULLPAD) }
        return type
    }

    private static func copy(_ type: hid_t, at location: ObjectLocation) throws(HDF5Error) -> _Handle {
        try _open(.libraryCall, location, "cannot copy datatype", close: H5Tclose) { H5Tcopy(type) }
    }

    private static func booleanEnum(over base: hid_t, at location: ObjectLocation) throws(HDF5Error) -> _Handle {
        let type = try _open(.libraryCall, location, "cannot create boolean enum", close: H5Tclose) {
            H5Tenum_create(base)
        }
        for (name, value) in [("FALSE", Int8(0)), ("TRUE", Int8(1))] {
            var value = value
            _ = try _call(.libraryCall, location, "cannot create boolean enum") { H5Tenum_insert(type.id, name, &value) }
        }
        return type
    }
}
