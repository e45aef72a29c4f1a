import CHDF5
import CLibraryGuard
import Core

/// Calls libhdf5 once and turns a negative return value into an `HDF5Error`.
///
/// The single funnel for C calls that can fail (compare swift-system's
/// `valueOrErrno`): it prepares the thread (errors silenced), runs the call as a guarded region
/// (`_guarded`) and attaches the library's own error stack to the thrown error.
/// - Parameters:
///   - code: what kind of failure a negative result means.
///   - location: the file and object the call concerns.
///   - message: a short sentence for the user, e.g. "cannot read dataset".
///   - watched: false for calls that move bulk data and may legitimately take long (see `_guarded`).
@inline(__always)
func _call<R: BinaryInteger>(
    _ code: HDF5Error.Code, _ location: ObjectLocation, _ message: @autoclosure () -> String, watched: Bool = true,
    _ body: () -> R
) throws(HDF5Error) -> R {
    _Library.prepareCurrentThread()
    let result = _guarded(location, watched: watched, body)
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

/// Runs `body` (calls into libhdf5 about `location`) as a guarded region of `CLibraryGuard`: a
/// crash inside libhdf5 there (libhdf5 1.10 trusts some fields of damaged files) ends the process
/// with one line, `Error: <file>:<object>: libhdf5 crashed reading it (signal 11); the file is
/// damaged`, and status 1; so does a `watched` region still running after 30 s
/// (`D4RL_IQL_LIBRARY_TIMEOUT`), as a damaged global heap can make libhdf5 loop for ever.
/// Regions nest; the outermost names the object.
@inline(__always)
func _guarded<R, E: Error>(_ location: ObjectLocation, watched: Bool = true, _ body: () throws(E) -> R) throws(E) -> R {
    location.description.withCString { lg_enter($0, watched ? 1 : 0) }
    defer { lg_leave() }
    return try body()
}
