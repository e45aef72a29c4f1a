import Core
import Scores
import Foundation
import TestSupport
import Testing

/// The compiled-in tables (`ReferenceScores+Table.swift`, `PublishedScores+Table.swift`, generated
/// by `tools/make_reference_scores.py`) hold exactly the rows of the TSV files: the copy in
/// `Fixtures/reference/` and, when present, the shared original in `../shared/reference/`.
struct ScoreReferenceTableTests {
    static let directories = [
        Fixtures.path("reference"),
        Fixtures.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/reference").path,
    ].filter { FileManager.default.fileExists(atPath: $0 + "/d4rl_ref_scores.tsv") }

    /// The rows of a TSV file below its header, as fields.
    static func rows(_ path: String) throws -> [[String]] {
        try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst()
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test("every reference row is compiled in, in order", arguments: directories)
    func referenceScores(directory: String) throws {
        let expected = try Self.rows(directory + "/d4rl_ref_scores.tsv").map { fields in
            ReferenceScore(name: fields[0], randomReturn: Double(fields[1])!, expertReturn: Double(fields[2])!)
        }
        #expect(expected.count == 147)
        #expect(ReferenceScores.all == expected)
    }

    @Test("every published row is compiled in, in order", arguments: directories)
    func publishedScores(directory: String) throws {
        let rows = try Self.rows(directory + "/published_scores.tsv")
        #expect(PublishedScores.all.count == rows.count)
        for (score, fields) in zip(PublishedScores.all, rows) {
            #expect([score.algorithm, score.dataset, score.source] == [fields[0], fields[1], fields[4]])
            #expect(score.score == Double(fields[2]) && score.std == Double(fields[3]), "\(fields)")
        }
    }

    @Test func publishedSources() {
        #expect(PublishedScores.scores(of: .iqlPaper)["antmaze-umaze-v0"]?.score == 87.5)
        let corlHopper = PublishedScores.scores(of: .corl)["hopper-medium-v2"]
        #expect(corlHopper?.score == 67.53 && corlHopper?.std == 3.78)
        #expect(PublishedScores.scores(of: .corl)["antmaze-umaze-v0"] == nil, "CORL reports -v2 antmaze only")
        #expect(PublishedScores.scores(of: .cql).count == 9)
    }
}
