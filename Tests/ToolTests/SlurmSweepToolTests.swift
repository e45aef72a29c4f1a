import Foundation
import TestSupport
import Testing

/// `iql-sweep --executor slurm` against a real one-node Slurm cluster that `tools/slurm-local.sh`
/// starts on this machine (Debian's slurm-wlm and munge; CI installs them through the script).
/// The same sweep run locally and as a job array must give identical tables, and a cancelled
/// task must be finished by `run` again without repeating the done runs.
@Suite(.enabled(if: SlurmCluster.isAvailable || SlurmCluster.isRequired, "slurmctld is not installed (tools/slurm-local.sh start installs it)"),
       .serialized)
struct SlurmSweepToolTests {
    @Test("a job array gives the local executor's table; scancel of a task, then run, finishes the sweep")
    func jobArray() throws {
        let cluster = try SlurmCluster.start()
        defer { cluster.stop() }
        let local = try TemporaryDirectory(), slurm = try TemporaryDirectory()
        let localFile = try SweepToolTests.sweepFile(in: local), slurmFile = try SweepToolTests.sweepFile(in: slurm)
        #expect(try SweepToolTests.sweep(["run", localFile, "--jobs", "2"]).status == 0)

        let submitted = try SweepToolTests.sweep(["run", slurmFile, "--executor", "slurm", "--array-limit", "2", "--time", "00:10:00"],
                                                 environment: cluster.environment)
        #expect(submitted.status == 0, "\(submitted.standardError)")
        #expect(submitted.standardOutput.contains("submitted job array ") && submitted.standardOutput.contains("indices 0-3"))
        let script = try String(contentsOfFile: try #require(try Self.scripts(in: slurm).first), encoding: .utf8)
        for line in ["#SBATCH --array=0-3%2", "#SBATCH --signal=B:TERM@120", "#SBATCH --requeue", "#SBATCH --time=00:10:00"] {
            #expect(script.contains(line + "\n"), "the batch script lacks \(line)")
        }
        try Self.waitUntil(slurmFile, cluster: cluster, says: "4 done")
        for file in [localFile, slurmFile] { #expect(try SweepToolTests.sweep(["report", file]).status == 0) }
        let tables = try [local, slurm].map { try String(contentsOfFile: $0.path("demo/report/table-final.md"), encoding: .utf8) }
        #expect(tables[0] == tables[1], "the Slurm sweep's table differs from the local one's")
        for run in ["iql-seed0", "iql-seed1", "bc-seed0", "bc-seed1"] {
            let path = "/demo/runs/hopper-medium-v2-mini-\(run)/eval.csv"
            #expect(try String(contentsOfFile: local.url.path + path, encoding: .utf8)
                    == String(contentsOfFile: slurm.url.path + path, encoding: .utf8), "\(run): evaluations differ")
        }
        let again = try SweepToolTests.sweep(["run", slurmFile, "--executor", "slurm"], environment: cluster.environment)
        #expect(again.standardOutput == "4 runs: 4 done, 0 queued or running, 0 to run\n", "a done sweep submits nothing")
    }

    @Test("scancel of one running task: status shows it failed, run submits only it, and the sweep finishes")
    func cancelledTask() throws {
        let cluster = try SlurmCluster.start()
        defer { cluster.stop() }
        let directory = try TemporaryDirectory()
        let file = try SweepToolTests.sweepFile(in: directory, steps: 20000)
        let submitted = try SweepToolTests.sweep(["run", file, "--executor", "slurm", "--array-limit", "2"], environment: cluster.environment)
        let job = try #require(submitted.standardOutput.split(separator: " ").drop { $0 != "array" }.dropFirst().first)
        try Self.waitUntil(file, cluster: cluster, says: "hopper-medium-v2-mini-iql-seed0  running, step")
        let cancel = try runProcess("scancel", ["\(job)_0"], environment: cluster.environment)
        #expect(cancel.status == 0, "\(cancel.standardError)")
        try Self.waitUntil(file, cluster: cluster, says: "3 done, 1 failed")
        let status = try SweepToolTests.sweep(["status", file], environment: cluster.environment)
        #expect(status.standardOutput.contains("hopper-medium-v2-mini-iql-seed0  failed"), "\(status.standardOutput)")
        let resubmitted = try SweepToolTests.sweep(["run", file, "--executor", "slurm"], environment: cluster.environment)
        #expect(resubmitted.standardOutput.contains("4 runs: 3 done, 0 queued or running, 1 to run"), "\(resubmitted.standardOutput)")
        #expect(resubmitted.standardOutput.contains("(1 tasks, indices 0)"))
        try Self.waitUntil(file, cluster: cluster, says: "4 done")
        let log = try String(contentsOfFile: directory.path("demo/runs/hopper-medium-v2-mini-iql-seed0/stdout.log"), encoding: .utf8)
        #expect(log.contains("stopped by SIGTERM at step"), "the cancelled run did not checkpoint: \(log.suffix(600))")
        #expect(log.components(separatedBy: "steps 0 → 20000").count == 2 && log.contains("trained 20000 steps"),
                "the cancelled run did not resume from its checkpoint: \(log.suffix(600))")
    }

    /// The batch scripts `run --executor slurm` wrote for the sweep in `directory`.
    static func scripts(in directory: TemporaryDirectory) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path("demo/slurm")).filter { $0.hasSuffix(".sh") }.sorted()
            .map { directory.path("demo/slurm/" + $0) }
    }

    /// Polls `iql-sweep status` until its output contains `text` (at most 180 s).
    static func waitUntil(_ file: String, cluster: SlurmCluster, says text: String) throws {
        let deadline = Date().addingTimeInterval(180)
        var last = ""
        while Date() < deadline {
            last = try SweepToolTests.sweep(["status", file], environment: cluster.environment).standardOutput
            if last.contains(text) { return }
            Thread.sleep(forTimeInterval: 0.5)
        }
        Issue.record("after 180 s, status never said '\(text)':\n\(last)")
        throw SlurmCluster.Timeout()
    }
}

/// The one-node cluster of `tools/slurm-local.sh`, started for a test and stopped after it
/// (unless it was already running, then it is left as it was).
struct SlurmCluster {
    var environment: [String: String]
    var startedHere: Bool

    static let script = Fixtures.packageRoot.appendingPathComponent("tools/slurm-local.sh").path

    static var isAvailable: Bool {
        ["/usr/sbin/slurmctld", "/usr/bin/slurmctld"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// In CI the cluster must come up (the script installs the packages).
    static var isRequired: Bool { PythonH5py.isRequired }

    struct Timeout: Error {}

    struct StartFailed: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts the cluster (idempotent) and reads the client environment the script prints.
    static func start() throws -> SlurmCluster {
        let wasRunning = (try? runProcess("sh", [script, "status"]).status) == 0
        let result = try runProcess("sh", [script, "start"])
        guard result.status == 0 else { throw StartFailed(description: "slurm-local.sh start: \(result.standardError)") }
        var environment: [String: String] = [:]
        for line in result.standardOutput.split(separator: "\n") where line.hasPrefix("export ") {
            let assignment = line.dropFirst("export ".count).split(separator: "=", maxSplits: 1)
            if assignment.count == 2 { environment[String(assignment[0])] = String(assignment[1]).trimmingCharacters(in: CharacterSet(charactersIn: "'\"")) }
        }
        return SlurmCluster(environment: environment, startedHere: !wasRunning)
    }

    func stop() {
        if startedHere { _ = try? runProcess("sh", [Self.script, "stop"]) }
    }
}
