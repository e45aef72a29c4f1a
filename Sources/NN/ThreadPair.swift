import CKernels
import Foundation
import Synchronization

/// Two threads for one update: the caller's and a helper thread this object owns.
///
/// `run(_:_:)` runs its first closure on the calling thread and its second on the helper, and
/// returns when both are done. A training update calls it a handful of times per millisecond, so
/// the handoff must cost microseconds, not the tens of microseconds of waking a pooled thread:
/// the helper spins on an atomic counter for a while after each piece of work (longer than the
/// gap between two updates) and only then sleeps on a semaphore; the caller spins until the
/// helper is done. Both yield their core every few microseconds of spinning, so that other
/// threads get it on an oversubscribed machine. The two closures must touch disjoint memory (or
/// only read shared memory). The helper computes in the caller's floating-point mode (see
/// `withSubnormalsFlushedToZero`).
///
/// A thread that finishes its closure first does not only wait: it computes column panels of
/// the matrix product the other thread is running (`gemm` on the package's AVX-512 kernel; see
/// `ProductShare`), each panel exactly as the owner would, so the numbers do not change. On a
/// shared host one of the two cores is often 20–30 % slower for a while; this evens that out.
/// Each closure is handed the share its products are to be offered on (`gemm(…, sharing:)`);
/// between two `run`s the idle helper helps with the products offered on `callerShare`.
///
///     let threads = ThreadPair()
///     threads.run({ share in forward(q1, sharing: share) }, { share in forward(q2, sharing: share) })
///
/// The helper thread ends when the pair is deallocated. A pair made with `concurrent: false` has
/// no helper and runs both closures on the calling thread, one after the other, with no share:
/// for a one-core machine, or to leave the second core to another process. The numbers are the
/// same either way.
public final class ThreadPair: @unchecked Sendable {
    /// The state shared with the helper thread; nil without one.
    private let channel: Channel?

    /// True when this process may run on more than one core, so that a helper thread pays.
    public static let machineHasSecondCore = ProcessInfo.processInfo.activeProcessorCount > 1

    /// Starts the helper thread, unless `concurrent` is false.
    public init(concurrent: Bool = machineHasSecondCore) {
        guard concurrent else {
            channel = nil
            return
        }
        let channel = Channel()
        self.channel = channel
        let thread = Thread { channel.serve() }
        thread.name = "ThreadPair helper"
        thread.start()
    }

    deinit { channel?.stop() }

    /// True when `run` uses two threads.
    public var isConcurrent: Bool { channel != nil }

    /// Where the calling thread offers its products to the idle helper between two `run`s (nil
    /// without a helper).
    public var callerShare: ProductShare? { channel?.callerShare }

    /// Runs `here` on the calling thread and `there` on the helper thread, at the same time, and
    /// returns when both have finished (without a helper: `here`, then `there`). Each gets the
    /// share its thread's products are to be offered on, so that the thread that finishes first
    /// helps the other. Not reentrant: call it from one thread at a time.
    public func run(_ here: (ProductShare?) -> Void, _ there: (ProductShare?) -> Void) {
        guard let channel else {
            here(nil)
            there(nil)
            return
        }
        withoutActuallyEscaping(there) { there in
            let generation = channel.post(there)
            here(channel.callerShare)
            channel.waitUntilDone(generation)
        }
    }

    /// Runs `body` on the two halves of 0..<count, one on each thread (the split falls on a
    /// multiple of 64 elements, so each half starts on a cache line of an aligned Float buffer).
    public func split(_ count: Int, _ body: (Range<Int>) -> Void) {
        let middle = min(count, (count / 2 + 63) / 64 * 64)
        run({ _ in body(0..<middle) }, { _ in body(middle..<count) })
    }

    /// The state the caller and the helper share. The helper's closure captures this, not the
    /// `ThreadPair`, so that the pair can be deallocated (and then stops the helper).
    private final class Channel: @unchecked Sendable {
        /// Work posted so far (a generation count); the helper runs work `posted` once.
        private let posted = Atomic<Int>(0)
        /// Work the helper has finished.
        private let finished = Atomic<Int>(0)
        /// True while the helper sleeps (or is about to) on `wake`.
        private let sleeping = Atomic<Bool>(false)
        private let wake = DispatchSemaphore(value: 0)
        /// The posted closure and the poster's floating-point mode; written before `posted` is
        /// incremented, read after it is seen.
        private var work: ((ProductShare?) -> Void)?
        private var mode: UInt32 = 0
        private var stopping = false
        /// Where each thread offers the panels of its matrix products to the other while that one
        /// waits (see `ck_share_help`).
        let callerShare = ProductShare(pointer: ck_share_create()!)
        let helperShare = ProductShare(pointer: ck_share_create()!)

        deinit {
            ck_share_destroy(callerShare.pointer)
            ck_share_destroy(helperShare.pointer)
        }

        /// Spins between two `sched_yield`s of a waiting thread: a few microseconds. Yielding costs
        /// little when nothing else is runnable and lets other work (another training run, an
        /// evaluation) have the core when the machine is oversubscribed.
        private static let spinsPerYield = 2_000
        /// How long the idle helper keeps spinning before it sleeps: longer than the gap between
        /// two updates, so that it is awake for the next one.
        private static let idleBeforeSleep = Duration.microseconds(300)

        func post(_ closure: @escaping (ProductShare?) -> Void) -> Int {
            work = closure
            mode = ck_floating_point_mode()
            let generation = posted.add(1, ordering: .sequentiallyConsistent).newValue
            if sleeping.load(ordering: .sequentiallyConsistent) { wake.signal() }
            return generation
        }

        func waitUntilDone(_ generation: Int) {
            var spins = 0
            while finished.load(ordering: .acquiring) != generation {
                ck_share_help(helperShare.pointer)
                spins += 1
                if spins >= Self.spinsPerYield {
                    sched_yield()
                    spins = 0
                }
            }
            work = nil
        }

        func stop() {
            stopping = true
            _ = post({ _ in })
        }

        /// The helper thread's loop.
        func serve() {
            var done = 0
            let clock = ContinuousClock()
            while true {
                var spins = 0, idleSince = clock.now
                while posted.load(ordering: .acquiring) == done {
                    ck_share_help(callerShare.pointer)
                    spins += 1
                    guard spins >= Self.spinsPerYield else { continue }
                    spins = 0
                    sched_yield()
                    guard clock.now - idleSince >= Self.idleBeforeSleep else { continue }
                    sleeping.store(true, ordering: .sequentiallyConsistent)
                    if posted.load(ordering: .sequentiallyConsistent) == done { wake.wait() }
                    sleeping.store(false, ordering: .sequentiallyConsistent)
                    idleSince = clock.now
                }
                done += 1
                if stopping { return }
                ck_set_floating_point_mode(mode)
                work?(helperShare)
                finished.store(done, ordering: .releasing)
            }
        }
    }
}
