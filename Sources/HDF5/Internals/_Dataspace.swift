import CHDF5

/// Dataspace helpers: shapes in, shapes out (`H5Screate_simple`,
/// `H5Sget_simple_extent_dims`, `H5Sselect_hyperslab`).
enum _Dataspace {
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

    /// The extent of a dataspace; `[]` for scalar (and for null) dataspaces.
    static func shape(of space: hid_t, at location: ObjectLocation) throws(HDF5Error) -> [Int] {
        let rank = try _call(.libraryCall, location, "cannot read dataspace rank") {
            H5Sget_simple_extent_ndims(space)
        }
        guard rank > 0 else { return [] }
        var dims = [hsize_t](repeating: 0, count: Int(rank))
        _ = try _call(.libraryCall, location, "cannot read dataspace extent") {
            H5Sget_simple_extent_dims(space, &dims, nil)
        }
        return dims.map { Int($0) }
    }

    /// Number of elements of a dataspace (0 for a null dataspace, 1 for scalar).
    static func elementCount(of space: hid_t, at location: ObjectLocation) throws(HDF5Error) -> Int {
        Int(try _call(.libraryCall, location, "cannot count dataspace elements") {
            H5Sget_simple_extent_npoints(space)
        })
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
