import Core
import Foundation
import HDF5
import TestSupport
import Testing

/// Every tool that reads a dataset, a checkpoint or a policy, run on the hostile and mutated
/// files of `Fixtures/fuzz/` (written by `tools/make_fuzz_corpus.py`; `manifest.json` says what
/// each file is and what h5py reads from it), under a 4 GB address-space limit and a timeout.
///
/// Every run must end by itself (no signal, no timeout) with status 0 or 1 and at most one
/// `Error:` line; files the manifest calls `ok` must be read, `error` ones refused. Where the
/// manifest records the values h5py reads, our reader must return the same float32 values.
struct FuzzCorpusToolTests {
    struct Manifest: Decodable {
        struct Entry: Decodable, Sendable, CustomTestStringConvertible {
            struct Values: Decodable, Sendable {
                var shape: [Int]
                var fnv1a64_f32: String
            }
            var file: String
            var kind: String
            var input: String
            var expect: String
            var expect_tree: String?
            var expect_training: String?
            var values: [String: Values]?
            var tree_mentions: [String]?
            var expect_warning: String?
            var testDescription: String { file }
        }
        var files: [Entry]
    }

    static let corpus = Fixtures.path("fuzz")
    static let manifest: [Manifest.Entry] = {
        let data = (try? Data(contentsOf: URL(fileURLWithPath: corpus + "/manifest.json"))) ?? Data()
        return (try? JSONDecoder().decode(Manifest.self, from: data))?.files ?? []
    }()

    /// One tool run and how it ended.
    struct Run {
        var command: String
        var status: Int32
        var standardOutput: String
        var errorLines: [String]
        /// Why the run breaks the rules that hold for every input, or nil.
        var violation: String? {
            switch status {
            case 124, 137: return "\(command): timed out"
            case 0, 1: return errorLines.count <= 1 ? nil : "\(command): \(errorLines.count) Error: lines"
            case let status where status > 128: return "\(command): killed by signal \(status - 128)"
            default: return "\(command): exit status \(status)"
            }
        }
    }

    /// Runs `tool` under `ulimit -v` 4 GB and a 60 s `timeout` (KILL), with libhdf5's hang guard
    /// at 5 s so that a loop inside it is reported long before.
    static func run(_ tool: String, _ arguments: [String]) throws -> Run {
        let executable = Tool.productsDirectory.appendingPathComponent(tool).path
        let result = try runProcess("sh", ["-c", "ulimit -v 4000000; exec timeout -s KILL 60 \"$@\"", "sh", executable] + arguments,
                                    environment: ["D4RL_IQL_LIBRARY_TIMEOUT": "5"])
        let errors = result.standardError.split(separator: "\n").map(String.init).filter { $0.hasPrefix("Error:") }
        return Run(command: ([tool] + arguments.map { URL(fileURLWithPath: $0).lastPathComponent }).joined(separator: " "),
                   status: result.status, standardOutput: result.standardOutput, errorLines: errors)
    }

