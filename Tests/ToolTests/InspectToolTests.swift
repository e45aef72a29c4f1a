import Foundation
import TestSupport
import Testing

/// `d4rl-inspect` run as a user runs it: `--json` against the Python sidecars (facts, every
/// dataset's layout as h5py reports it, numpy's per-dimension statistics, the suspicious data
/// the sidecar finds), the plain report, and one-line errors with a non-zero exit for bad input.
struct InspectToolTests {
    static let facts = sidecar("d4rl/expected.json")
    static let malformed = sidecar("malformed/expected.json")

    static func sidecar(_ relative: String) -> [String: [String: Any]] {
        ((try? JSONSerialization.jsonObject(
            with: Data(contentsOf: Fixtures.directory.appendingPathComponent(relative)))) as? [String: [String: Any]]) ?? [:]
    }

    static func inspect(_ arguments: [String]) throws -> ProcessResult { try Tool.run("d4rl-inspect", arguments) }

    /// The `--json` report of a fixture of `Fixtures/d4rl/`, with the sidecar's `max_episode_steps`.
    static func report(_ file: String) throws -> [String: Any] {
        let maxSteps = facts[file]!["max_episode_steps"] as! Int
        let result = try inspect([Fixtures.path("d4rl/\(file)"), "--json", "--max-episode-steps", "\(maxSteps)"])
        #expect(result.status == 0, "\(result.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    }

    static func jsonReport(_ result: ProcessResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    }

    @Test("--json holds the sidecar's sizes, episode counts (null where a key is absent), lengths and returns",
          arguments: facts.keys.sorted())
    func jsonMatchesSidecar(file: String) throws {
        let expected = Self.facts[file]!, report = try Self.report(file)
        for key in ["rows", "observation_dim", "action_dim", "episode_count"] {
            #expect(report[key] as? Int == expected[key] as? Int, "\(key)")
        }
        let qlearning = expected["qlearning"] as! [String: Any]
        #expect(report["qlearning_transitions"] as? Int == qlearning["transitions"] as? Int)
        let episodes = try #require(report["episodes"] as? NSDictionary)
        #expect(episodes == expected["episodes"] as! NSDictionary, "episodes \(episodes)")
        for (reportKey, sidecarKey) in [("lengths", "episode_lengths"), ("returns", "returns")] {
            let ours = try #require(report[reportKey] as? [String: Double]), theirs = expected[sidecarKey] as! [String: Double]
            for key in ["min", "mean", "max"] {
                #expect(abs(ours[key]! - theirs[key]!) <= 1e-5 * max(abs(theirs[key]!), 1), "\(reportKey).\(key)")
            }
        }
    }

    @Test("--json lists every dataset with h5py's dtype, shape, chunks and compression", arguments: facts.keys.sorted())
    func jsonDatasetsMatchH5py(file: String) throws {
        let expected = Self.facts[file]!["datasets"] as! [[String: Any]]
        let datasets = try #require(try Self.report(file)["datasets"] as? [[String: Any]])
        #expect(datasets.map { $0["path"] as? String } == expected.map { $0["path"] as? String })
        for (ours, theirs) in zip(datasets, expected) {
            let path = theirs["path"] as! String
            #expect(ours["dtype"] as? String == theirs["dtype"] as? String, "\(path) dtype")
            #expect(ours["shape"] as? [Int] == theirs["shape"] as? [Int], "\(path) shape")
            #expect(ours["chunks"] as? [Int] == theirs["chunks"] as? [Int], "\(path) chunks")
            #expect(ours["compression"] as? String == theirs["compression"] as? String, "\(path) compression")
            let filters = (theirs["compression_opts"] as? Int).map { ["gzip(\($0))"] } ?? []
            #expect(ours["filters"] as? [String] == filters, "\(path) filters")
        }
    }

    @Test("--json per-dimension min / max / mean / std equal numpy's", arguments: facts.keys.sorted())
    func jsonStatisticsMatchNumpy(file: String) throws {
        let expected = Self.facts[file]!, report = try Self.report(file)
        for (reportKey, sidecarKey) in [("observations", "observation_stats"), ("actions", "action_stats")] {
            let ours = try #require(report[reportKey] as? [[String: Double]]), theirs = expected[sidecarKey] as! [[String: Double]]
            #expect(ours.count == theirs.count, "\(reportKey) dims")
            for (dim, (column, truth)) in zip(ours, theirs).enumerated() {
                #expect(column["min"] == truth["min"] && column["max"] == truth["max"], "\(reportKey)[\(dim)] range")
                for key in ["mean", "std"] {
                    let error = abs(column[key]! - truth[key]!)
                    #expect(error <= 1e-12 * max(abs(truth[key]!), 1), "\(reportKey)[\(dim)].\(key) off by \(error)")
                }
            }
        }
    }

    @Test("--json warns about exactly what the sidecar finds suspicious", arguments: facts.keys.sorted())
    func jsonWarningsMatchSidecar(file: String) throws {
        let expected = Self.facts[file]!, report = try Self.report(file)
        #expect(report["non_finite"] as? NSDictionary == expected["non_finite"] as? NSDictionary)
        let facts = expected["warnings"] as! [String: Any]
        let maxSteps = expected["max_episode_steps"] as! Int
        var messages: Set<String> = []
        if facts["missing_timeouts"] as! Bool {
            messages.insert("no 'timeouts' key: episode ends assumed every \(maxSteps) steps (--max-episode-steps)")
        }
        let templates = [
            ("terminal_and_timeout", "%d rows are both terminal and timeout (first at row %d)"),
            ("timeout_without_reset", "timeouts out of sync with resets: %d timeout rows are not followed by a reset (first at row %d)"),
            ("reset_without_end", "timeouts out of sync with resets: %d resets have neither terminal nor timeout (first at row %d)"),
        ]
        for (key, template) in templates {
            guard let found = facts[key] as? [String: Int] else { continue }
            messages.insert(String(format: template, found["count"]!, found["first_row"]!))
        }
        let warnings = try #require(report["warnings"] as? [String])
        let normalised = warnings.filter { $0.hasPrefix("rewards look already normalised: ") }
        #expect(normalised.count == (facts["rewards_look_normalized"] as! Bool ? 1 : 0), "\(warnings)")
        #expect(Set(warnings).subtracting(normalised) == messages)
    }

    @Test("NaN/Inf values are counted and warned about once, with no spurious reset warning",
          arguments: ["nan-observations.hdf5", "inf-actions.hdf5"])
    func nonFiniteValues(file: String) throws {
        let expected = Self.malformed[file]!
        let key = expected["key"] as! String, row = expected["row"] as! Int, count = expected["count"] as! Int
        let result = try Self.inspect([Fixtures.path("malformed/\(file)"), "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let report = try Self.jsonReport(result)
        #expect(report["non_finite"] as? [String: Int] == [key: count])
        #expect(report["warnings"] as? [String] == ["'\(key)' holds \(count) NaN/Inf values (first at row \(row))"])
        let text = try Self.inspect([Fixtures.path("malformed/\(file)")]).standardOutput
        #expect(text.contains("  non-finite values         \(key) \(count)\n"), "\(text)")
    }

    @Test("--json gives metadata values and attributes as JSON values")
    func jsonValues() throws {
        let result = try Self.inspect([Fixtures.path("d4rl/hopper-medium-v2-mini.hdf5"), "--json"])
        let report = try Self.jsonReport(result)
        let datasets = try #require(report["datasets"] as? [[String: Any]])
        func value(_ path: String) -> Any? { datasets.first { $0["path"] as? String == path }?["value"] }
        #expect(value("/metadata/algorithm") as? String == "SAC")
        #expect(value("/metadata/iteration") as? Int == 1_000_000)
        #expect((report["groups"] as? [String: [String: Any]])?["/"]?["source"] as? String == "make_fixtures.py")
    }

    @Test("the plain report names the file's metadata and the summary, and lists the JSON's warnings")
    func plainReport() throws {
        let result = try Self.inspect([Fixtures.path("d4rl/hopper-medium-v2-mini.hdf5")])
        #expect(result.status == 0)
        for needle in ["/metadata/algorithm", "SAC", "/infos/qpos", "q-learning transitions", "2995", "episode return"] {
            #expect(result.standardOutput.contains(needle), "plain output lacks \(needle)")
        }
        let replay = "hopper-medium-replay-v2-mini.hdf5"
        let warnings = try #require(try Self.report(replay)["warnings"] as? [String])
        let text = try Self.inspect([Fixtures.path("d4rl/\(replay)")]).standardOutput
        #expect(text.hasSuffix((["Warnings"] + warnings.map { "  ! \($0)" }).joined(separator: "\n") + "\n"), "\(text)")
    }

    @Test("without timeouts, the warning names the episode length assumed", arguments: [nil, 150])
    func missingTimeouts(maxEpisodeSteps: Int?) throws {
        let options = maxEpisodeSteps.map { ["--max-episode-steps", "\($0)"] } ?? []
        let result = try Self.inspect([Fixtures.path("d4rl/hopper-medium-v0-mini.hdf5")] + options)
        let line = "  ! no 'timeouts' key: episode ends assumed every \(maxEpisodeSteps ?? 1000) steps (--max-episode-steps)\n"
        #expect(result.standardOutput.contains(line), "\(result.standardOutput)")
    }

    @Test("a file without q-learning transitions: d4rl-inspect counts 0, iql-train refuses it in one line")
    func noTransitions() throws {
        let path = Fixtures.path("malformed/no-transitions.hdf5")
        #expect(try Self.jsonReport(try Self.inspect([path, "--json"]))["qlearning_transitions"] as? Int == 0)
        let directory = try TemporaryDirectory()
        let result = try Tool.run("iql-train", [path, "--steps", "10", "--output", directory.path("run")])
        #expect(result.status == 1)
        #expect(result.standardError == "Error: no-transitions: no q-learning transitions: qlearning_dataset drops the last row "
            + "and every time-limit row, leaving none of 5 rows\n")
    }

    @Test("bad input: one line on stderr, non-zero exit", arguments: [
        "malformed/missing-actions.hdf5", "malformed/truncated.hdf5", "malformed/not-hdf5.hdf5", "malformed/wrong-rank.hdf5",
        "malformed/no-columns.hdf5", "does-not-exist.hdf5",
    ])
    func badInput(file: String) throws {
        let result = try Self.inspect([Fixtures.path(file)])
        #expect(result.status != 0)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(result.standardError)")
        #expect(result.standardError.contains(URL(fileURLWithPath: file).lastPathComponent))
    }

    @Test("bad input: the error says what is wrong", arguments: [
        ("d4rl", "a directory, but not a Minari dataset: no data/metadata.json in it"), ("does-not-exist.hdf5", "no such file"),
        ("malformed/no-columns.hdf5", "'observations' has shape [50, 0]: no columns"),
    ])
    func badInputReason(file: String, reason: String) throws {
        let path = Fixtures.path(file)
        let result = try Self.inspect([path])
        #expect(result.status == 1)
        #expect(result.standardError.hasPrefix("Error: \(path)") && result.standardError.hasSuffix(": \(reason)\n"),
                "stderr: \(result.standardError)")
    }

    @Test func help() throws {
        let result = try Self.inspect(["--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("--json"))
    }
}
