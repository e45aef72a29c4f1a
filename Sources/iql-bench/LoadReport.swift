import Foundation

/// The table `iql-bench load` prints: Swift stages, reference timings, ratios and the two aims.
///
/// Aims: Swift total ≤ h5py read (ratio ≥ 1×) and Swift total ≤ Python qlearning / 5 (ratio ≥ 5×).
struct LoadReport {
    var file: String
    var repetitions: Int
    var swift: SwiftLoadTiming
    var reference: PythonReference

    /// The smallest ratio reference seconds / Swift total that meets each aim.
    static let h5pyAim = 1.0, qlearningAim = 5.0

    var text: String {
        (header + [""] + timeRows + [""] + aimRows + referenceNote).joined(separator: "\n")
    }

    private var header: [String] {
        [
            "iql-bench load: \(file) (best of \(repetitions))",
            row("rows", String(swift.rows)),
            row("transitions", String(swift.transitions)),
        ]
    }

    private var timeRows: [String] {
        let timing = reference.timing
        return [
            row("", "seconds", "reference / Swift total"),
            row("Swift read", seconds(swift.readSeconds)),
            row("Swift preprocess", seconds(swift.preprocessSeconds)),
            row("Swift total", seconds(swift.totalSeconds)),
            row("h5py read", seconds(timing?.h5pyReadSeconds), ratio(timing?.h5pyReadSeconds)),
            row("Python qlearning", seconds(timing?.qlearningSeconds), ratio(timing?.qlearningSeconds)),
        ]
    }

    private var aimRows: [String] {
        let timing = reference.timing
        return [
            aim("Swift total ≤ h5py read", reference: timing?.h5pyReadSeconds, atLeast: Self.h5pyAim),
            aim("Swift total ≤ Python qlearning / \(Int(Self.qlearningAim))", reference: timing?.qlearningSeconds, atLeast: Self.qlearningAim),
        ]
    }

    /// `aim  <name>  pass|FAIL (ratio×)`, or `not measured`.
    private func aim(_ name: String, reference seconds: Double?, atLeast target: Double) -> String {
        guard let seconds else { return "aim  \(name.padded(to: 36))not measured" }
        let measured = seconds / swift.totalSeconds
        return "aim  \(name.padded(to: 36))\(measured >= target ? "pass" : "FAIL") (\(format(measured))×)"
    }

    /// Why the reference columns are empty, if they are.
    private var referenceNote: [String] {
        switch reference {
        case .skipped: return ["", "Python reference skipped (--no-reference)."]
        case .h5pyMissing: return ["", "h5py is not importable; install it with: pip install -r tools/requirements.txt"]
        case .measured: return []
        }
    }

    private func row(_ label: String, _ value: String, _ note: String = "") -> String {
        label.padded(to: 18) + value.leftPadded(to: 9) + (note.isEmpty ? "" : "   \(note)")
    }

    private func seconds(_ value: Double?) -> String { value.map { format($0, digits: 3) } ?? "—" }

    private func ratio(_ seconds: Double?) -> String {
        seconds.map { "\(format($0 / swift.totalSeconds))×" } ?? ""
    }

    private func format(_ value: Double, digits: Int = 2) -> String {
        String(format: "%.\(digits)f", value)
    }
}

extension String {
    /// The string followed by spaces up to `width` characters.
    fileprivate func padded(to width: Int) -> String {
        self + String(repeating: " ", count: max(width - count, 0))
    }

    /// The string preceded by spaces up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: " ", count: max(width - count, 0)) + self
    }
}
