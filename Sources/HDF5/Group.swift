import CHDF5

/// An open HDF5 group (`H5Gopen2`): a directory of datasets and groups.
public final class Group: Object {
    /// One entry of a group.
    public struct Child: Hashable, Sendable {
        /// What the link leads to.
        public enum Kind: Hashable, Sendable {
            case group, dataset, namedDatatype
            /// Nothing that opens: a dangling soft link, a damaged object header, or an external
            /// link (never followed: its file could be anything, even this one).
            case unresolvedLink
        }
        /// How the entry is linked into the group (`H5Lget_info`).
        public enum Link: Hashable, Sendable {
            /// A hard link: the group holds the object itself (one object may have several).
            case hard
            /// A soft link to a path in this file.
            case soft(target: String)
            /// An external link to a path in another file.
            case external(file: String, object: String)
            /// A user-defined link class.
            case other(type: Int)
        }
        public var name: String
        public var kind: Kind
        public var link: Link
        /// Why the entry does not open (libhdf5's message), for `.unresolvedLink`.
        public var problem: String?
    }

    init(opening path: String, in file: File, below parent: hid_t, at location: ObjectLocation) throws(HDF5Error) {
        let handle = try _open(.objectNotFound, location, "cannot open group", close: H5Gclose) {
            H5Gopen2(parent, path, _Constants.defaultPropertyList)
        }
        super.init(handle: handle, file: file, location: location)
    }

    /// The group's direct children in name order (`H5Gget_info`, `H5Lget_name_by_idx`,
    /// `H5Lget_info`, and `H5Oopen` + `H5Iget_type` for the kind; soft links are followed for
    /// the kind, external links are not).
    public func children() throws(HDF5Error) -> [Child] {
        var info = H5G_info_t()
        _ = try _call(.libraryCall, location, "cannot read group info") { H5Gget_info(handle.id, &info) }
        var children: [Child] = []
        for index in 0..<info.nlinks {
            let name = try linkName(at: index)
            let link: Child.Link
            do throws(HDF5Error) {
                link = try self.link(named: name)
            } catch {
                children.append(Child(name: name, kind: .unresolvedLink, link: .other(type: -1),
                                      problem: error.libraryMessage ?? error.message))
                continue
            }
            if case .external = link {
                children.append(Child(name: name, kind: .unresolvedLink, link: link, problem: "external links are not followed"))
                continue
            }
            let (kind, problem) = resolve(name)
            children.append(Child(name: name, kind: kind, link: link, problem: problem))
        }
        return children
    }

    /// How link `name` is made (`H5Lget_info`, and `H5Lget_val` + `H5Lunpack_elink_val` for the target).
    private func link(named name: String) throws(HDF5Error) -> Child.Link {
        let here = location.appending(name)
        var type: Int32 = 0, valueSize = 0
        _ = try _call(.libraryCall, here, "cannot read link") { CHDF5_link_info(handle.id, name, &type, &valueSize) }
        switch H5L_type_t(type) {
        case H5L_TYPE_HARD: return .hard
        case H5L_TYPE_SOFT, H5L_TYPE_EXTERNAL:
            var value = [CChar](repeating: 0, count: valueSize + 1)
            _ = try _call(.libraryCall, here, "cannot read link value") {
                H5Lget_val(handle.id, name, &value, valueSize, _Constants.defaultPropertyList)
            }
            guard H5L_type_t(type) == H5L_TYPE_EXTERNAL else { return .soft(target: String(cString: value)) }
            var file: UnsafePointer<CChar>?, object: UnsafePointer<CChar>?
            _ = try _call(.libraryCall, here, "cannot read external link") {
                H5Lunpack_elink_val(value, valueSize, nil, &file, &object)
            }
            return .external(file: file.map { String(cString: $0) } ?? "", object: object.map { String(cString: $0) } ?? "")
        default:
            return .other(type: Int(type))
        }
    }

    /// Whether a link at relative path `path` (e.g. `metadata/algorithm`) exists (`H5Lexists` per component).
    /// - Throws: `.unsupportedType` when a component is an external link: those are never followed.
    public func contains(_ path: String) throws(HDF5Error) -> Bool {
        var prefix = ""
        for component in path.split(separator: "/") {
            prefix += prefix.isEmpty ? String(component) : "/" + component
            let exists = try _call(.libraryCall, location, "cannot look up \(prefix)") {
                H5Lexists(handle.id, prefix, _Constants.defaultPropertyList)
            }
            guard exists > 0 else { return false }
            if case .external(let file, let object) = try link(named: prefix) {
                throw HDF5Error(.unsupportedType, location.appending(prefix), "is an external link to \(file):\(object); external links are not followed")
            }
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
        return try _guarded(here) { () throws(HDF5Error) in try Dataset(opening: path, in: file, below: handle.id, at: here) }
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

    /// Every dataset below this group reached through hard links, depth first in name order;
    /// an object reached again (a hard-link cycle or a second name) is not walked twice.
    public func datasetsRecursively() throws(HDF5Error) -> [Dataset] {
        var visited: Set<ObjectIdentity> = [try identity()]
        return try datasetsRecursively(visited: &visited)
    }

    private func datasetsRecursively(visited: inout Set<ObjectIdentity>) throws(HDF5Error) -> [Dataset] {
        var datasets: [Dataset] = []
        for child in try children() where child.link == .hard {
            switch child.kind {
            case .dataset:
                let dataset = try dataset(child.name)
                if visited.insert(try dataset.identity()).inserted { datasets.append(dataset) }
            case .group:
                let group = try group(child.name)
                if visited.insert(try group.identity()).inserted { datasets += try group.datasetsRecursively(visited: &visited) }
            case .namedDatatype, .unresolvedLink:
                continue
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

    private func kind(of path: String) -> Child.Kind { resolve(path).kind }

    /// What `path` leads to (`H5Oopen`, `H5Iget_type`), or `.unresolvedLink` with libhdf5's reason.
    private func resolve(_ path: String) -> (kind: Child.Kind, problem: String?) {
        let object: _Handle
        do throws(HDF5Error) {
            object = try _open(.libraryCall, location.appending(path), "cannot open object", close: H5Oclose) {
                H5Oopen(handle.id, path, _Constants.defaultPropertyList)
            }
        } catch {
            return (.unresolvedLink, error.libraryMessage ?? error.message)
        }
        switch H5Iget_type(object.id) {
        case H5I_GROUP: return (.group, nil)
        case H5I_DATASET: return (.dataset, nil)
        case H5I_DATATYPE: return (.namedDatatype, nil)
        default: return (.unresolvedLink, "not a group, dataset or datatype")
        }
    }
}
