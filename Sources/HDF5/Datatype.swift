import CHDF5

/// The element type of a dataset or attribute, as a user of h5py would name it.
///
/// `boolean` is h5py's encoding of `numpy.bool_`: an HDF5 enum
/// `{FALSE = 0, TRUE = 1}` over a signed 8-bit integer. Strings cover both
/// fixed-length byte strings (`numpy.bytes_`) and variable-length UTF-8 (`str`).
public enum ElementType: Hashable, Sendable, CustomStringConvertible {
    /// IEEE floating point of the given width in bytes (2, 4 or 8).
    case float(bytes: Int)
    /// Two's-complement (signed) or unsigned integer of the given width in bytes.
    case integer(bytes: Int, signed: Bool)
    /// h5py's boolean: enum `{FALSE = 0, TRUE = 1}` over int8 (or, as h5py also reads them, over
    /// any integer width).
    case boolean
    /// Any other enum; its member names in declaration order.
    case enumeration(members: [String])
    /// A string: fixed-length (null- or space-padded) or variable-length.
    case string(StringLayout)
    /// Compound, array, opaque, reference, bitfield, time or variable-length sequence.
    case other(String)

    /// How a string element is stored.
    public enum StringLayout: Hashable, Sendable {
        case fixed(length: Int, utf8: Bool)
        case variable(utf8: Bool)
    }

    /// The numpy-style name: `float32`, `float64`, `int8`, `uint8`, `bool`, `string`, `enum`, ...
    public var description: String {
        switch self {
        case .float(let bytes): return "float\(bytes * 8)"
        case .integer(let bytes, let signed): return (signed ? "int" : "uint") + "\(bytes * 8)"
        case .boolean: return "bool"
        case .enumeration: return "enum"
        case .string: return "string"
        case .other(let name): return name
        }
    }

    /// True for types that read as numbers: floats, integers and booleans.
    public var isNumeric: Bool {
        switch self {
        case .float, .integer, .boolean: return true
        case .enumeration, .string, .other: return false
        }
    }

    /// True for floating-point types.
    public var isFloat: Bool {
        if case .float = self { return true }
        return false
    }

    /// Width in bytes of one stored element for numeric types (booleans: 1).
    var storedByteCount: Int? {
        switch self {
        case .float(let bytes), .integer(let bytes, _): return bytes
        case .boolean: return 1
        default: return nil
        }
    }

    /// Whether `type` (an open datatype of this element type) is exactly `standardFileType()`;
    /// for booleans, whether the enum's base type is int8 little-endian (`H5Tget_super`, `H5Tequal`).
    func isStandardLittleEndian(_ type: hid_t) -> Bool {
        guard let standard = standardFileType() else { return false }
        guard self == .boolean else { return H5Tequal(type, standard) > 0 }
        let base = H5Tget_super(type)
        guard base >= 0 else { return false }
        defer { H5Tclose(base) }
        return H5Tequal(base, standard) > 0
    }

    /// Classifies an open datatype (`H5Tget_class`, `H5Tget_size`, `H5Tget_sign`,
    /// `H5Tis_variable_str`, `H5Tget_cset`, `H5Tget_member_name`).
    init(classifying type: hid_t, at location: ObjectLocation) throws(HDF5Error) {
        let typeClass = H5Tget_class(type)
        let size = Int(H5Tget_size(type))
        switch typeClass {
        case H5T_FLOAT:
            self = .float(bytes: size)
        case H5T_INTEGER:
            self = .integer(bytes: size, signed: H5Tget_sign(type) == H5T_SGN_2)
        case H5T_STRING:
            let utf8 = H5Tget_cset(type) == H5T_CSET_UTF8
            let variable = try _call(.libraryCall, location, "cannot inspect string type") {
                H5Tis_variable_str(type)
            }
            self = .string(variable > 0 ? .variable(utf8: utf8) : .fixed(length: size, utf8: utf8))
        case H5T_ENUM:
            // A damaged file can declare any size; members are read into an Int64.
            guard (1...8).contains(size) else { self = .other("enum of \(size) bytes"); return }
            let members = try Self.enumMembers(of: type, at: location)
            let isBoolean = members.count == 2 && members[0] == ("FALSE", 0) && members[1] == ("TRUE", 1)
            self = isBoolean ? .boolean : .enumeration(members: members.map(\.name))
        case H5T_COMPOUND: self = .other("compound")
        case H5T_ARRAY: self = .other("array")
        case H5T_OPAQUE: self = .other("opaque")
        case H5T_REFERENCE: self = .other("reference")
        case H5T_BITFIELD: self = .other("bitfield")
        case H5T_VLEN: self = .other("vlen")
        case H5T_TIME: self = .other("time")
        default: self = .other("unknown")
        }
    }

    private static func enumMembers(
        of type: hid_t, at location: ObjectLocation
    ) throws(HDF5Error) -> [(name: String, value: Int64)] {
        let count = try _call(.libraryCall, location, "cannot inspect enum type") { H5Tget_nmembers(type) }
        var members: [(name: String, value: Int64)] = []
        for index in 0..<UInt32(count) {
            guard let cName = H5Tget_member_name(type, index) else {
                throw HDF5Error(.libraryCall, location, "cannot read enum member name")
            }
            let name = String(cString: cName)
            H5free_memory(cName)
            // Read the member's value converted to a native int64.
            var value: Int64 = 0
            _ = try _call(.libraryCall, location, "cannot read enum member value") {
                H5Tget_member_value(type, index, &value)
            }
            let size = Int(H5Tget_size(type))
            members.append((name, Self.signExtend(value, byteCount: size)))
        }
        return members
    }

    /// `H5Tget_member_value` copies the member's raw bytes (little-endian on
    /// the platforms we support); widen them to Int64.
    private static func signExtend(_ raw: Int64, byteCount: Int) -> Int64 {
        guard byteCount < 8 else { return raw }
        let shift = Int64(64 - 8 * byteCount)
        return (raw << shift) >> shift
    }
}
