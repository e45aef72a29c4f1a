import Core
import Foundation

/// The runs of a sweep, read from result files, score CSVs and directories, with one message
/// per input that could not be used.
///
/// Directories are searched recursively for `result.json` and for CSVs whose header names
/// `dataset` and `seed` (a run's `metrics.csv` is skipped). What is left out, and why:
/// - an unreadable, malformed or partial file, or a bad CSV row (the rest of the file is used);
/// - a run whose (dataset, algorithm, seed) was already read from another file;
/// - a run with a different number of evaluations than the other runs of its dataset and
///   algorithm (its final score is not at the same step): the most common count wins, ties
///   go to the larger.
public struct RunCollection: Sendable {
    /// The usable runs, in the order read (paths in the order given, directory entries sorted).
    public private(set) var runs: [RunRecord] = []
    /// One message per input or run that was left out, or that looks wrong.
    public private(set) var problems: [ScoreInputError] = []

    /// Reads every path (a file or a directory). `label` may rename the algorithm of the run read
    /// from a file (a sweep's grid point, say) before duplicates are looked for.
    public init(paths: [String], label: (_ file: String) -> String? = { _ in nil }) {
        for path in paths { read(path) }
        for index in runs.indices { runs[index].algorithm = label(runs[index].file) ?? runs[index].algorithm }
        runs = withoutDuplicateSeeds(runs)
        runs = withMatchingEvaluationCounts(runs)
    }

    private mutating func read(_ path: String) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            problems.append(ScoreInputError(path: path, reason: "no such file or directory"))
            return
        }
        if isDirectory.boolValue { readDirectory(path) } else { readFile(path) }
    }

    private mutating func readDirectory(_ path: String) {
        let files = Self.files(under: path).filter { file in
            file.hasSuffix("/result.json") || (file.hasSuffix(".csv") && Self.hasScoreHeader(file))
        }
        if files.isEmpty {
            problems.append(ScoreInputError(path: path, reason: "no result.json or score CSV in this directory"))
        }
        for file in files { readFile(file) }
    }

    private mutating func readFile(_ path: String) {
        if path.lowercased().hasSuffix(".csv") {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                problems.append(ScoreInputError(path: path, reason: "cannot read the file as UTF-8 text"))
                return
            }
            let (records, csvProblems) = RunRecord.records(csv: text, file: path)
            runs += records
            problems += csvProblems
            return
        }
        do {
            runs.append(try RunRecord(RunResult.read(from: path), file: path))
        } catch let error as ScoreInputError {
            problems.append(error)
        } catch {
            problems.append(ScoreInputError(path: path, reason: "\(error)"))
        }
    }

    /// Every regular file below `path`, sorted (so tables do not depend on directory order).
    private static func files(under path: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: path)
        let relative = (enumerator?.allObjects as? [String]) ?? []
        return relative.sorted().map { (path as NSString).appendingPathComponent($0) }.filter { file in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }

    private static func hasScoreHeader(_ file: String) -> Bool {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8),
              let header = text.split(whereSeparator: \.isNewline).first else { return false }
        return RunRecord.isScoreCSV(header: header)
    }

    /// The runs with the first of each (dataset, algorithm, seed); a message for each later one.
    private mutating func withoutDuplicateSeeds(_ runs: [RunRecord]) -> [RunRecord] {
        var first: [String: RunRecord] = [:]
        return runs.filter { run in
            let key = "\(run.dataset)\u{0}\(run.algorithm)\u{0}\(run.seed)"
            guard let earlier = first[key] else {
                first[key] = run
                return true
            }
            problems.append(ScoreInputError(
                path: run.file,
                reason: "seed \(run.seed) of \(run.dataset) \(run.algorithm) is also in \(earlier.file); this one is left out"))
            return false
        }
    }

    /// The runs whose evaluation count is their group's most common one (CSV rows, which have
    /// no evaluations, always pass); a message for each other run.
    private mutating func withMatchingEvaluationCounts(_ runs: [RunRecord]) -> [RunRecord] {
        let groups = Dictionary(grouping: runs.filter { !$0.curve.isEmpty }) { "\($0.dataset)\u{0}\($0.algorithm)" }
        let expected = groups.mapValues { group in
            Dictionary(grouping: group, by: \.curve.count).max { ($0.value.count, $0.key) < ($1.value.count, $1.key) }!.key
        }
        return runs.filter { run in
            guard let count = expected["\(run.dataset)\u{0}\(run.algorithm)"], run.curve.count != count else { return true }
            problems.append(ScoreInputError(
                path: run.file,
                reason: "\(run.curve.count) evaluations, other \(run.dataset) \(run.algorithm) runs have \(count); this one is left out"))
            return false
        }
    }
}
