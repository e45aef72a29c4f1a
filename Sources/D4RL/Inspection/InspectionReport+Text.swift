import Foundation

extension InspectionReport {
    /// The report as aligned plain text: tree, metadata, D4RL summary,
    /// per-dimension statistics and warnings.
    public func text() -> String {
        var lines = ["\(tree.file)", ""]
        lines += treeSection()
        let warnings = tree.warnings + (summary?.warnings.map(\.description) ?? []) + (minari?.warnings ?? [])
        if let summary {
            lines += [""] + Self.summarySection(summary)
            lines += [""] + Self.statisticsSection("Observations", summary.observationStatistics)
            lines += [""] + Self.statisticsSection("Actions", summary.actionStatistics)
            lines += [""] + (warnings.isEmpty ? ["Warnings: none"] : ["Warnings"] + warnings.map { "  ! \($0)" })
        } else if let minari {
            lines += [""] + Self.minariSection(minari)
            let keys = minari.observationKeys.map { "\($0.key) \($0.width)" }.joined(separator: ", ")
            lines += [""] + Self.statisticsSection("Observations", minari.observationStatistics, keys: keys)
            lines += [""] + Self.statisticsSection("Actions", minari.actionStatistics)
            lines += [""] + (warnings.isEmpty ? ["Warnings: none"] : ["Warnings"] + warnings.map { "  ! \($0)" })
        } else {
            if !warnings.isEmpty { lines += ["", "Warnings"] + warnings.map { "  ! \($0)" } }
            if let problem { lines += ["", "Not a D4RL dataset: \(problem)"] }
        }
        return lines.joined(separator: "\n")
    }

    private func treeSection() -> [String] {
        let header = ["path", "dtype", "shape", "chunks", "compression"]
        let rows = tree.datasets.map { entry in
            [entry.path, entry.dtype ?? "", Self.tuple(entry.shape ?? []),
             entry.chunks.map(Self.tuple) ?? "contiguous", entry.filters.isEmpty ? "none" : entry.filters.joined(separator: ", ")]
        }
        var lines = ["Datasets"] + Self.table(header: header, rows: rows, rightAligned: [])
        let values = tree.datasets.compactMap { entry in entry.value.map { "  \(entry.path) = \($0)" } }
        if !values.isEmpty { lines += ["", "Values"] + values }
        let attributes = tree.entries.flatMap { entry in entry.attributes.map { "  \(entry.path) @\($0.name) = \($0.value)" } }
        if !attributes.isEmpty { lines += ["", "Attributes"] + attributes }
        let links = tree.links.map { "  \($0.path)  \($0.target ?? "")" }
        if !links.isEmpty { lines += ["", "Links"] + links }
        return lines
    }

    private static func summarySection(_ summary: DatasetSummary) -> [String] {
        let counts = summary.episodeCounts
        var ends = ["terminals \(counts.terminals)"]
        ends.append("timeouts " + (counts.timeouts.map(String.init) ?? "n/a (no key)"))
        ends.append("next-observation mismatches " + (counts.nextObservationMismatches.map(String.init) ?? "n/a (no key)"))
        let rows: [[String]] = [
            ["rows", "\(summary.rows)"],
            ["observation / action dim", "\(summary.observationDim) / \(summary.actionDim)"],
            ["q-learning transitions", "\(summary.qLearningTransitions)"],
            ["episode ends by", ends.joined(separator: " · ")],
            ["episodes", "\(summary.episodeCount) (split at terminals and timeouts)"],
            ["episode length", summary.episodeLengths.map { "min \(Int($0.min)) · mean \(number($0.mean, digits: 1)) · max \(Int($0.max))" } ?? "n/a"],
            ["episode return", summary.episodeReturns.map { range(of: $0, digits: 2) } ?? "n/a"],
            ["non-finite values", summary.nonFiniteCounts.isEmpty ? "none"
                : summary.nonFiniteCounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")],
        ]
        return ["D4RL summary (\(summary.name))"] + table(header: nil, rows: rows, rightAligned: [])
    }

    private static func minariSection(_ summary: MinariSummary) -> [String] {
        let references = summary.refMinScore.map { low in
            "min \(low) · max " + (summary.refMaxScore.map { "\($0)" } ?? "n/a")
        } ?? "none (ref_min_score / ref_max_score absent)"
        var rows: [[String]] = [
            ["environment", summary.environmentID ?? "none (no env_spec)"],
            ["minari version", summary.minariVersion],
            ["algorithm", summary.algorithmName ?? "n/a"],
            ["observation space", summary.observationSpace ?? "n/a"],
            ["action space", summary.actionSpace ?? "n/a"],
            ["reference scores", references],
            ["episodes", "\(summary.episodeCount) (ended by termination \(summary.terminatedEpisodes) · by truncation \(summary.truncatedEpisodes))"],
            ["steps", "\(summary.steps) (each a transition; s′ from the T + 1 stored observations)"],
            ["episode length", summary.episodeLengths.map { "min \(Int($0.min)) · mean \(number($0.mean, digits: 1)) · max \(Int($0.max))" } ?? "n/a"],
            ["episode return", summary.episodeReturns.map { range(of: $0, digits: 2) } ?? "n/a"],
            ["non-finite values", summary.nonFiniteCounts.isEmpty ? "none"
                : summary.nonFiniteCounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")],
        ]
        if !summary.author.isEmpty { rows.insert(["author", summary.author.joined(separator: ", ")], at: 3) }
        return ["Minari summary (\(summary.datasetID); the tree shows episode_0's layout)"] + table(header: nil, rows: rows, rightAligned: [])
    }

    private static func statisticsSection(_ title: String, _ columns: [DatasetSummary.ColumnStatistics], keys: String? = nil) -> [String] {
        let rows = columns.enumerated().map { index, column in
            ["\(index)"] + [column.min, column.max, column.mean, column.std].map { number($0, digits: 4) }
        }
        return ["\(title) (\(columns.count) dims\(keys.map { "; keys " + $0 } ?? ""))"]
            + table(header: ["dim", "min", "max", "mean", "std"], rows: rows, rightAligned: Set(0..<5))
    }

    private static func range(of range: DatasetSummary.Range, digits: Int) -> String {
        "min \(number(range.min, digits: digits)) · mean \(number(range.mean, digits: digits)) · max \(number(range.max, digits: digits))"
    }

    private static func number(_ value: Double, digits: Int) -> String {
        value.isFinite ? String(format: "%.\(digits)f", value) : "\(value)"
    }

    private static func tuple(_ values: [Int]) -> String {
        "(" + values.map(String.init).joined(separator: ", ") + (values.count == 1 ? ",)" : ")")
    }

    /// Columns padded to their widest cell, two spaces apart, indented by two.
    private static func table(header: [String]?, rows: [[String]], rightAligned: Set<Int>) -> [String] {
        let all = (header.map { [$0] } ?? []) + rows
        guard let width = all.first?.count else { return [] }
        let widths = (0..<width).map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            "  " + row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return rightAligned.contains(column) ? padding + cell : cell + padding
            }.joined(separator: "  ").dropLastWhile(" ")
        }
    }
}

private extension String {
    func dropLastWhile(_ character: Character) -> String {
        var result = self
        while result.last == character { result.removeLast() }
        return result
    }
}
