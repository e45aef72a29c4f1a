import Foundation

/// Turns Ctrl-C (SIGINT) into a flag that a long loop polls, so the loop can save its work
/// and exit cleanly instead of being killed mid-write.
public final class InterruptFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false
    private var source: DispatchSourceSignal?

    /// Starts catching SIGINT (the default handler is replaced until the process ends).
    public init() {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [weak self] in self?.raise() }
        source.resume()
        self.source = source
    }

    /// True once Ctrl-C has been pressed.
    public var isRaised: Bool {
        lock.lock()
        defer { lock.unlock() }
        return raised
    }

    private func raise() {
        lock.lock()
        raised = true
        lock.unlock()
    }
}
