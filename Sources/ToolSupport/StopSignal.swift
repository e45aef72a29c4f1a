import Foundation

/// Turns the signals that ask a process to stop into a flag that a long loop polls, so the loop
/// can save its work and exit cleanly instead of being killed mid-write:
///
/// - SIGINT: Ctrl-C;
/// - SIGTERM: `kill`, and what a cluster scheduler sends at a job's time limit (Slurm sends
///   SIGTERM, then SIGKILL after `KillWait`; `--signal=TERM@120` makes the warning earlier);
/// - SIGHUP: the terminal or the SSH session went away.
///
///     let stop = StopSignal()
///     while working { if let signal = stop.raised { save(); exit(signal.exitStatus) } … }
///
/// A second signal while the first is being handled changes nothing: the work in progress (a
/// checkpoint being written) finishes.
public final class StopSignal: @unchecked Sendable {
    /// A stop request.
    public struct Signal: Equatable, Sendable, CustomStringConvertible {
        public let number: Int32
        /// The shell's convention for a process ended by this signal: 128 + its number
        /// (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP).
        public var exitStatus: Int32 { 128 + number }
        public var description: String {
            switch number {
            case SIGINT: return "SIGINT (Ctrl-C)"
            case SIGTERM: return "SIGTERM"
            case SIGHUP: return "SIGHUP"
            default: return "signal \(number)"
            }
        }
    }

    /// The signals this catches.
    public static let caught: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    private let lock = NSLock()
    private var first: Signal?
    private var sources: [DispatchSourceSignal] = []

    /// Starts catching `caught` (their default handlers are replaced until the process ends).
    public init() {
        for number in Self.caught {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.raise(Signal(number: number)) }
            source.resume()
            sources.append(source)
        }
    }

    /// The first stop request received, if any.
    public var raised: Signal? {
        lock.lock()
        defer { lock.unlock() }
        return first
    }

    private func raise(_ signal: Signal) {
        lock.lock()
        if first == nil { first = signal }
        lock.unlock()
    }
}
