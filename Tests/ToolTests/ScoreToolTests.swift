import Foundation
import TestSupport
import Testing

/// `d4rl-score` run as a user runs it. The expected tables in `Fixtures/tools-output/` were
/// computed by `tools/expected_tables.py` from the same fixture runs, not by this code.
struct ScoreToolTests {
    static let fixtureRuns = [Fixtures.path("results/runs"), Fixtures.path("results/other-tools.csv")]

    static func score(_ arguments: [String]) throws -> ProcessResult { try Tool.run("d4rl-score", arguments) }

    static func expected(_ name: String) throws -> String {
        try String(contentsOfFile: Fixtures.path("tools-output/\(name)"), encoding: .utf8)
    }

    @Test("table output equals the independently computed file", arguments: [
        ("table-final.md", ["--published", "iql-paper,corl"]), ("table-final.csv", ["--published", "iql-paper,corl", "--format", "csv"]),
        ("table-final.tex", ["--published", "iql-paper,corl", "--format", "latex"]),
        ("table-best.md", ["--metric", "best"]), ("table-best.csv", ["--metric", "best", "--format", "csv"]),
        ("table-best.tex", ["--metric", "best", "--format", "latex"]),
    ])
    func table(file: String, options: [String]) throws {
        let result = try Self.score(["table"] + Self.fixtureRuns + options)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.isEmpty)
        #expect(result.standardOutput == (try Self.expected(file)))
    }

    @Test("--format json equals the independently computed document", arguments: [
        ("table-final.json", ["--published", "iql-paper,corl"]), ("table-best.json", ["--metric", "best"]),
    ])
    func json(file: String, options: [String]) throws {
        let result = try Self.score(["table"] + Self.fixtureRuns + options + ["--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        let ours = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? NSDictionary)
        let expected = try JSONSerialization.jsonObject(with: Data(try Self.expected(file).utf8)) as? NSDictionary
        #expect(ours == expected, "\(result.standardOutput)")
    }

    @Test("bad files are named on stderr and the table of the good runs is still printed")
    func malformedInputs() throws {
        let result = try Self.score(["table"] + Self.fixtureRuns + [Fixtures.path("results/malformed"), "--published", "iql-paper,corl"])
        #expect(result.status == 0)
        #expect(result.standardOutput == (try Self.expected("table-final.md")))
        let warnings = result.standardError.split(separator: "\n")
        #expect(warnings.count == 9 && warnings.allSatisfy { $0.hasPrefix("warning: ") && $0.contains("results/malformed/") })
        for file in ["truncated/result.json", "missing-key/result.json", "duplicate-seed/result.json", "short-run/result.json",
                     "unknown-dataset/result.json", "bad-rows.csv:2"] {
            #expect(result.standardError.contains(file), "no message names \(file)")
        }
    }

    @Test("nothing usable: every problem named, then one error line and status 1")
    func nothingUsable() throws {
        let empty = try TemporaryDirectory()
        let result = try Self.score(["table", empty.url.path])
        #expect(result.status == 1)
        #expect(result.standardError == "warning: \(empty.url.path): no result.json or score CSV in this directory\nError: no usable runs in \(empty.url.path)\n")
        #expect(result.standardOutput.isEmpty)
    }

    @Test("a CSV with only a header: the warning says so")
    func headerOnlyCSV() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("empty.csv")
        try "dataset,algorithm,seed,return\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try Self.score(["table", path])
        #expect(result.status == 1)
        #expect(result.standardError == "warning: \(path): no data rows below the header\nError: no usable runs in \(path)\n")
    }

    @Test func normalize() throws {
        let result = try Self.score(["normalize", "hopper_medium-v2.hdf5", "1627", "-20.272305"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == """
            hopper-medium-v2  random return -20.272305  expert return 3234.3
            return 1627 → score 50.61
            return -20.272305 → score 0.00
            mean score 25.31

            """)
    }

    @Test func reverse() throws {
        let result = try Self.score(["normalize", "hopper-medium-v2", "66.3", "--reverse"])
        #expect(result.standardOutput.hasSuffix("score 66.3 → return 2137.51\nmean return 2137.51\n"))
    }

    @Test func unknownName() throws {
        let result = try Self.score(["normalize", "hoper-medium-v2", "1"])
        #expect(result.status != 0)
        #expect(result.standardError.hasPrefix(
            "Error: unknown D4RL name 'hoper-medium-v2'; did you mean hopper-medium-v2, hopper-medium-v0, hopper-medium-v1?\n"))
    }

    @Test func unknownPublishedSource() throws {
        let result = try Self.score(["table", Fixtures.path("results/runs"), "--published", "iql-paper,rebrac"])
        #expect(result.status != 0 && result.standardError.contains("unknown --published source 'rebrac'"))
    }

    @Test("--published-version outside 0…9 or without --published is refused on one line")
    func publishedVersionDomain() throws {
        let runs = Fixtures.path("results/runs")
        for (arguments, message) in [(["--published", "iql-paper", "--published-version", "10"], "--published-version must be in 0…9, got 10"),
                                     (["--published-version", "2"], "--published-version needs --published")] {
            let result = try Self.score(["table", runs] + arguments)
            #expect(result.status != 0 && result.standardError.hasPrefix("Error: \(message)\n"), "\(result.standardError)")
        }
    }

    @Test("curves writes an SVG with a panel per dataset")
    func curves() throws {
        let directory = try TemporaryDirectory()
        let result = try Self.score(["curves", Fixtures.path("results/runs"), "--out", directory.path("c.svg"), "--band", "std"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "wrote \(directory.path("c.svg")): 2 panels (hopper-medium-v2, walker2d-medium-v2)\n")
        let svg = try String(contentsOfFile: directory.path("c.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\"") && svg.contains("band: ±1 std"))
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 4)
    }

    @Test("curves into an unwritable path: one Error line naming it and the reason")
    func curvesUnwritable() throws {
        let directory = try TemporaryDirectory()
        for (path, reason) in [(directory.path("missing/c.svg"), "No such file or directory"), (directory.path(""), "Is a directory")] {
            let result = try Self.score(["curves", Fixtures.path("results/runs"), "--out", path, "--overwrite"])
            #expect(result.status == 1)
            #expect(result.standardError == "Error: cannot write \(path): \(reason)\n")
        }
    }

    @Test("curves never replaces an existing file without --overwrite")
    func curvesKeepsExistingFiles() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("precious.hdf5")
        try Data("dataset".utf8).write(to: URL(fileURLWithPath: path))
        let refused = try Self.score(["curves", Fixtures.path("results/runs"), "--out", path])
        #expect(refused.status == 1 && refused.standardError == "Error: \(path) exists; pass --overwrite to replace it\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "dataset")
        let replaced = try Self.score(["curves", Fixtures.path("results/runs"), "--out", path, "--overwrite"])
        #expect(replaced.status == 0, "\(replaced.standardError)")
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("<svg"))
    }
}
