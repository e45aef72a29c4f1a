import CHDF5

/// The value of an attribute, for display and generic handling.
public enum AttributeValue: Equatable, Sendable, CustomStringConvertible {
    case string(String)
    case strings([String])
    case integer(Int64)
    case integers([Int64])
    case real(Double)
    case reals([Double])
    case boolean(Bool)
    case booleans([Bool])
    /// No value: a null dataspace (h5py's `Empty`), of any type.
    case empty
    /// A type this layer does not decode (compound, reference, ...).
    case unsupported(ElementType)

    public var description: String {
        switch self {
        case .string(let value): return "\"\(value)\""
        case .strings(let values): return "[" + values.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        case .integer(let value): return "\(value)"
        case .integers(let values): return "\(values)"
        case .real(let value): return "\(value)"
        case .reals(let values): return "\(values)"
        case .boolean(let value): return "\(value)"
        case .booleans(let values): return "\(values)"
        case .empty: return "empty"
        case .unsupported(let type): return "<\(type)>"
        }
    }
}

extension Object {
    /// Names of this object's attributes, in creation order where tracked, else by name
    /// (`H5Oget_info` attribute count and `H5Aget_name_by_idx`).
    public func attributeNames() throws(HDF5Error) -> [String] {
        var names: [String] = []
        _ = try _call(.libraryCall, location, "cannot list attributes") {
            withUnsafeMutablePointer(to: &names) { pointer in
                var index: hsize_t = 0
                return H5Aiterate2(handle.id, H5_INDEX_NAME, H5_ITER_INC, &index, { _, name, _, context in
                    guard let name, let context else { return -1 }
                    context.assumingMemoryBound(to: [String].self).pointee.append(String(cString: name))
                    return 0
                }, pointer)
            }
        }
        return names
    }

    /// Whether an attribute named `name` exists (`H5Aexists`).
    public func hasAttribute(_ name: String) throws(HDF5Error) -> Bool {
        try _call(.libraryCall, location, "cannot check attribute \(name)") { H5Aexists(handle.id, name) } > 0
    }

    /// Reads attribute `name` whole, decoded by its stored type (`.empty` for a null dataspace).
    public func attribute(_ name: String) throws(HDF5Error) -> AttributeValue {
        let contents = try attributeContents(name)
        if contents.extent.isNull { return .empty }
        let scalar = contents.extent.shape.isEmpty
        switch contents.value.elementType {
        case .string:
            let values = try contents.value.strings()
            return scalar ? .string(values[0]) : .strings(values)
        case .float:
            let values = try contents.value.numbers(as: Double.self)
            return scalar ? .real(values[0]) : .reals(values)
        case .integer:
            let values = try contents.value.numbers(as: Int64.self)
            return scalar ? .integer(values[0]) : .integers(values)
        case .boolean:
            let values = try contents.value.numbers(as: Bool.self)
            return scalar ? .boolean(values[0]) : .booleans(values)
        case .enumeration, .other:
            return .unsupported(contents.value.elementType)
        }
    }

    /// Reads a numeric attribute holding exactly one value, converted to `T`.
    ///
    /// An integer `T` read from a stored float must be exact: 20.5 is refused, not truncated.
    public func attribute<T: HDF5Scalar>(_ name: String, as type: T.Type) throws(HDF5Error) -> T {
        let here = location.appending("@" + name)
        let contents = try attributeContents(name).value
        guard contents.elementType.isFloat && T.self is any BinaryInteger.Type else {
            return try Self.single(contents.numbers(as: T.self), "value", at: here)
        }
        let stored = try Self.single(contents.numbers(as: Double.self), "value", at: here)
        let value = T(_hdf5Converting: stored)
        guard value._hdf5DoubleValue == stored else { throw HDF5Error(.unsupportedType, here, "holds \(stored), not a whole \(T.self)") }
        return value
    }

