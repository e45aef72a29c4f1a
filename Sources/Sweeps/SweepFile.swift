import Core
import Foundation

/// A sweep as its JSON file describes it: which datasets, algorithms and seeds to train, with
/// which shared `iql-train` flags and which grid of overrides.
///
///     {
///       "name": "demo",
///       "output": "demo-runs",
///       "datasets": ["../Fixtures/d4rl/hopper-medium-v2-mini.hdf5", "mujoco/hopper/medium-v0"],
///       "algorithms": ["iql", "bc"],
///       "seeds": [0, 1, 2],
///       "flags": {"steps": 100000, "eval-episodes": 10, "normalize-observations": true},
///       "grid": {"temperature": [1, 3]}
///     }
///
/// Relative paths (`output`, and datasets that exist as paths) are relative to the file's own
/// directory; a dataset that is no path is a Minari id. Flags are `iql-train`'s long options
/// without `--`: a number or string is the option's value, `true` a switch. The sweep sets
/// `--algorithm`, `--seed`, `--output`, `--threads`, `--resume` and `--overwrite` itself.
public struct SweepFile: Equatable, Sendable {
    /// A flag's value: `--name value`, or the switch `--name` alone.
    public enum FlagValue: Equatable, Sendable, CustomStringConvertible {
        case value(String)
        case on

        public var description: String {
            switch self {
            case .value(let text): return text
            case .on: return "true"
            }
        }
    }

    public struct Flag: Equatable, Sendable {
        public var name: String
        public var value: FlagValue
    }

    public struct GridAxis: Equatable, Sendable {
        public var name: String
        public var values: [FlagValue]
    }

    /// The file, as an absolute path.
    public var path: String
    public var name: String
    /// Where the run directories (`runs/<run name>`) and the sweep's own files go (absolute).
    public var output: String
    public var datasets: [String]
    public var algorithms: [String]
    public var seeds: [UInt64]
    /// Flags every run gets, in the file's order.
    public var flags: [Flag]
    /// Flags whose values are crossed (every combination), in the file's order.
    public var grid: [GridAxis]

    public static let keys = ["name", "output", "datasets", "algorithms", "seeds", "flags", "grid"]
    /// The most runs a sweep may expand to (a hostile grid must not exhaust memory; Slurm's own
    /// `MaxArraySize` is usually far lower).
    public static let maxRuns = 100_000
    /// Flags the sweep sets for each run, which the file may not set.
    public static let reservedFlags = ["algorithm", "seed", "output", "threads", "resume", "overwrite"]

    /// Reads and checks the sweep file at `path`.
    /// - Throws: `SweepError` naming the file and the first problem: not JSON, an unknown key, a
    ///   missing or empty list, a value of the wrong kind, a reserved flag.
    public init(contentsOf path: String) throws(SweepError) {
        guard let data = FileManager.default.contents(atPath: path) else { throw SweepError("\(path): cannot read the sweep file") }
        let json: JSONValue
        do { json = try JSONValue(parsing: String(decoding: data, as: UTF8.self)) } catch {
            throw SweepError("\(path): not JSON (\(error))")
        }
        try self.init(json, path: path)
    }

