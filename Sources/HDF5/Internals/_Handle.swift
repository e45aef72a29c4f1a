import CHDF5

/// Owner of one libhdf5 identifier (`hid_t`): closes it exactly once, when the
/// last reference goes away. Every file, group, dataset, dataspace, datatype,
/// attribute and property list handle lives in one of these; raw identifiers
/// never leave the module.
final class _Handle {
    let id: hid_t
    private let close: (hid_t) -> herr_t
    private var isOpen = true

    init(_ id: hid_t, close: @escaping (hid_t) -> herr_t) {
        self.id = id
        self.close = close
    }

    /// Closes the identifier now instead of at release; returns the C status.
    func closeNow() -> herr_t {
        guard isOpen else { return 0 }
        isOpen = false
        _Library.prepareCurrentThread()
        return close(id)
    }

    deinit {
        _ = closeNow()
    }
}
