import CHDF5

/// Dataspace helpers: shapes in, shapes out (`H5Screate_simple`,
/// `H5Sget_simple_extent_dims`, `H5Sselect_hyperslab`).
enum _Dataspace {
    /// The extent of a dataspace as read from a file, checked so that sizes computed from it
    /// cannot overflow: every dimension and the element count fit in `Int`.
    struct Extent {
        /// The dimensions; `[]` for scalar and null dataspaces.
        var shape: [Int]
        /// The number of elements: 0 for a null dataspace (h5py's `Empty`), 1 for a scalar.
        var elementCount: Int
        /// True for a null dataspace, which holds no element at all.
        var isNull: Bool
    }

    /// A dataspace of `shape`; `[]` is a scalar dataspace.
    static func create(shape: [Int], at location: ObjectLocation) throws(HDF5Error) -> _Handle {
        if shape.isEmpty {
            return try _open(.libraryCall, location, "cannot create scalar dataspace", close: H5Sclose) {
                H5Screate(H5S_SCALAR)
            }
        }
        let dims = shape.map { hsize_t($0) }
        return try _open(.libraryCall, location, "cannot create dataspace \(shape)", close: H5Sclose) {
            H5Screate_simple(Int32(dims.count), dims, nil)
        }
    }

    /// The extent of `space` (`H5Sget_simple_extent_type`, `H5Sget_simple_extent_dims`).
    /// - Throws: `.tooLarge` when a dimension or the element count does not fit in `Int`
    ///   (a damaged or hostile file: no machine holds that many elements).
    static func extent(of space: hid_t, at location: ObjectLocation) throws(HDF5Error) -> Extent {
        if H5Sget_simple_extent_type(space) == H5S_NULL { return Extent(shape: [], elementCount: 0, isNull: true) }
        let rank = try _call(.libraryCall, location, "cannot read dataspace rank") {
            H5Sget_simple_extent_ndims(space)
        }
        guard rank > 0 else { return Extent(shape: [], elementCount: 1, isNull: false) }
        var dims = [hsize_t](repeating: 0, count: Int(rank))
        _ = try _call(.libraryCall, location, "cannot read dataspace extent") {
            H5Sget_simple_extent_dims(space, &dims, nil)
        }
        let described = "(" + dims.map(String.init).joined(separator: ", ") + ")"
        var shape: [Int] = []
        for dim in dims {
            guard let dimension = Int(exactly: dim) else {
                throw HDF5Error(.tooLarge, location, "declares shape \(described), beyond what any machine can address")
            }
            shape.append(dimension)
        }
        guard let count = checkedProduct(shape) else {
            throw HDF5Error(.tooLarge, location, "declares shape \(described), beyond what any machine can address")
        }
        return Extent(shape: shape, elementCount: count, isNull: false)
    }

    /// The product of `factors`, or nil when it overflows `Int`.
    static func checkedProduct(_ factors: [Int]) -> Int? {
        var product = 1
        for factor in factors {
            let (next, overflow) = product.multipliedReportingOverflow(by: factor)
            if overflow { return nil }
            product = next
        }
        return product
    }

    /// Selects rows `rows` (all of every other dimension) in a dataspace of `shape`.
    static func selectRows(
        _ rows: Range<Int>, in space: hid_t, shape: [Int], at location: ObjectLocation
    ) throws(HDF5Error) {
        var start = [hsize_t](repeating: 0, count: shape.count)
        start[0] = hsize_t(rows.lowerBound)
        var count = shape.map { hsize_t($0) }
        count[0] = hsize_t(rows.count)
        _ = try _call(.libraryCall, location, "cannot select rows \(rows)") {
            H5Sselect_hyperslab(space, H5S_SELECT_SET, start, nil, count, nil)
        }
    }
}
