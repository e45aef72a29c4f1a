import Core
import Foundation

/// Runs from a CSV of other tools' results.
///
/// The header names the columns, in any order: `dataset`, `algorithm`, `seed`, and either
/// `return` (an undiscounted return, normalised here with D4RL's reference scores) or `score`
/// (already normalised ×100). Datasets may be D4RL names or file names (`hopper_medium-v2.hdf5`).
///
/// ```
/// dataset,algorithm,seed,return
/// hopper-medium-v2,TD3+BC,0,1950.5
/// ```
extension RunRecord {
    /// The runs of every usable row of `text`, and one problem per unusable row (naming
    /// `file` and the line).
    static func records(csv text: String, file: String) -> (records: [RunRecord], problems: [ScoreInputError]) {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(fields)
        guard let header = lines.first, let layout = CSVLayout(header: header) else {
            return ([], [ScoreInputError(path: file, reason: CSVLayout.requirement)])
        }
        var records: [RunRecord] = [], problems: [ScoreInputError] = []
        for (index, row) in lines.enumerated().dropFirst() where row != [""] {
            do {
                records.append(try layout.record(row, file: file))
            } catch {
                problems.append(ScoreInputError(path: "\(file):\(index + 1)", reason: error.reason))
            }
        }
        if records.isEmpty && problems.isEmpty {
            problems.append(ScoreInputError(path: file, reason: "no data rows below the header"))
        }
        if layout.isNormalized, !records.isEmpty, records.allSatisfy({ abs($0.finalScore) <= 1.5 }) {
            problems.append(ScoreInputError(
                path: file, reason: "every score is within ±1.5: scores here are ×100 (multiply by 100, or give returns)"))
        }
        return (records, problems)
    }

    /// Whether a CSV header looks like a score file (it names `dataset` and `seed`): directory
    /// searches skip other CSVs, such as a run's `metrics.csv`.
    static func isScoreCSV(header text: Substring) -> Bool {
        let names = fields(text)
        return names.contains("dataset") && names.contains("seed")
    }

    /// The comma-separated fields of a line, trimmed of spaces and surrounding quotes.
    private static func fields<S: StringProtocol>(_ line: S) -> [String] {
        line.split(separator: ",", omittingEmptySubsequences: false).map { field in
            var text = field.trimmingCharacters(in: .whitespaces)
            if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = String(text.dropFirst().dropLast()) }
            return text
        }
    }
}

/// Where the columns of a score CSV are.
private struct CSVLayout {
    static let requirement = "a score CSV needs the header columns dataset, algorithm, seed and one of return, score"

    let columns: [String: Int]
    /// Fields per row: the header's.
    let width: Int
    /// The value column holds normalised scores (`score`), not returns.
    let isNormalized: Bool

    init?(header: [String]) {
        let columns = Dictionary(header.enumerated().map { ($1.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        guard ["dataset", "algorithm", "seed"].allSatisfy({ columns[$0] != nil }),
              (columns["return"] == nil) != (columns["score"] == nil) else { return nil }
        self.columns = columns
        width = header.count
        isNormalized = columns["score"] != nil
    }

    func record(_ row: [String], file: String) throws(RowError) -> RunRecord {
        guard row.count == width else { throw RowError(reason: "\(row.count) fields, the header has \(width)") }
        let name = row[columns["dataset"]!], algorithm = row[columns["algorithm"]!]
        let valueColumn = isNormalized ? "score" : "return"
        guard let seed = UInt64(row[columns["seed"]!]) else { throw RowError(reason: "seed '\(row[columns["seed"]!])' is not a whole number ≥ 0") }
        guard let value = Double(row[columns[valueColumn]!]), value.isFinite else {
            throw RowError(reason: "\(valueColumn) '\(row[columns[valueColumn]!])' is not a finite number")
        }
        guard !algorithm.isEmpty else { throw RowError(reason: "empty algorithm") }
        let reference: ReferenceScore
        do { reference = try ReferenceScores.lookup(name) } catch { throw RowError(reason: error.description) }
        let score = isNormalized ? value : reference.normalize(value)
        return RunRecord(
            dataset: reference.name, algorithm: algorithm, seed: seed, finalScore: score, bestScore: score,
            curve: [], file: file)
    }
}

/// Why one CSV row cannot be used.
private struct RowError: Error {
    let reason: String
}
