import Core
import Foundation

/// A CSV file of a run with one row per step (`metrics.csv`, `eval.csv`, an online run's `metrics.csv`), written through so
/// that an interrupted run keeps every row it printed.
///
/// A new run (`resumingAt` nil) starts the file with the header, replacing any old one; a
/// resumed run keeps the rows whose first cell is a step at or before its checkpoint's (later
/// rows belong to steps that will be retaken) and appends after them.
public final class RunCSV {
    public let path: String
    /// The rows kept on resuming (without the header), in file order.
    public let keptRows: [Substring]
    private let file: AppendingFile

    public init(path: String, columns: [String], resumingAt step: Int?) throws {
        self.path = path
        var rows: [Substring] = []
        if let step, let old = try? String(contentsOfFile: path, encoding: .utf8) {
            rows = old.split(separator: "\n").dropFirst().filter { row in
                row.split(separator: ",", omittingEmptySubsequences: false).first.flatMap { Int($0) }.map { $0 <= step } ?? false
            }
        }
        keptRows = rows
        let contents = ([columns.joined(separator: ",")] + rows.map(String.init)).map { $0 + "\n" }.joined()
        try writeAtomically(Data(contents.utf8), to: path)
        file = try AppendingFile(path: path)
    }

    /// Appends one row.
    /// - Throws: `FileWriteError` naming the file and the system's reason.
    public func append(_ cells: [String]) throws {
        try file.append(cells.joined(separator: ",") + "\n")
    }
}