    /// Reads the sweep `json` of the file at `path` (relative paths are resolved against its directory).
    public init(_ json: JSONValue, path: String) throws(SweepError) {
        func fail(_ reason: String) -> SweepError { SweepError("\(path): \(reason)") }
        guard let members = json.members else { throw fail("not a JSON object") }
        if let unknown = members.first(where: { !Self.keys.contains($0.key) }) {
            throw fail("unknown key '\(unknown.key)' (known: \(Self.keys.joined(separator: ", ")))")
        }
        let file = URL(fileURLWithPath: path).standardizedFileURL
        let directory = file.deletingLastPathComponent()
        self.path = file.path
        name = try json["name"].map { value throws(SweepError) in try Self.string(value, "name", fail) }
            ?? file.deletingPathExtension().lastPathComponent
        guard !name.isEmpty, !name.contains("/") else { throw fail("'name' must be a non-empty word without '/'") }
        let output = try json["output"].map { value throws(SweepError) in try Self.string(value, "output", fail) } ?? name
        self.output = Self.resolve(output, against: directory, onlyIfExists: false)
        datasets = try Self.list(json["datasets"], "datasets", fail).map { value throws(SweepError) in
            Self.resolve(try Self.string(value, "datasets", fail), against: directory, onlyIfExists: true)
        }
        algorithms = try json["algorithms"] == nil ? ["iql"] : Self.list(json["algorithms"], "algorithms", fail).map {
            value throws(SweepError) in try Self.string(value, "algorithms", fail)
        }
        seeds = try json["seeds"] == nil ? [0] : Self.list(json["seeds"], "seeds", fail).map { value throws(SweepError) in
            guard let seed = value.integer, seed >= 0 else { throw fail("'seeds' must list integers ≥ 0, not \(value.text)") }
            return UInt64(seed)
        }
        for (key, list) in [("datasets", datasets), ("algorithms", algorithms), ("seeds", seeds.map(String.init))]
        where Set(list).count != list.count {
            throw fail("'\(key)' lists an entry twice")
        }
        flags = try Self.object(json["flags"], "flags", fail).map { member throws(SweepError) in
            Flag(name: member.key, value: try Self.flagValue(member.value, "flags.\(member.key)", fail))
        }
        grid = try Self.object(json["grid"], "grid", fail).map { member throws(SweepError) in
            GridAxis(name: member.key, values: try Self.list(member.value, "grid.\(member.key)", fail).map { value throws(SweepError) in
                try Self.flagValue(value, "grid.\(member.key)", fail)
            })
        }
        let factors = [datasets.count, algorithms.count, seeds.count] + grid.map(\.values.count)
        let runCount = factors.reduce(Optional(1)) { total, factor in
            total.flatMap { total in total.multipliedReportingOverflow(by: factor).overflow ? nil : total * factor }
        }
        guard let runCount, runCount <= Self.maxRuns else {
            throw fail("the sweep expands to \(factors.map(String.init).joined(separator: " × ")) runs, more than \(Self.maxRuns)")
        }
        let named = flags.map(\.name) + grid.map(\.name)
        if let reserved = named.first(where: Self.reservedFlags.contains) {
            throw fail("'\(reserved)' is set by the sweep for each run (use 'algorithms' and 'seeds'); remove it from flags/grid")
        }
        if let twice = named.first(where: { name in named.filter { $0 == name }.count > 1 }) {
            throw fail("'\(twice)' is given twice in flags and grid")
        }
    }

    // MARK: Reading the JSON

    private static func string(_ value: JSONValue, _ key: String, _ fail: (String) -> SweepError) throws(SweepError) -> String {
        guard let text = value.string else { throw fail("'\(key)' must be a string, not \(value.text)") }
        return text
    }

    private static func list(_ value: JSONValue?, _ key: String, _ fail: (String) -> SweepError) throws(SweepError) -> [JSONValue] {
        guard let items = value?.array, !items.isEmpty else { throw fail("'\(key)' must be a non-empty list") }
        return items
    }

    private static func object(_ value: JSONValue?, _ key: String, _ fail: (String) -> SweepError) throws(SweepError)
        -> [(key: String, value: JSONValue)]
    {
        guard let value else { return [] }
        guard let members = value.members else { throw fail("'\(key)' must be an object") }
        return members
    }

    private static func flagValue(_ value: JSONValue, _ key: String, _ fail: (String) -> SweepError) throws(SweepError) -> FlagValue {
        switch value {
        case .bool(true): return .on
        case .bool(false): throw fail("'\(key)' is false; leave the switch out instead")
        case .integer, .number, .string: return .value(value.string ?? value.text)
        default: throw fail("'\(key)' must be a number, a string or true, not \(value.text)")
        }
    }

    /// `value` made absolute against `directory` when it is relative (with `onlyIfExists`, only
    /// when it names something there: otherwise it is a Minari id and stays as it is).
    private static func resolve(_ value: String, against directory: URL, onlyIfExists: Bool) -> String {
        guard !value.hasPrefix("/") else { return value }
        let candidate = directory.appendingPathComponent(value).standardizedFileURL.path
        return !onlyIfExists || FileManager.default.fileExists(atPath: candidate) ? candidate : value
    }
}
