import Foundation
import NN
import ToolSupport

/// The table `iql-bench updates` prints.
struct UpdateReport {
    struct Row {
        var size: UpdateSize
        /// Median updates/s of each round.
        var ours: [Double]
        var reference: [Double]
        /// Median updates/s of ours with every product on OpenBLAS, each round (`--blas`).
        var onBLAS: [Double] = []
        /// GFLOP/s of 256×256×256 products alone, each round (`MatrixCeilingTiming`).
        var matrixGigaflopsPerSecond: [Double]
        var gigaflopsPerUpdate: Double

        /// Updates/s of an update made only of matrix products at the measured rate.
        var matrixOnlyLimit: Double { mean(matrixGigaflopsPerSecond) / gigaflopsPerUpdate }
    }

    var rows: [Row]
    var peakResidentMegabytes: Double

    /// Each size: our updates/s (mean of rounds, rounds in brackets), GFLOP/s, the matrix-only
    /// limit, and with a reference its updates/s, the ratio, and what 1.5× the reference would
    /// take as a share of the limit.
    var text: String {
        var header = ["size", "ours (updates/s)", "GFLOP/s", "matrix-only limit"]
        let comparesBLAS = rows.contains { !$0.onBLAS.isEmpty }, hasReference = rows.contains { !$0.reference.isEmpty }
        if comparesBLAS { header += ["ours on OpenBLAS \(BLAS.kernel) (updates/s)", "own kernel / OpenBLAS"] }
        if hasReference { header += ["JAX reference (updates/s)", "ours / reference", "1.5× reference / limit"] }
        var lines = [header]
        for row in rows {
            let ours = mean(row.ours)
            var cells = [row.size.rawValue, String(format: "%.1f ", ours) + rounds(row.ours),
                         String(format: "%.1f", ours * row.gigaflopsPerUpdate), String(format: "%.0f", row.matrixOnlyLimit)]
            if comparesBLAS {
                let blas = mean(row.onBLAS)
                cells += [String(format: "%.1f ", blas) + rounds(row.onBLAS), String(format: "%.2f×", ours / blas)]
            }
            if hasReference {
                let theirs = mean(row.reference)
                cells += [String(format: "%.1f ", theirs) + rounds(row.reference), String(format: "%.2f×", ours / theirs),
                          String(format: "%.0f %%", 150 * theirs / row.matrixOnlyLimit)]
            }
            lines.append(cells)
        }
        let widths = header.indices.map { column in lines.map { $0.count > column ? $0[column].count : 0 }.max()! }
        let table = lines.map { cells in
            cells.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "   ")
        }
        return (table + [String(format: "peak resident memory %.0f MB (the synthetic 1M-transition buffers included)", peakResidentMegabytes),
                         "matrix products on \(BuildInfo.blasKernels) kernels; matrix-only limit: the update's matrix FLOPs at the "
                            + "rate of 256×256×256 products timed alone on the same threads (updates/s)"])
            .joined(separator: "\n")
    }

    private func rounds(_ values: [Double]) -> String { "[" + values.map { String(format: "%.0f", $0) }.joined(separator: ", ") + "]" }
}

/// The arithmetic mean (0 for no values).
private func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(max(values.count, 1)) }
