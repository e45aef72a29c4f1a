import CHDF5
import CLibraryGuard
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Process-wide libhdf5 set-up.
///
/// libhdf5 keeps its error stack, and the switch that prints it to stderr,
/// per thread. Every call into the library goes through `_call` (see
/// `_Check.swift`), which first runs `prepareCurrentThread()`: on a thread's
/// first use it calls `H5open` and `H5Eset_auto2(H5E_DEFAULT, NULL, NULL)`, so
/// the library never prints and errors surface only as `HDF5Error`.
enum _Library {
    private static let preparedKey: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "pthread_key_create failed")
        return key
    }()

    /// The crash and hang guard of `_guarded`, installed once per process.
    private static let guardInstalled: Void = lg_install("libhdf5", 30)

    static func prepareCurrentThread() {
        guard pthread_getspecific(preparedKey) == nil else { return }
        _ = guardInstalled
        _ = CHDF5_H5open()
        _ = CHDF5_silence_errors()
        pthread_setspecific(preparedKey, UnsafeRawPointer(bitPattern: 1))
    }

    /// Drains this thread's error stack into one line: the outermost
    /// description, then the innermost one when it differs
    /// (e.g. "unable to open file; truncated file: eof = 1024, ...").
    static func takeErrorStack() -> String? {
        var descriptions: [String] = []
        withUnsafeMutablePointer(to: &descriptions) { pointer in
            _ = H5Ewalk2(_Constants.errorStack, H5E_WALK_DOWNWARD, { _, error, context in
                guard let error, let context, let description = error.pointee.desc else { return 0 }
                context.assumingMemoryBound(to: [String].self).pointee.append(String(cString: description))
                return 0
            }, pointer)
        }
        _ = H5Eclear2(_Constants.errorStack)
        guard let first = descriptions.first else { return nil }
        guard let last = descriptions.last, last != first else { return first }
        return "\(first); \(last)"
    }
}
