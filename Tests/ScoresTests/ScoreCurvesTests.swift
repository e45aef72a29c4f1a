import Core
@testable import Scores
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Learning curves: seeds summarised at shared steps, round axis ticks, and a well-formed SVG.
struct ScoreCurvesTests {
    static func run(_ algorithm: String, seed: UInt64, _ points: [(Int, Double)]) -> RunRecord {
        RunRecord(
            dataset: "hopper-medium-v2", algorithm: algorithm, seed: seed, finalScore: points.last!.1,
            bestScore: points.map(\.1).max()!, curve: points.map { RunRecord.Point(step: $0.0, score: $0.1) }, file: "test")
    }

    static let runs = [
        run("IQL", seed: 0, [(1000, 10), (2000, 30), (3000, 50)]),
        run("IQL", seed: 1, [(2000, 50), (3000, 70)]),
        run("BC", seed: 0, [(1000, 5), (2000, 15)]),
    ]

    @Test("mean and min–max band at the steps every seed has")
    func minMaxBand() throws {
        let curves = LearningCurves(runs: Self.runs, band: .minmax)
        #expect(curves.algorithms == ["BC", "IQL"])
        let iql = try #require(curves.panels.first?.series.last)
        #expect(iql.algorithm == "IQL" && iql.seeds == 2)
        #expect(iql.steps == [2000, 3000] && iql.mean == [40, 60] && iql.lower == [30, 50] && iql.upper == [50, 70])
    }

    @Test("mean ± population std band")
    func stdBand() throws {
        let iql = try #require(LearningCurves(runs: Self.runs, band: .std).panels.first?.series.last)
        #expect(iql.lower == [30, 50] && iql.upper == [50, 70], "std of {30, 50} is 10")
    }

    @Test("ticks are 1, 2 or 5 × 10ᵏ apart and cover the data")
    func axisTicks() {
        #expect(AxisScale(low: 3, high: 97).ticks == [0, 20, 40, 60, 80, 100])
        #expect(AxisScale(low: 0, high: 1_000_000).ticks == [0, 200_000, 400_000, 600_000, 800_000, 1_000_000])
        #expect(AxisScale(low: 42.1, high: 44.4).ticks == [42, 42.5, 43, 43.5, 44, 44.5])
        #expect(AxisScale(low: 5, high: 5).ticks == [4, 4.5, 5, 5.5, 6])
        #expect([0, 250_000, 1_000_000, 12.5].map(AxisScale.label) == ["0", "250k", "1M", "12.5"])
    }

    @Test("the SVG is well-formed XML with one panel title, band and line per series")
    func svg() throws {
        let svg = LearningCurves(runs: Self.runs, band: .minmax).svg()
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2)
        #expect(svg.components(separatedBy: "<polygon").count - 1 == 2)
        for text in [">hopper-medium-v2<", ">training step<", ">normalised score<", ">IQL<", ">BC<", ">3k<"] {
            #expect(svg.contains(text), "\(text) missing")
        }
    }
}
