import Foundation

/// Runs a sweep's runs on this machine, `jobs` at a time, each on `--threads 1` when more than
/// one runs (the numbers do not depend on it), with one progress line per running run.
///
/// SIGINT, SIGTERM and SIGHUP are passed on to the running runs, which checkpoint and exit; no
/// further run starts, and `run` resumes them later.
public struct LocalExecutor {
    public var launcher: RunLauncher
    public var jobs: Int
    /// `iql-train --threads` of every run (default: 1 when more than one runs at once, else the tool's default).
    public var threads: Int?
    /// Where the progress lines go (redrawn in place on a terminal, else printed as runs start and end).
    public var output: FileHandle

    public init(launcher: RunLauncher, jobs: Int, threads: Int? = nil, output: FileHandle = .standardOutput) {
        self.launcher = launcher
        self.jobs = jobs
        self.threads = threads ?? (jobs > 1 ? 1 : nil)
        self.output = output
    }

    /// How the runs ended.
    public struct Outcome {
        public var statuses: [(run: SweepRun, status: Int32)]
        /// The signal that stopped the sweep, if one did.
        public var signal: Int32?
    }

    /// Runs `runs` in order, at most `jobs` at once.
    /// - Throws: `SweepError` when a run cannot be started; the runs already started are then
    ///   stopped (they checkpoint) and waited for.
    public func run(_ runs: [SweepRun]) throws(SweepError) -> Outcome {
        let stop = ForwardedSignals()
        var waiting = runs[...], running: [RunLauncher.Task] = [], outcome = Outcome(statuses: [], signal: nil)
        var forwarded = false
        let progress = ProgressLines(output: output)
        defer { stop.restore() }
        while !waiting.isEmpty || !running.isEmpty {
            while running.count < jobs, stop.received == nil, let next = waiting.popFirst() {
                do {
                    let task = try launcher.start(next, threads: threads)
                    running.append(task)
                    stop.tasks.append(task)
                    progress.event("started \(next.name)")
                } catch {
                    running.forEach { $0.send(SIGTERM) }
                    running.forEach { $0.wait() }
                    throw error
                }
            }
            if let signal = stop.received, !waiting.isEmpty || !forwarded {
                // A run started just before the signal arrived has not seen it.
                waiting.removeAll()
                running.forEach { $0.send(signal) }
                forwarded = true
            }
            for task in running where !task.isRunning {
                let status = task.wait()
                outcome.statuses.append((task.run, status))
                progress.event("\(status == 0 ? "done" : "failed (exit status \(status))") \(task.run.name)"
                               + Self.summary(of: task.run))
            }
            running.removeAll { !$0.isRunning }
            stop.tasks.removeAll { !$0.isRunning }
            progress.redraw(running.map { Self.line(for: $0.run) }, done: outcome.statuses.count, total: runs.count)
            if !running.isEmpty { Thread.sleep(forTimeInterval: 0.25) }
        }
        progress.finish()
        outcome.signal = stop.received
        return outcome
    }

    /// `hopper-…-seed0  step 1200  score 34.1` for a running run.
    static func line(for run: SweepRun) -> String {
        let files = RunFiles(run)
        let step = RunState.step(files).map { "step \($0)" } ?? "starting"
        return "\(run.name)  \(step)" + (RunState.score(files).map { String(format: "  score %.1f", $0) } ?? "")
    }

    /// `: final score 54.2` for a run that ended with a score, or its last error line.
    static func summary(of run: SweepRun) -> String {
        let state = RunState(of: run, queued: nil, queueWasRead: false)
        switch state {
        case .done(let score?): return String(format: ": final score %.1f", score)
        case .failed(_, let error?): return ": \(error)"
        default: return ""
        }
    }
}

/// SIGINT, SIGTERM and SIGHUP, caught (on a queue of their own) and passed on to the tasks that run.
final class ForwardedSignals: @unchecked Sendable {
    private let lock = NSLock()
    private var first: Int32?
    private var current: [RunLauncher.Task] = []
    private var sources: [DispatchSourceSignal] = []
    private static let signals = [SIGINT, SIGTERM, SIGHUP]

    init() {
        let queue = DispatchQueue(label: "iql-sweep.signals")
        for number in Self.signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [weak self] in self?.handle(number) }
            source.resume()
            sources.append(source)
        }
    }

    /// The first signal received, if any.
    var received: Int32? { lock.withLock { first } }

    /// The tasks a signal is passed on to.
    var tasks: [RunLauncher.Task] {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }

    private func handle(_ number: Int32) {
        let tasks = lock.withLock { () -> [RunLauncher.Task] in
            first = first ?? number
            return current
        }
        tasks.forEach { $0.send(number) }
    }

    func restore() {
        sources.forEach { $0.cancel() }
        for number in Self.signals { signal(number, SIG_DFL) }
    }
}

/// Progress lines: on a terminal, a block of one line per running run, redrawn in place, with
/// events printed above it; otherwise only the events.
final class ProgressLines {
    private let output: FileHandle
    private let isTerminal: Bool
    private var drawn = 0

    init(output: FileHandle) {
        self.output = output
        isTerminal = isatty(output.fileDescriptor) == 1
    }

    func event(_ text: String) {
        clear()
        write(text + "\n")
    }

    func redraw(_ lines: [String], done: Int, total: Int) {
        guard isTerminal else { return }
        clear()
        let block = ["[\(done)/\(total) ended]"] + lines.map { "  " + $0 }
        write(block.joined(separator: "\n") + "\n")
        drawn = block.count
    }

    func finish() { clear() }

    private func clear() {
        guard isTerminal, drawn > 0 else { return }
        write(String(repeating: "\u{1B}[1A\u{1B}[2K", count: drawn))
        drawn = 0
    }

    private func write(_ text: String) { output.write(Data(text.utf8)) }
}
