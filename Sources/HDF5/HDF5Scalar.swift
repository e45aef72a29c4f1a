import CHDF5

/// A Swift number type that reads from and writes to HDF5 datasets and attributes.
///
/// One protocol instead of one reader per type (compare hdf5-rust's `H5Type`).
/// Reading converts from any numeric stored type (libhdf5's own conversion, or
/// ours on the parallel chunk path, both rounding to nearest); `Bool` reads any
/// numeric or h5py-boolean dataset as `value != 0` and writes h5py's boolean enum.
public protocol HDF5Scalar: Sendable {
    /// The element type this Swift type is written as.
    static var hdf5ElementType: ElementType { get }
    /// Conversion used by the chunk reader; exact for every stored type up to 32 bits.
    init(_hdf5Converting value: Double)
    /// This value as a Double (exact for every conforming type up to 32 bits).
    var _hdf5DoubleValue: Double { get }
}

extension Float: HDF5Scalar {
    public static var hdf5ElementType: ElementType { .float(bytes: 4) }
    public init(_hdf5Converting value: Double) { self = Float(value) }
    public var _hdf5DoubleValue: Double { Double(self) }
}

extension Double: HDF5Scalar {
    public static var hdf5ElementType: ElementType { .float(bytes: 8) }
    public init(_hdf5Converting value: Double) { self = value }
    public var _hdf5DoubleValue: Double { self }
}

extension Bool: HDF5Scalar {
    public static var hdf5ElementType: ElementType { .boolean }
    public init(_hdf5Converting value: Double) { self = value != 0 }
    public var _hdf5DoubleValue: Double { self ? 1 : 0 }
}

extension Int8: HDF5Scalar { public static var hdf5ElementType: ElementType { .integer(bytes: 1, signed: true) } }
extension UInt8: HDF5Scalar { public static var hdf5ElementType: ElementType { .integer(bytes: 1, signed: false) } }
extension Int16: HDF5Scalar { public static var hdf5ElementType: ElementType { .integer(bytes: 2, signed: true) } }
extension UInt16: HDF5Scalar { public static var hdf5ElementType: ElementType { .integer(bytes: 2, signed: false) } }
extension Int32: HDF5Scalar { public static var hdf5ElementType: ElementType { .integer(bytes: 4, signed: true) } }
extension UInt32: HDF5Scalar { public static var hdf5ElementType: ElementType { .integer(bytes: 4, signed: false) } }
extension Int64: HDF5Scalar { public static var hdf5ElementType: ElementType { .integer(bytes: 8, signed: true) } }
extension UInt64: HDF5Scalar { public static var hdf5ElementType: ElementType { .integer(bytes: 8, signed: false) } }
extension Int: HDF5Scalar { public static var hdf5ElementType: ElementType { .integer(bytes: 8, signed: true) } }

extension HDF5Scalar where Self: BinaryInteger {
    /// Rounds toward zero, clamping to the type's range (NaN reads as 0).
    public init(_hdf5Converting value: Double) {
        self = value.isNaN ? 0 : Self(clamping: Int64(exactly: value.rounded(.towardZero)) ?? (value < 0 ? .min : .max))
    }
    public var _hdf5DoubleValue: Double { Double(self) }
}

extension ElementType {
    /// The native in-memory libhdf5 type for numeric element types.
    /// Booleans are stored as int8 under an enum; see `_booleanType`.
    func nativeMemoryType() -> hid_t? {
        switch self {
        case .float(4): return CHDF5_H5T_NATIVE_FLOAT()
        case .float(8): return CHDF5_H5T_NATIVE_DOUBLE()
        case .integer(1, true): return CHDF5_H5T_NATIVE_INT8()
        case .integer(1, false): return CHDF5_H5T_NATIVE_UINT8()
        case .integer(2, true): return CHDF5_H5T_NATIVE_INT16()
        case .integer(2, false): return CHDF5_H5T_NATIVE_UINT16()
        case .integer(4, true): return CHDF5_H5T_NATIVE_INT32()
        case .integer(4, false): return CHDF5_H5T_NATIVE_UINT32()
        case .integer(8, true): return CHDF5_H5T_NATIVE_INT64()
        case .integer(8, false): return CHDF5_H5T_NATIVE_UINT64()
        default: return nil
        }
    }

    /// The little-endian standard type h5py writes for numeric element types.
    func standardFileType() -> hid_t? {
        switch self {
        case .float(4): return CHDF5_H5T_IEEE_F32LE()
        case .float(8): return CHDF5_H5T_IEEE_F64LE()
        case .integer(1, true), .boolean: return CHDF5_H5T_STD_I8LE()
        case .integer(1, false): return CHDF5_H5T_STD_U8LE()
        case .integer(2, true): return CHDF5_H5T_STD_I16LE()
        case .integer(2, false): return CHDF5_H5T_STD_U16LE()
        case .integer(4, true): return CHDF5_H5T_STD_I32LE()
        case .integer(4, false): return CHDF5_H5T_STD_U32LE()
        case .integer(8, true): return CHDF5_H5T_STD_I64LE()
        case .integer(8, false): return CHDF5_H5T_STD_U64LE()
        default: return nil
        }
    }
}
