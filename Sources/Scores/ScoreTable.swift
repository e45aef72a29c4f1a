import Core
/// The benchmark table papers print: rows = datasets, columns = algorithms, cells = mean ± std
/// of the normalised score (×100) over seeds, then published columns, and per-domain total and
/// average rows.
///
/// - Cell of runs: mean = Σ sᵢ / n and std = √(Σ (sᵢ − mean)² / n) (population std, as CORL
///   prints) over the n seeds' scores sᵢ under the chosen `ScoreMetric`.
/// - Published cell: the score of `published_scores.tsv` for exactly that name (a -v0 result is
///   never shown in a -v2 row). With `publishedVersion` N, a row whose name has no version
///   (`hopper-medium`: data made here with D4RL's recipe) shows the score of `<name>-vN`, and the
///   caption says so.
/// - Domain rows, for a domain with at least two dataset rows: total = Σ of the column's means
///   over the domain's rows, average = total / rows; empty where the column misses a row.
/// - Best cells: those with the row's highest mean (all of them on a tie).
///
/// Rows are ordered by `DatasetOrder`; algorithm columns by name, then published columns in the
/// order asked for.
public struct ScoreTable: Sendable {
    /// One table cell.
    public struct Cell: Hashable, Sendable, Encodable {
        public var mean: Double
        /// Over seeds; nil for totals and for published numbers without one.
        public var std: Double?
        /// Seeds behind the cell; nil for totals and published numbers.
        public var seeds: Int?
    }

    /// What a row holds.
    public enum RowKind: String, Sendable, Codable {
        case dataset, total, average
    }

    /// One table row: a dataset, or a domain's total or average.
    public struct Row: Sendable {
        /// The dataset name, or e.g. `locomotion total`.
        public var label: String
        public var kind: RowKind
        public var domain: String
        /// One cell per column; nil where there is no number.
        public var cells: [Cell?]

        /// The columns holding the row's highest mean.
        public var bestColumns: Set<Int> {
            let best = cells.compactMap { $0?.mean }.max()
            return Set(cells.indices.filter { cells[$0] != nil && cells[$0]?.mean == best })
        }
    }

    public var metric: ScoreMetric
    /// The D4RL version whose published scores unversioned rows show, when one was asked for and
    /// some row has no version.
    public var publishedVersion: Int?
    /// Algorithm names, then published column titles.
    public var columns: [String]
    public var rows: [Row]

    /// The table of `runs` under `metric`, with the columns of `published`; rows without a version
    /// compare with D4RL's `-v<publishedVersion>` files when that is given.
    public init(runs: [RunRecord], metric: ScoreMetric, published: [PublishedScores.Source] = [], publishedVersion: Int? = nil) {
        self.metric = metric
        let algorithms = Set(runs.map(\.algorithm)).sorted()
        columns = algorithms + published.map(\.columnTitle)
        let datasets = Set(runs.map(\.dataset)).sorted { DatasetOrder($0) < DatasetOrder($1) }
        let publishedScores = published.map(PublishedScores.scores(of:))
        let datasetRows = datasets.map { dataset in
            let measured = algorithms.map { algorithm in
                Self.seedCell(runs.filter { $0.dataset == dataset && $0.algorithm == algorithm }.map { $0.score(metric) })
            }
            let order = DatasetOrder(dataset)
            let name = publishedVersion.map { order.hasVersion ? dataset : "\(dataset)-v\($0)" } ?? dataset
            let quoted = publishedScores.map { scores in scores[name].map { Cell(mean: $0.score, std: $0.std) } }
            return Row(label: dataset, kind: .dataset, domain: order.domain, cells: measured + quoted)
        }
        rows = Self.withDomainRows(datasetRows)
        let unversioned = datasets.contains { !DatasetOrder($0).hasVersion }
        self.publishedVersion = published.isEmpty || !unversioned ? nil : publishedVersion
    }

    /// Mean and population std of `scores`; nil when there are none.
    static func seedCell(_ scores: [Double]) -> Cell? {
        guard !scores.isEmpty else { return nil }
        let n = Double(scores.count)
        let mean = scores.reduce(0, +) / n
        let variance = scores.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        return Cell(mean: mean, std: variance.squareRoot(), seeds: scores.count)
    }

    /// The dataset rows with each domain's total and average rows after the domain's datasets.
    private static func withDomainRows(_ datasetRows: [Row]) -> [Row] {
        var rows: [Row] = []
        for (index, row) in datasetRows.enumerated() {
            rows.append(row)
            let endsDomain = index + 1 == datasetRows.count || datasetRows[index + 1].domain != row.domain
            let domainRows = datasetRows.filter { $0.domain == row.domain }
            if endsDomain, domainRows.count >= 2 { rows += summaryRows(domainRows) }
        }
        return rows
    }

    /// The total and average rows of one domain's dataset rows.
    private static func summaryRows(_ domainRows: [Row]) -> [Row] {
        let domain = domainRows[0].domain, count = Double(domainRows.count)
        let totals: [Double?] = domainRows[0].cells.indices.map { column in
            let means = domainRows.compactMap { $0.cells[column]?.mean }
            return means.count == domainRows.count ? means.reduce(0, +) : nil
        }
        return [
            Row(label: "\(domain) total", kind: .total, domain: domain, cells: totals.map { $0.map { Cell(mean: $0) } }),
            Row(label: "\(domain) average", kind: .average, domain: domain, cells: totals.map { $0.map { Cell(mean: $0 / count) } }),
        ]
    }
}
