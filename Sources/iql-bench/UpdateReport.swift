import Foundation
import ToolSupport

/// The table `iql-bench updates` prints.
struct UpdateReport {
    struct Row {
        var size: UpdateSize
        /// Median updates/s of each round.
        var ours: [Double]
        var reference: [Double]
        var gigaflopsPerUpdate: Double
    }

    var rows: [Row]
    var peakResidentMegabytes: Double

    /// Each size: our and the reference's updates/s (mean of rounds, rounds in brackets), GFLOP/s, ratio.
    var text: String {
        var lines = [["size", "ours (updates/s)", "GFLOP/s", "JAX reference (updates/s)", "ours / reference"]]
        for row in rows {
            let ours = mean(row.ours)
            var cells = [row.size.rawValue, String(format: "%.1f ", ours) + rounds(row.ours),
                         String(format: "%.1f", ours * row.gigaflopsPerUpdate)]
            if !row.reference.isEmpty {
                let theirs = mean(row.reference)
                cells += [String(format: "%.1f ", theirs) + rounds(row.reference), String(format: "%.2f×", ours / theirs)]
            }
            lines.append(cells)
        }
        let widths = (0..<5).map { column in lines.map { $0.count > column ? $0[column].count : 0 }.max()! }
        let table = lines.map { cells in
            cells.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "   ")
        }
        return (table + [String(format: "peak resident memory %.0f MB (the synthetic 1M-transition buffers included)", peakResidentMegabytes),
                         "matrix products on \(BuildInfo.blasKernels) kernels"])
            .joined(separator: "\n")
    }

    private func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(max(values.count, 1)) }

    private func rounds(_ values: [Double]) -> String { "[" + values.map { String(format: "%.0f", $0) }.joined(separator: ", ") + "]" }
}
