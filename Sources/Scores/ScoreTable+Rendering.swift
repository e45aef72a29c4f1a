import Core
import Foundation

/// The table as Markdown, CSV and LaTeX text.
///
/// Markdown and LaTeX cells print one decimal: `66.1 ± 3.0 (3)` is mean ± std over 3 seeds,
/// a published number prints as `66.3` or `67.5 ± 3.8`, a missing one as `—` (LaTeX `--`); the
/// best cells of each row are bold (`**…**`, `\textbf{…}`). CSV has three columns per table
/// column (`name`, `name std`, `name seeds`), two decimals, empty where there is no number.
extension ScoreTable {
    /// A one-line caption stating the protocol: metric, ×100, population std, seed count, and
    /// which D4RL files the published numbers of unversioned rows are for.
    public var caption: String {
        "Normalised score ×100 (\(metric.rawValue) evaluation): mean ± std over seeds (population std), seed count in brackets; best per row in bold."
            + (publishedVersion.map { " Published numbers in rows without a version are those of D4RL's -v\($0) file of that name." } ?? "")
    }

    /// A GitHub-flavoured Markdown table preceded by the caption.
    public func markdown() -> String {
        let header = "| dataset | " + columns.joined(separator: " | ") + " |"
        let rule = "|:--|" + String(repeating: "--:|", count: columns.count)
        let body = rows.map { row in
            let cells = Self.cellTexts(row, plusMinus: "±", missing: "—") { "**\($0)**" }
            return "| \(row.label) | " + cells.joined(separator: " | ") + " |"
        }
        return ([caption, "", header, rule] + body).joined(separator: "\n") + "\n"
    }

    /// A `booktabs` tabular (needs `\usepackage{booktabs}`), caption as a comment, a rule
    /// before each domain's summary rows and between domains.
    public func latex() -> String {
        var lines = ["% " + caption, "\\begin{tabular}{l" + String(repeating: "r", count: columns.count) + "}", "\\toprule",
                     (["Dataset"] + columns).map(Self.latexEscaped).joined(separator: " & ") + " \\\\", "\\midrule"]
        for (index, row) in rows.enumerated() {
            let previous = index > 0 ? rows[index - 1] : nil
            if let previous, previous.domain != row.domain || (previous.kind == .dataset && row.kind != .dataset) {
                lines.append("\\midrule")
            }
            let cells = Self.cellTexts(row, plusMinus: "$\\pm$", missing: "--") { "\\textbf{\($0)}" }
            lines.append(([Self.latexEscaped(row.label)] + cells).joined(separator: " & ") + " \\\\")
        }
        lines += ["\\bottomrule", "\\end{tabular}"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Comma-separated values: `dataset`, then `name`, `name std`, `name seeds` per column.
    public func csv() -> String {
        let header = ["dataset"] + columns.flatMap { [$0, "\($0) std", "\($0) seeds"] }
        let body = rows.map { row in
            [row.label] + row.cells.flatMap { cell in
                [cell.map { Self.fixed($0.mean, 2) }, cell?.std.map { Self.fixed($0, 2) }, cell?.seeds.map(String.init)].map { $0 ?? "" }
            }
        }
        return ([header] + body).map { $0.map(Self.csvEscaped).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// The texts of a row's cells: the best ones passed through `bold`, missing ones `missing`.
    static func cellTexts(_ row: Row, plusMinus: String, missing: String, bold: (String) -> String) -> [String] {
        let best = row.bestColumns
        return row.cells.enumerated().map { column, cell in
            guard let cell else { return missing }
            let text = text(cell, plusMinus: plusMinus)
            return best.contains(column) ? bold(text) : text
        }
    }

    /// `mean ± std (seeds)` with one decimal, leaving out what the cell does not have.
    static func text(_ cell: Cell, plusMinus: String) -> String {
        var text = fixed(cell.mean, 1)
        if let std = cell.std { text += " \(plusMinus) " + fixed(std, 1) }
        if let seeds = cell.seeds { text += " (\(seeds))" }
        return text
    }

    /// `value` with `decimals` digits after the point, rounded as C's printf rounds.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }

    static func csvEscaped(_ field: String) -> String {
        guard field.contains(where: { ",\"\n".contains($0) }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `text` with LaTeX's special characters escaped.
    static func latexEscaped(_ text: String) -> String {
        let replacements: [Character: String] = [
            "\\": "\\textbackslash{}", "&": "\\&", "%": "\\%", "$": "\\$", "#": "\\#", "_": "\\_",
            "{": "\\{", "}": "\\}", "~": "\\textasciitilde{}", "^": "\\textasciicircum{}",
        ]
        return text.map { replacements[$0] ?? String($0) }.joined()
    }
}
