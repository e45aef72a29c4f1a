import Core
@testable import D4RL
import Foundation
import TestSupport
import Testing

/// What this toolkit writes as Minari (`d4rl-convert to-minari`, `d4rl-collect --format minari`)
/// loaded by the real minari package (`tools/minari_facts.py`, pinned in
/// `tools/requirements-minari-read.txt`) and by our reader: both must read the same numbers.
@Suite(.enabled(if: MinariFacts.isAvailable || MinariFacts.isRequired, "minari is not importable"))
struct MinariInteropTests {
    static func written(_ tool: String, _ arguments: [String], in directory: TemporaryDirectory) throws -> (MinariDataset, MinariFacts) {
        let output = directory.path("dataset")
        let result = try Tool.run(tool, arguments + ["-o", output])
        #expect(result.status == 0, "\(tool): \(result.standardError)")
        return (try MinariDataset(at: MinariLocation(dataDirectory: output + "/data")), try MinariFacts.read(output))
    }

    @Test("a D4RL file converted by d4rl-convert to-minari: minari reads what our reader reads, every row kept")
    func converted() throws {
        let directory = try TemporaryDirectory()
        let (ours, facts) = try Self.written("d4rl-convert", ["to-minari", Fixtures.path("d4rl/hopper-medium-v2-mini.hdf5"),
                                                             "--dataset-id", "d4rl/hopper/medium-mini-v0"], in: directory)
        MinariReaderTests.expect(ours, toMatch: facts)
        #expect(facts.dataset_id == "d4rl/hopper/medium-mini-v0" && facts.total_steps == 3000)
        #expect(facts.ref_min_score == -20.272305 && facts.ref_max_score == 3234.3, "D4RL's hopper reference returns")
    }

    @Test("a dataset collected by d4rl-collect --format minari: minari reads what our reader reads")
    func collected() throws {
        let directory = try TemporaryDirectory()
        let (ours, facts) = try Self.written("d4rl-collect", ["--env", "hopper", "--policy", "random", "--transitions", "300",
                                                             "--seed", "3", "--workers", "1", "--format", "minari",
                                                             "--dataset-id", "test/hopper/random-v0"], in: directory)
        MinariReaderTests.expect(ours, toMatch: facts)
        #expect(facts.total_steps == 300 && facts.terminated_episodes > 0)
        #expect(facts.ref_min_score == -20.272305 && facts.ref_max_score == 3234.3)
    }

    @Test("a Minari fixture through to-d4rl and back: minari reads the same episodes, rewards rounded to float32")
    func roundTrip() throws {
        let directory = try TemporaryDirectory()
        let d4rl = directory.path("hopper.hdf5")
        let source = Fixtures.path("minari/fixtures/hopper/random-v0")
        #expect(try Tool.run("d4rl-convert", ["to-d4rl", source, "-o", d4rl]).status == 0)
        let (ours, facts) = try Self.written("d4rl-convert", ["to-minari", d4rl, "--dataset-id", "fixtures/hopper/random-v0",
                                                             "--env-id", "Hopper-v5", "--max-episode-steps", "25"], in: directory)
        MinariReaderTests.expect(ours, toMatch: facts)
        let original = try #require(MinariFacts.fixtures["fixtures/hopper/random-v0"])
        #expect(facts.episodes.map(\.length) == original.episodes.map(\.length))
        #expect(facts.episodes.map(\.terminated) == original.episodes.map(\.terminated))
        #expect(facts.episodes.map(\.truncated) == original.episodes.map(\.truncated))
        #expect(facts.episodes.map(\.first_observation) == original.episodes.map(\.first_observation).map { $0.map { Double(Float($0)) } })
        for (back, first) in zip(facts.episodes, original.episodes) {
            #expect(abs(back.return - first.return) <= 1e-5 * max(1, abs(first.return)), "episode \(first.id)")
        }
    }
}
