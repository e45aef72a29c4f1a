import Core
@testable import Scores
import TestSupport
import Testing

/// Score tables from the fixture runs (`Fixtures/results/`, written by `tools/expected_tables.py`)
/// and from small hand-made sets; the rendered text is checked byte for byte in `ScoreToolTests`.
struct ScoreTableTests {
    static let fixturePaths = [Fixtures.path("results/runs"), Fixtures.path("results/other-tools.csv")]

    static func run(_ dataset: String, _ algorithm: String, seed: UInt64, score: Double) -> RunRecord {
        RunRecord(dataset: dataset, algorithm: algorithm, seed: seed, finalScore: score, bestScore: score, curve: [], file: "test")
    }

    @Test("mean and population std over seeds")
    func seedCell() throws {
        // scores 1, 2, 3, 4: mean 2.5, variance (2.25 + 0.25 + 0.25 + 2.25)/4 = 1.25
        let cell = try #require(ScoreTable.seedCell([1, 2, 3, 4]))
        #expect(cell.mean == 2.5 && cell.std == 1.25.squareRoot() && cell.seeds == 4)
        #expect(ScoreTable.seedCell([]) == nil)
    }

    @Test func fixtureTableLayout() {
        let collection = RunCollection(paths: Self.fixturePaths)
        #expect(collection.runs.count == 20 && collection.problems.isEmpty, "\(collection.problems)")
        let table = ScoreTable(runs: collection.runs, metric: .final, published: [.iqlPaper])
        #expect(table.columns == ["BC", "IQL", "TD3+BC", "IQL (paper)"])
        #expect(table.rows.map(\.label) == [
            "hopper-medium-v2", "walker2d-medium-v2", "locomotion total", "locomotion average", "antmaze-umaze-v0",
        ])
        let antmaze = table.rows[4]
        #expect(antmaze.cells.map { $0?.mean } == [nil, nil, 50, 87.5])
        #expect(antmaze.cells[2]?.std == 50 && antmaze.cells[2]?.seeds == 2)
        #expect(antmaze.bestColumns == [3])
    }

    @Test("a domain total is the sum of the column's means, empty where one is missing")
    func domainRows() {
        let runs = [
            Self.run("hopper-medium-v2", "A", seed: 0, score: 60), Self.run("hopper-medium-v2", "A", seed: 1, score: 70),
            Self.run("walker2d-medium-v2", "A", seed: 0, score: 80),
            Self.run("hopper-medium-v2", "B", seed: 0, score: 90),
        ]
        let table = ScoreTable(runs: runs, metric: .final)
        #expect(table.rows.map(\.label) == ["hopper-medium-v2", "walker2d-medium-v2", "locomotion total", "locomotion average"])
        #expect(table.rows[2].cells.map { $0?.mean } == [145, nil])
        #expect(table.rows[3].cells.map { $0?.mean } == [72.5, nil])
        #expect(table.rows[0].bestColumns == [1])
    }

    @Test("publishedVersion: an unversioned row shows the -vN file's published scores and the caption says so; versioned rows keep their own")
    func publishedVersion() {
        let runs = [Self.run("hopper-medium", "IQL", seed: 0, score: 50), Self.run("hopper-medium-v0", "IQL", seed: 0, score: 40)]
        let compared = ScoreTable(runs: runs, metric: .final, published: [.iqlPaper, .corl], publishedVersion: 2)
        #expect(compared.rows.map(\.label) == ["hopper-medium-v0", "hopper-medium", "locomotion total", "locomotion average"]
                || compared.rows.map(\.label) == ["hopper-medium", "hopper-medium-v0", "locomotion total", "locomotion average"])
        let unversioned = compared.rows.first { $0.label == "hopper-medium" }
        // ../shared/reference/published_scores.tsv: IQL paper 66.3; CORL 67.53 ± 3.78 for hopper-medium-v2
        #expect(unversioned?.cells.map { $0?.mean } == [50, 66.3, 67.53])
        #expect(unversioned?.cells[2]?.std == 3.78)
        #expect(compared.rows.first { $0.label == "hopper-medium-v0" }?.cells.dropFirst().allSatisfy { $0 == nil } == true)
        #expect(compared.caption.hasSuffix("Published numbers in rows without a version are those of D4RL's -v2 file of that name."))
        let plain = ScoreTable(runs: runs, metric: .final, published: [.iqlPaper])
        #expect(plain.rows.first { $0.label == "hopper-medium" }?.cells[1] == nil)
        #expect(plain.caption.hasSuffix("best per row in bold."))
        let versioned = ScoreTable(runs: [Self.run("hopper-medium-v2", "IQL", seed: 0, score: 50)], metric: .final,
                                   published: [.iqlPaper], publishedVersion: 2)
        #expect(versioned.publishedVersion == nil && versioned.rows[0].cells[1]?.mean == 66.3)
    }

    @Test("--metric best takes each run's best evaluation")
    func bestMetric() {
        var run = Self.run("hopper-medium-v2", "A", seed: 0, score: 50)
        run.bestScore = 75
        #expect(ScoreTable(runs: [run], metric: .best).rows[0].cells[0]?.mean == 75)
        #expect(ScoreTable(runs: [run], metric: .final).rows[0].cells[0]?.mean == 50)
    }

    @Test("ties are all bold")
    func ties() {
        let runs = [Self.run("hopper-medium-v2", "A", seed: 0, score: 50), Self.run("hopper-medium-v2", "B", seed: 0, score: 50)]
        let markdown = ScoreTable(runs: runs, metric: .final).markdown()
        #expect(markdown.contains("| hopper-medium-v2 | **50.0 ± 0.0 (1)** | **50.0 ± 0.0 (1)** |"))
    }

    @Test("rows by domain, robot, quality, version")
    func datasetOrder() {
        let expected = [
            "halfcheetah-medium-v2", "hopper-random-v2", "hopper-medium-v0", "hopper-medium-v2",
            "hopper-medium-replay-v2", "hopper-medium-expert-v2", "walker2d-medium-v2", "ant-medium-v2",
            "antmaze-umaze-v0", "antmaze-umaze-diverse-v0", "antmaze-large-diverse-v2", "kitchen-complete-v0",
            "kitchen-mixed-v0", "pen-human-v1", "pen-cloned-v1", "door-human-v1", "maze2d-open-v0", "maze2d-large-v1",
            "bullet-hopper-medium-v0", "flow-ring-random-v0",
        ]
        #expect(expected.reversed().sorted { DatasetOrder($0) < DatasetOrder($1) } == expected)
        let bullet = DatasetOrder("bullet-hopper-medium-replay-v0")
        #expect([bullet.domain, bullet.robot, bullet.quality] == ["bullet", "hopper", "medium-replay"] && bullet.version == 0)
    }

    @Test func latexEscaping() {
        #expect(ScoreTable.latexEscaped("a_b & 50% #1 {x} $") == "a\\_b \\& 50\\% \\#1 \\{x\\} \\$")
    }

    @Test func jsonRendering() throws {
        let table = ScoreTable(runs: [Self.run("antmaze-umaze-v0", "A", seed: 0, score: 80)], metric: .final, published: [.iqlPaper])
        let json = try table.json()
        for needle in ["\"metric\" : \"final\"", "\"columns\" : [", "\"IQL (paper)\"", "\"mean\" : 87.5", "\"seeds\" : 1", "\"best\" : ["] {
            #expect(json.contains(needle), "\(needle) missing from \(json)")
        }
    }
}
