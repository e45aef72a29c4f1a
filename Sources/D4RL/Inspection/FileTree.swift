import HDF5

/// Every object in an HDF5 file, as the inspector lists it: path, type, shape, chunking,
/// compression, attributes, the value of small metadata, and the links between them.
///
/// The walk cannot loop or crash on a hostile file: an object reached a second time (a hard link
/// to a parent, two names for one dataset) is listed as a link to where it was first seen and not
/// walked again; soft and external links are listed with their targets and not followed; members
/// that do not open (a dangling link, a damaged object header) are listed with a warning.
public struct FileTree: Sendable {
    /// One group, dataset or link.
    public struct Entry: Sendable, Equatable {
        public enum Kind: String, Sendable { case group, dataset, link }
        public var path: String
        public var kind: Kind
        /// numpy-style element type (`float32`, `bool`, `string`), datasets only.
        public var dtype: String?
        public var shape: [Int]?
        public var chunks: [Int]?
        /// h5py's compression name (`gzip`), when compressed.
        public var compression: String?
        /// Every filter, e.g. `["gzip(4)"]`.
        public var filters: [String]
        /// Attributes, in name order.
        public var attributes: [Attribute]
        /// The value of a scalar or short string dataset (such as `metadata/algorithm`);
        /// `.empty` for a dataset with a null dataspace.
        public var value: AttributeValue?
        /// For links: where the link leads (`soft link to /`, `hard link to /infos`, ...).
        public var target: String?
    }

    /// An attribute and its value.
    public struct Attribute: Sendable, Equatable {
        public var name: String
        public var value: AttributeValue
    }

    /// The file's path as given.
    public var file: String
    /// The root group first, then every object sorted by path.
    public var entries: [Entry]
    /// Members that could not be read or followed, one sentence each.
    public var warnings: [String]

    /// The datasets among `entries`.
    public var datasets: [Entry] { entries.filter { $0.kind == .dataset } }
    /// The links among `entries`.
    public var links: [Entry] { entries.filter { $0.kind == .link } }

    /// Walks the whole file.
    /// - Throws: `.unreadable` when the file does not open or its root group cannot be read.
    public init(contentsOf path: String) throws(DatasetError) {
        do {
            try self.init(root: try File(opening: path).root())
        } catch {
            throw .unreadable(error)
        }
    }

    /// Walks the file `root` belongs to, entering only the groups `entering` accepts (by path;
    /// the others are left out, e.g. every Minari episode but the first).
    public init(root: Group, entering: @escaping (String) -> Bool = { _ in true }) throws(HDF5Error) {
        file = root.location.file
        var walk = Walk(entering: entering)
        walk.visited[try root.identity()] = "/"
        walk.entries.append(walk.entry(for: root))
        walk.descend(into: root)
        entries = [walk.entries[0]] + walk.entries.dropFirst().sorted { $0.path < $1.path }
        warnings = walk.warnings
    }

    /// The state of one walk: what was listed, what went wrong, and where each object was first seen.
    private struct Walk {
        let entering: (String) -> Bool
        var entries: [Entry] = []
        var warnings: [String] = []
        var visited: [ObjectIdentity: String] = [:]

        mutating func descend(into group: Group) {
            let children: [Group.Child]
            do {
                children = try group.children()
            } catch {
                warnings.append("\(group.path): cannot list its members (\(error.libraryMessage ?? error.message)); they are not shown")
                return
            }
            for child in children {
                let path = (group.path == "/" ? "" : group.path) + "/" + child.name
                switch child.link {
                case .soft(let target):
                    entries.append(link(path, "soft link to \(target)"))
                    if child.kind == .unresolvedLink { warnings.append("\(path): dangling soft link to \(target)") }
                case .external(let file, let object):
                    entries.append(link(path, "external link to \(file):\(object) (not followed)"))
                case .other(let type) where type >= 0:
                    entries.append(link(path, "user-defined link of class \(type) (not followed)"))
                case .hard, .other:
                    visit(child, at: path, in: group)
                }
            }
        }

        private mutating func visit(_ child: Group.Child, at path: String, in group: Group) {
            do throws(HDF5Error) {
                switch child.kind {
                case .group:
                    guard entering(path) else { return }
                    let subgroup = try group.group(child.name)
                    guard firstVisit(try subgroup.identity(), at: path) else { return }
                    entries.append(entry(for: subgroup))
                    descend(into: subgroup)
                case .dataset:
                    let dataset = try group.dataset(child.name)
                    guard firstVisit(try dataset.identity(), at: path) else { return }
                    entries.append(entry(for: dataset))
                case .namedDatatype:
                    return
                case .unresolvedLink:
                    warnings.append("\(path): cannot be opened (\(child.problem ?? "unknown reason")); not shown")
                }
            } catch {
                warnings.append("\(path): cannot be opened (\(error.libraryMessage ?? error.message)); not shown")
            }
        }

        /// Records where an object was first seen; false, after listing a link to that place, when seen before.
        private mutating func firstVisit(_ identity: ObjectIdentity, at path: String) -> Bool {
            if let first = visited[identity] {
                entries.append(link(path, "hard link to \(first)"))
                return false
            }
            visited[identity] = path
            return true
        }

        private func link(_ path: String, _ target: String) -> Entry {
            Entry(path: path, kind: .link, filters: [], attributes: [], target: target)
        }

        mutating func entry(for group: Group) -> Entry {
            Entry(path: group.path, kind: .group, filters: [], attributes: attributes(of: group))
        }

        mutating func entry(for dataset: Dataset) -> Entry {
            var value: AttributeValue?
            do throws(HDF5Error) {
                value = try Self.smallValue(of: dataset)
            } catch {
                warnings.append("\(dataset.path): cannot read its value (\(error.libraryMessage ?? error.message))")
            }
            return Entry(
                path: dataset.path, kind: .dataset, dtype: dataset.elementType.description, shape: dataset.shape,
                chunks: dataset.chunkShape, compression: dataset.compression, filters: dataset.filters.map(\.description),
                attributes: attributes(of: dataset), value: value)
        }

        private mutating func attributes(of object: Object) -> [Attribute] {
            do throws(HDF5Error) {
                return try object.attributeNames().map { name throws(HDF5Error) in Attribute(name: name, value: try object.attribute(name)) }
            } catch {
                warnings.append("\(object.path): cannot read its attributes (\(error.libraryMessage ?? error.message))")
                return []
            }
        }

        /// Scalars and string arrays of up to 8 elements are shown inline; a null dataspace as `empty`.
        private static func smallValue(of dataset: Dataset) throws(HDF5Error) -> AttributeValue? {
            if dataset.isEmpty { return .empty }
            switch dataset.elementType {
            case .string where dataset.elementCount <= 8:
                let strings = try dataset.readStrings()
                return dataset.shape.isEmpty ? strings.first.map { .string($0) } : .strings(strings)
            case .float where dataset.shape.isEmpty:
                return .real(try dataset.read(as: Double.self)[0])
            case .integer where dataset.shape.isEmpty:
                return .integer(try dataset.read(as: Int64.self)[0])
            case .boolean where dataset.shape.isEmpty:
                return .boolean(try dataset.read(as: Bool.self)[0])
            default:
                return nil
            }
        }
    }
}