    /// Expects `run` to keep the rules of every input and, for `ok`/`error`, the outcome asked.
    static func expect(_ run: Run, _ expectation: String?, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.violation == nil, "\(run.violation ?? "")", sourceLocation: sourceLocation)
        switch expectation {
        case "ok", "warn": #expect(run.status == 0, "\(run.command) should succeed: \(run.errorLines.first ?? "")", sourceLocation: sourceLocation)
        case "error": #expect(run.status == 1 && run.errorLines.count == 1, "\(run.command) should be refused with one line",
                              sourceLocation: sourceLocation)
        default: break
        }
    }

    @Test func manifestIsThere() {
        #expect(Self.manifest.count >= 100, "Fixtures/fuzz/manifest.json lists \(Self.manifest.count) files")
    }

    @Test("hostile datasets: d4rl-inspect (text, --json, --any-hdf5) and iql-train end cleanly; ok files are read, bad ones refused",
          arguments: manifest.filter { $0.input == "dataset" })
    func datasets(_ entry: Manifest.Entry) throws {
        let path = Self.corpus + "/" + entry.file
        Self.expect(try Self.run("d4rl-inspect", [path]), entry.expect)
        Self.expect(try Self.run("d4rl-inspect", ["--json", path]), entry.expect)
        let tree = try Self.run("d4rl-inspect", ["--any-hdf5", path])
        Self.expect(tree, entry.expect_tree)
        for mention in entry.tree_mentions ?? [] where tree.status == 0 {
            #expect(tree.standardOutput.contains(mention), "--any-hdf5 does not mention \(mention)")
        }
        guard let training = entry.expect_training else { return }
        let directory = try TemporaryDirectory()
        Self.expect(try Self.run("iql-train", [path, "--steps", "2", "--hidden-dims", "8,8", "--batch-size", "8",
                                               "--eval-env", "none", "-o", directory.path("run")]), training)
    }

    @Test("hostile Minari dataset directories: d4rl-inspect (text, --json) and iql-train end cleanly; warnings are shown",
          arguments: manifest.filter { $0.input == "minari" })
    func minariDatasets(_ entry: Manifest.Entry) throws {
        let path = Self.corpus + "/" + entry.file
        let text = try Self.run("d4rl-inspect", [path])
        Self.expect(text, entry.expect)
        Self.expect(try Self.run("d4rl-inspect", ["--json", path]), entry.expect)
        if let warning = entry.expect_warning {
            #expect(text.standardOutput.contains(warning), "d4rl-inspect \(entry.file) does not warn '\(warning)'")
        }
        let directory = try TemporaryDirectory()
        Self.expect(try Self.run("iql-train", [path, "--steps", "2", "--hidden-dims", "8,8", "--batch-size", "4",
                                               "--eval-env", "none", "-o", directory.path("run")]),
                    entry.expect == "ok" ? entry.expect_training ?? "ok" : entry.expect)
    }

    @Test("hostile sweep files: iql-sweep plan and run end cleanly; only the valid one is accepted",
          arguments: manifest.filter { $0.input == "sweep" })
    func sweeps(_ entry: Manifest.Entry) throws {
        let path = Self.corpus + "/" + entry.file
        Self.expect(try Self.run("iql-sweep", ["plan", path]), entry.expect)
        if entry.expect == "error" { Self.expect(try Self.run("iql-sweep", ["run", path]), entry.expect) }
    }

    @Test("hostile checkpoints: iql-eval and d4rl-inspect --any-hdf5 end cleanly; damaged ones are refused",
          arguments: manifest.filter { $0.input == "checkpoint" })
    func checkpoints(_ entry: Manifest.Entry) throws {
        let path = Self.corpus + "/" + entry.file
        Self.expect(try Self.run("iql-eval", [path, "--eval-episodes", "1"]), entry.expect)
        Self.expect(try Self.run("d4rl-inspect", ["--any-hdf5", path]), nil)
    }

    @Test("hostile SAC checkpoints: sac-train --resume --check ends cleanly; damaged ones are refused",
          arguments: manifest.filter { $0.input == "sac-checkpoint" })
    func sacCheckpoints(_ entry: Manifest.Entry) throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.path("run"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.corpus + "/" + entry.file, toPath: directory.path("run/checkpoint.h5"))
        Self.expect(try Self.run("sac-train", ["--env", "hopper", "--resume", "--check", "-o", directory.path("run")]), entry.expect)
        Self.expect(try Self.run("d4rl-inspect", ["--any-hdf5", Self.corpus + "/" + entry.file]), nil)
    }

    @Test("hostile policy files (behaviour and SAC policies): d4rl-collect ends cleanly; damaged ones are refused",
          arguments: manifest.filter { $0.input == "policy" || $0.input == "sac-policy" })
    func policies(_ entry: Manifest.Entry) throws {
        let directory = try TemporaryDirectory()
        Self.expect(try Self.run("d4rl-collect", ["--env", "hopper", "--policy", "stochastic:" + Self.corpus + "/" + entry.file,
                                                  "--transitions", "20", "--workers", "1", "-o", directory.path("out.hdf5")]), entry.expect)
    }

    @Test("legal but unusual layouts (custom float fields, big-endian, unallocated chunks, …) read as h5py reads them",
          arguments: manifest.filter { $0.expect == "ok" && $0.values != nil })
    func valuesMatchH5py(_ entry: Manifest.Entry) throws {
        let root = try File(opening: Self.corpus + "/" + entry.file).root()
        for (key, expected) in entry.values ?? [:] {
            let dataset = try root.dataset(key)
            var hash = ContentHash()
            hash.combine(try dataset.read(as: Float.self))
            #expect(dataset.shape == expected.shape, "\(key): shape \(dataset.shape)")
            #expect(hash.hex == expected.fnv1a64_f32, "\(key): our float32 values differ from h5py's")
        }
    }

    @Test("a FIFO or a directory given as the dataset is refused at once")
    func specialFiles() throws {
        let directory = try TemporaryDirectory()
        let fifo = directory.path("pipe.hdf5")
        #expect(mkfifo(fifo, 0o600) == 0)
        for (path, reason) in [(fifo, "is a FIFO (named pipe), not a regular file"), (directory.path(""), "a directory, but not a Minari dataset")] {
            for tool in [("d4rl-inspect", [path]), ("iql-train", [path, "-o", directory.path("run")])] {
                let run = try Self.run(tool.0, tool.1)
                #expect(run.status == 1 && run.errorLines.count == 1 && run.errorLines[0].contains(reason), "\(run.command): \(run.errorLines)")
            }
        }
    }
}