    /// Reads a string attribute holding exactly one string.
    public func stringAttribute(_ name: String) throws(HDF5Error) -> String {
        try Self.single(attributeContents(name).value.strings(), "string", at: location.appending("@" + name))
    }

    private static func single<T>(_ values: [T], _ what: String, at here: ObjectLocation) throws(HDF5Error) -> T {
        guard values.count == 1 else { throw HDF5Error(.shapeMismatch, here, "expected one \(what), found \(values.count)") }
        return values[0]
    }

    /// Writes a scalar numeric attribute, replacing one of the same name.
    public func setAttribute<T: HDF5Scalar>(_ name: String, _ value: T) throws(HDF5Error) {
        try setAttribute(name, [value], shape: [])
    }

    /// Writes a numeric array attribute of `shape` (default: one dimension), replacing one of the same name.
    public func setAttribute<T: HDF5Scalar>(_ name: String, _ values: [T], shape: [Int]? = nil) throws(HDF5Error) {
        let shape = shape ?? [values.count]
        precondition(shape.reduce(1, *) == values.count, "attribute \(name): shape \(shape) does not hold \(values.count) values")
        let type = try _TypeFactory.fileType(for: T.self, at: location)
        let memory = try _TypeFactory.memoryType(for: T.self, at: location)
        try writeAttribute(name, type: type, shape: shape) { attribute in
            _TypeFactory.withMemoryBytes(of: values) { H5Awrite(attribute, memory.id, $0) }
        }
    }

    /// Writes a scalar string attribute as variable-length UTF-8, as h5py writes `str`.
    public func setAttribute(_ name: String, _ value: String) throws(HDF5Error) {
        let type = try _TypeFactory.variableLengthString(at: location)
        try writeAttribute(name, type: type, shape: []) { attribute in
            value.withCString { cString in
                var pointer: UnsafePointer<CChar>? = cString
                return H5Awrite(attribute, type.id, &pointer)
            }
        }
    }

    private func writeAttribute(
        _ name: String, type: _Handle, shape: [Int], write: (hid_t) -> herr_t
    ) throws(HDF5Error) {
        let here = location.appending("@" + name)
        if try hasAttribute(name) {
            _ = try _call(.writeFailed, here, "cannot replace attribute") { H5Adelete(handle.id, name) }
        }
        let space = try _Dataspace.create(shape: shape, at: here)
        let attribute = try _open(.writeFailed, here, "cannot create attribute", close: H5Aclose) {
            H5Acreate2(handle.id, name, type.id, space.id, _Constants.defaultPropertyList, _Constants.defaultPropertyList)
        }
        _ = try _call(.writeFailed, here, "cannot write attribute") { write(attribute.id) }
    }

    private func attributeContents(_ name: String) throws(HDF5Error) -> (value: _Contents, extent: _Dataspace.Extent) {
        let here = location.appending("@" + name)
        guard try hasAttribute(name) else { throw HDF5Error(.objectNotFound, here, "attribute not found") }
        let attribute = try _open(.libraryCall, here, "cannot open attribute", close: H5Aclose) {
            H5Aopen(handle.id, name, _Constants.defaultPropertyList)
        }
        let type = try _open(.libraryCall, here, "cannot read attribute type", close: H5Tclose) {
            H5Aget_type(attribute.id)
        }
        let space = try _open(.libraryCall, here, "cannot read attribute dataspace", close: H5Sclose) {
            H5Aget_space(attribute.id)
        }
        let extent = try _Dataspace.extent(of: space.id, at: here)
        let elementType = try _guarded(here) { () throws(HDF5Error) in try ElementType(classifying: type.id, at: here) }
        let contents = _Contents(
            location: here, what: "attribute of \(extent.elementCount) \(elementType) values", fileType: type,
            elementType: elementType, count: extent.elementCount,
            fill: { memoryType, buffer in H5Aread(attribute.id, memoryType, buffer) })
        return (contents, extent)
    }
}
