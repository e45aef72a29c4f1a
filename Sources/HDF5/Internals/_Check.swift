import CHDF5
import Core

/// Calls libhdf5 once and turns a negative return value into an `HDF5Error`.
///
/// The single funnel for C calls that can fail (compare swift-system's
/// `valueOrErrno`): it prepares the thread (errors silenced) and attaches the
/// library's own error stack to the thrown error.
/// - Parameters:
///   - code: what kind of failure a negative result means.
///   - location: the file and object the call concerns.
///   - message: a short sentence for the user, e.g. "cannot read dataset".
@inline(__always)
func _call<R: BinaryInteger>(
    _ code: HDF5Error.Code, _ location: ObjectLocation, _ message: @autoclosure () -> String,
    _ body: () -> R
) throws(HDF5Error) -> R {
    _Library.prepareCurrentThread()
    let result = body()
    guard result >= 0 else {
        throw HDF5Error(code, location, message(), libraryMessage: _Library.takeErrorStack())
    }
    return result
}

/// Like `_call`, for calls whose C result is a handle: wraps it in an owner
/// that closes it with `close` when released.
@inline(__always)
func _open(
    _ code: HDF5Error.Code, _ location: ObjectLocation, _ message: @autoclosure () -> String,
    close: @escaping (hid_t) -> herr_t, _ body: () -> hid_t
) throws(HDF5Error) -> _Handle {
    _Handle(try _call(code, location, message(), body), close: close)
}

/// Throws `.tooLarge` naming `what` when `bytes` (nil: an overflowed size) exceed `MemoryBudget`.
func _requireBudget(_ bytes: Int?, for what: @autoclosure () -> String, at location: ObjectLocation) throws(HDF5Error) {
    if let reason = MemoryBudget.refusal(bytes) { throw HDF5Error(.tooLarge, location, "\(what()) \(reason)") }
}
