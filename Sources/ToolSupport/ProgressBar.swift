import Foundation

/// A one-line progress display on standard error for long work:
///
///     [##########··········]  50.0%  5000/10000  812 steps/s  ETA 0:00:06  value 0.41 actor -1.2
///
/// On a terminal the line is redrawn in place at most ten times a second; otherwise (a log
/// file, CI) a plain line is printed at every tenth of the way, so logs stay readable.
public final class ProgressBar {
    public let total: Int
    public let unit: String
    private let start = Date()
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var lastDraw = Date.distantPast
    private var lastTenth = -1
    /// The bar as last drawn on the terminal, to redraw after `note`.
    private var lastLine: String?
    private let width = 24

    public init(total: Int, unit: String = "steps") {
        self.total = max(total, 1)
        self.unit = unit
    }

    /// Shows `completed` of `total` with a rate (per second) and a free-form status.
    public func update(completed: Int, rate: Double, status: String = "") {
        let now = Date(), tenth = completed * 10 / total
        if isTerminal {
            guard now.timeIntervalSince(lastDraw) >= 0.1 || completed >= total else { return }
            lastDraw = now
            let drawn = line(completed: completed, rate: rate, status: status)
            lastLine = drawn
            FileHandle.standardError.write(Data(("\r" + drawn + "\u{1B}[K").utf8))
        } else if tenth > lastTenth {
            lastTenth = tenth
            FileHandle.standardError.write(Data((line(completed: completed, rate: rate, status: status) + "\n").utf8))
        }
    }

    /// Prints `text` as a line of standard output without garbling the bar: on a terminal the
    /// bar is erased, the line printed and the bar redrawn below it; otherwise it is just printed.
    public func note(_ text: String) {
        if isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        print(text)
        fflush(stdout)
        if isTerminal, let lastLine { FileHandle.standardError.write(Data(("\r" + lastLine + "\u{1B}[K").utf8)) }
    }

    /// Ends the line (on a terminal) so that later output starts on a fresh one.
    public func finish() {
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    func line(completed: Int, rate: Double, status: String) -> String {
        let fraction = min(Double(completed) / Double(total), 1)
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "·", count: width - filled)
        let remaining = rate > 0 ? Double(total - completed) / rate : 0
        return String(format: "[%@] %5.1f%%  %d/%d  %.0f %@/s  ETA %@", bar, fraction * 100, completed, total, rate, unit,
                      Self.clock(remaining)) + (status.isEmpty ? "" : "  " + status)
    }

    /// h:mm:ss.
    static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return String(format: "%d:%02d:%02d", whole / 3600, whole / 60 % 60, whole % 60)
    }
}
