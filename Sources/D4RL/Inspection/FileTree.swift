import HDF5

/// Every object in an HDF5 file, as the inspector lists it: path, type,
/// shape, chunking, compression, attributes, and the value of small metadata.
public struct FileTree: Sendable {
    /// One group or dataset.
    public struct Entry: Sendable, Equatable {
        public enum Kind: String, Sendable { case group, dataset }
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
        /// The value of a scalar or short string dataset (such as `metadata/algorithm`).
        public var value: AttributeValue?
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

    /// The datasets among `entries`.
    public var datasets: [Entry] { entries.filter { $0.kind == .dataset } }

    /// Walks the whole file.
    public init(contentsOf path: String) throws(DatasetError) {
        file = path
        do {
            let root = try File(opening: path).root()
            var entries = [try Self.entry(for: root)]
            try Self.walk(root, into: &entries)
            self.entries = [entries[0]] + entries.dropFirst().sorted { $0.path < $1.path }
        } catch {
            throw .unreadable(error)
        }
    }

    private static func walk(_ group: Group, into entries: inout [Entry]) throws(HDF5Error) {
        for child in try group.children() {
            switch child.kind {
            case .group:
                let subgroup = try group.group(child.name)
                entries.append(try entry(for: subgroup))
                try walk(subgroup, into: &entries)
            case .dataset:
                entries.append(try entry(for: try group.dataset(child.name)))
            case .namedDatatype, .unresolvedLink:
                continue
            }
        }
    }

    private static func entry(for group: Group) throws(HDF5Error) -> Entry {
        Entry(path: group.path, kind: .group, filters: [], attributes: try attributes(of: group))
    }

    private static func entry(for dataset: Dataset) throws(HDF5Error) -> Entry {
        Entry(
            path: dataset.path, kind: .dataset, dtype: dataset.elementType.description, shape: dataset.shape,
            chunks: dataset.chunkShape, compression: dataset.compression, filters: dataset.filters.map(\.description),
            attributes: try attributes(of: dataset), value: try smallValue(of: dataset))
    }

    private static func attributes(of object: Object) throws(HDF5Error) -> [Attribute] {
        var attributes: [Attribute] = []
        for name in try object.attributeNames() {
            attributes.append(Attribute(name: name, value: try object.attribute(name)))
        }
        return attributes
    }

    /// Scalars and string arrays of up to 8 elements are shown inline.
    private static func smallValue(of dataset: Dataset) throws(HDF5Error) -> AttributeValue? {
        switch dataset.elementType {
        case .string where dataset.elementCount <= 8:
            let strings = try dataset.readStrings()
            return dataset.shape.isEmpty ? .string(strings[0]) : .strings(strings)
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
