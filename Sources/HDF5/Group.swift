import CHDF5

/// An open HDF5 group (`H5Gopen2`): a directory of datasets and groups.
public final class Group: Object {
    /// One entry of a group.
    public struct Child: Hashable, Sendable {
        public enum Kind: Hashable, Sendable { case group, dataset, namedDatatype, unresolvedLink }
        public var name: String
        public var kind: Kind
    }

    init(opening path: String, in file: File, below parent: hid_t, at location: ObjectLocation) throws(HDF5Error) {
        let handle = try _open(.objectNotFound, location, "cannot open group", close: H5Gclose) {
            H5Gopen2(parent, path, _Constants.defaultPropertyList)
        }
        super.init(handle: handle, file: file, location: location)
    }

    /// The group's direct children in name order (`H5Gget_info`,
    /// `H5Lget_name_by_idx`, and `H5Oopen` + `H5Iget_type` for the kind).
    public func children() throws(HDF5Error) -> [Child] {
        var info = H5G_info_t()
        _ = try _call(.libraryCall, location, "cannot read group info") { H5Gget_info(handle.id, &info) }
        var children: [Child] = []
        for index in 0..<info.nlinks {
            let name = try linkName(at: index)
            children.append(Child(name: name, kind: kind(of: name)))
        }
        return children
    }

    /// Whether a link at relative path `path` (e.g. `metadata/algorithm`) exists (`H5Lexists` per component).
    public func contains(_ path: String) throws(HDF5Error) -> Bool {
        var prefix = ""
        for component in path.split(separator: "/") {
            prefix += prefix.isEmpty ? String(component) : "/" + component
            let exists = try _call(.libraryCall, location, "cannot look up \(prefix)") {
                H5Lexists(handle.id, prefix, _Constants.defaultPropertyList)
            }
            guard exists > 0 else { return false }
        }
        return true
    }

    /// Opens the group at relative path `path`.
    /// - Throws: `HDF5Error` `.objectNotFound` when there is none.
    public func group(_ path: String) throws(HDF5Error) -> Group {
        let here = location.appending(path)
        guard try contains(path) else { throw HDF5Error(.objectNotFound, here, "group not found") }
        return try Group(opening: path, in: file, below: handle.id, at: here)
    }

    /// Opens the dataset at relative path `path`.
    /// - Throws: `HDF5Error` `.objectNotFound` when there is none, `.wrongObjectKind` for a group.
    public func dataset(_ path: String) throws(HDF5Error) -> Dataset {
        let here = location.appending(path)
        guard try contains(path) else { throw HDF5Error(.objectNotFound, here, "dataset not found") }
        guard kind(of: path) == .dataset else { throw HDF5Error(.wrongObjectKind, here, "not a dataset") }
        return try Dataset(opening: path, in: file, below: handle.id, at: here)
    }

    /// Creates a group at relative path `path`, with any missing intermediate groups (`H5Gcreate2`).
    @discardableResult
    public func createGroup(_ path: String) throws(HDF5Error) -> Group {
        let here = location.appending(path)
        let links = try Group.intermediateGroupLinks(at: here)
        let created = try _open(.writeFailed, here, "cannot create group", close: H5Gclose) {
            H5Gcreate2(handle.id, path, links.id, _Constants.defaultPropertyList, _Constants.defaultPropertyList)
        }
        _ = created.closeNow()
        return try group(path)
    }

    /// Every dataset below this group, depth first in name order.
    public func datasetsRecursively() throws(HDF5Error) -> [Dataset] {
        var datasets: [Dataset] = []
        for child in try children() {
            switch child.kind {
            case .dataset: datasets.append(try dataset(child.name))
            case .group: datasets += try group(child.name).datasetsRecursively()
            case .namedDatatype, .unresolvedLink: continue
            }
        }
        return datasets
    }

    /// A link-creation property list that creates missing intermediate groups.
    static func intermediateGroupLinks(at location: ObjectLocation) throws(HDF5Error) -> _Handle {
        let links = try _open(.writeFailed, location, "cannot create link property list", close: H5Pclose) {
            H5Pcreate(_Constants.linkCreateClass)
        }
        _ = try _call(.writeFailed, location, "cannot set intermediate group creation") {
            H5Pset_create_intermediate_group(links.id, 1)
        }
        return links
    }

    private func linkName(at index: hsize_t) throws(HDF5Error) -> String {
        let length = try _call(.libraryCall, location, "cannot read link name") {
            H5Lget_name_by_idx(handle.id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, _Constants.defaultPropertyList)
        }
        var buffer = [CChar](repeating: 0, count: Int(length) + 1)
        _ = try _call(.libraryCall, location, "cannot read link name") {
            H5Lget_name_by_idx(handle.id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count, _Constants.defaultPropertyList)
        }
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private func kind(of path: String) -> Child.Kind {
        guard let object = try? _open(.libraryCall, location.appending(path), "cannot open object", close: H5Oclose, {
            H5Oopen(handle.id, path, _Constants.defaultPropertyList)
        }) else { return .unresolvedLink }
        switch H5Iget_type(object.id) {
        case H5I_GROUP: return .group
        case H5I_DATASET: return .dataset
        case H5I_DATATYPE: return .namedDatatype
        default: return .unresolvedLink
        }
    }
}
