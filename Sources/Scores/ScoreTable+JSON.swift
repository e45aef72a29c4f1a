import Core
import Foundation

/// The table as JSON, for scripts:
///
/// ```json
/// {"metric": "final", "columns": ["IQL", "IQL (paper)"],
///  "rows": [{"label": "hopper-medium-v2", "kind": "dataset", "domain": "locomotion",
///            "cells": [{"mean": 66.1, "std": 3.0, "seeds": 3}, {"mean": 66.3}], "best": [1]}, ...]}
/// ```
/// A missing cell is `null`; `std` and `seeds` are left out where a cell has none.
/// `"publishedVersion": 2` is there when unversioned rows show D4RL's -v2 published numbers.
extension ScoreTable {
    /// - Throws: `EncodingError` if a number is not finite.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let document = Document(
            metric: metric.rawValue, publishedVersion: publishedVersion, columns: columns,
            rows: rows.map { DocumentRow(label: $0.label, kind: $0.kind, domain: $0.domain, cells: $0.cells, best: $0.bestColumns.sorted()) })
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }

    private struct Document: Encodable {
        var metric: String
        var publishedVersion: Int?
        var columns: [String]
        var rows: [DocumentRow]
    }

    private struct DocumentRow: Encodable {
        var label: String
        var kind: RowKind
        var domain: String
        var cells: [Cell?]
        var best: [Int]
    }
}
