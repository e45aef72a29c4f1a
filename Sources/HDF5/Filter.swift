import CHDF5

/// One filter in a chunked dataset's pipeline (`H5Pget_filter2`), e.g. gzip level 4.
public struct Filter: Hashable, Sendable, CustomStringConvertible {
    /// The registered HDF5 filter identifier (1 deflate, 2 shuffle, 3 fletcher32, 4 szip, 32000 lzf, ...).
    public var id: Int
    /// The name stored with the filter.
    public var name: String
    /// The filter's client data values (for deflate: the compression level).
    public var parameters: [UInt32]

    public static let deflateID = Int(H5Z_FILTER_DEFLATE)
    public static let shuffleID = Int(H5Z_FILTER_SHUFFLE)
    public static let fletcher32ID = Int(H5Z_FILTER_FLETCHER32)
    public static let lzfID = 32000

    /// h5py's name for the compression this filter applies (`gzip`, `lzf`, `szip`), or nil.
    public var compression: String? {
        switch id {
        case Self.deflateID: return "gzip"
        case Self.lzfID: return "lzf"
        case Int(H5Z_FILTER_SZIP): return "szip"
        default: return nil
        }
    }

    /// `gzip(4)`, `shuffle`, `fletcher32`, or the stored name.
    public var description: String {
        switch id {
        case Self.deflateID: return "gzip(\(parameters.first.map(String.init) ?? "?"))"
        case Self.shuffleID: return "shuffle"
        case Self.fletcher32ID: return "fletcher32"
        default: return name.isEmpty ? "filter \(id)" : name
        }
    }
}
