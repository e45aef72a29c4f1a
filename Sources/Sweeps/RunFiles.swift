import Core
import Foundation

/// The files a sweep keeps in each run directory beside `iql-train`'s own, and what they say.
///
/// - `sweep-run.json`: which run of which sweep the directory holds and its `iql-train` arguments
///   (absolute paths written relative to the run directory, so a committed or moved sweep still
///   matches), written when the run is first launched. A directory is reused only for the same
///   arguments.
/// - `task.json`: the process running it now (pid, host, Slurm job), removed when it ends.
/// - `exit-status.json`: how the last attempt ended (`iql-train`'s exit status).
/// - `stdout.log`, `stderr.log`: `iql-train`'s output, appended by each attempt.
public struct RunFiles: Sendable {
    public var directory: String
    public init(_ run: SweepRun) { directory = run.directory }

    public var claim: String { directory + "/sweep-run.json" }
    public var task: String { directory + "/task.json" }
    public var exitStatus: String { directory + "/exit-status.json" }
    public var standardOutput: String { directory + "/stdout.log" }
    public var standardError: String { directory + "/stderr.log" }
    public var checkpoint: String { directory + "/checkpoint.h5" }
    public var metrics: String { directory + "/metrics.csv" }
    public var evaluations: String { directory + "/eval.csv" }
    public var result: String { directory + "/result.json" }

    /// Claims the directory for `run` of `sweep`: writes `sweep-run.json`, or checks that the one
    /// there names the same arguments.
    /// - Throws: `SweepError` naming the run when the directory holds another configuration, or
    ///   a run this sweep did not start.
    public func claim(for run: SweepRun, of sweep: String) throws(SweepError) {
        let portable = portable(run.arguments)
        if let claimed = Self.json(at: claim) {
            let arguments = claimed["arguments"]?.array?.compactMap(\.string)
            // Claims written before the arguments were portable hold the absolute paths.
            guard arguments == portable || arguments == run.arguments else {
                throw SweepError("run \(run.name): \(directory) holds a run with other arguments "
                                 + "(\((arguments ?? []).dropFirst().joined(separator: " "))); the sweep file changed. "
                                 + "Give the sweep another output, or remove that directory")
            }
            return
        }
        if FileManager.default.fileExists(atPath: checkpoint) {
            throw SweepError("run \(run.name): \(directory) holds a run this sweep did not start; remove it or give the sweep another output")
        }
        let document = JSONValue.object([
            ("sweep", .string(sweep)), ("run", .string(run.name)), ("index", .integer(run.index)),
            ("arguments", .array(portable.map(JSONValue.string))),
        ])
        try write(document, to: claim)
    }

    /// `arguments` with each absolute path written relative to the run directory.
    func portable(_ arguments: [String]) -> [String] {
        arguments.map { $0.hasPrefix("/") ? Self.relativePath(from: directory, to: $0) : $0 }
    }

    /// The path that leads from the directory `base` to `path` (both absolute): `../../data/x.hdf5`, `.`.
    static func relativePath(from base: String, to path: String) -> String {
        let from = URL(fileURLWithPath: base).standardizedFileURL.pathComponents
        let to = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
        let common = zip(from, to).prefix { $0 == $1 }.count
        let steps = Array(repeating: "..", count: from.count - common) + to[common...]
        return steps.isEmpty ? "." : steps.joined(separator: "/")
    }

    /// Whether the directory was claimed for a run.
    public var isClaimed: Bool { FileManager.default.fileExists(atPath: claim) }

    func write(_ document: JSONValue, to path: String) throws(SweepError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw SweepError("\(directory): cannot create the run directory (\(error.localizedDescription))")
        }
        do { try writeAtomically(Data((document.text + "\n").utf8), to: path) } catch { throw SweepError(error.description) }
    }

    static func json(at path: String) -> JSONValue? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONValue(parsing: String(decoding: data, as: UTF8.self))
    }

    /// The last line of a text file that starts with `prefix` (or the last non-empty line).
    static func lastLine(of path: String, startingWith prefix: String = "") -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").last { !$0.isEmpty && $0.hasPrefix(prefix) }.map(String.init)
    }
}
