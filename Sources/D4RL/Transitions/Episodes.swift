/// A split of consecutive rows into episodes: half-open row ranges, in order, covering every row.
public struct Episodes: Sendable, Equatable {
    public var ranges: [Range<Int>]

    public init(ranges: [Range<Int>]) { self.ranges = ranges }

    /// Splits `count` rows after every row where `endsAfter(row)` is true; a
    /// trailing run without an end is an episode too.
    public init(count: Int, endsAfter: (Int) -> Bool) {
        var ranges: [Range<Int>] = []
        var start = 0
        for row in 0..<count where endsAfter(row) {
            ranges.append(start..<row + 1)
            start = row + 1
        }
        if start < count { ranges.append(start..<count) }
        self.ranges = ranges
    }

    /// The raw file's episodes: split after each terminal or timeout row; without
    /// timeouts, after each terminal and after every `maxEpisodeSteps` steps.
    public static func raw(of dataset: D4RLDataset, maxEpisodeSteps: Int = 1000) -> Episodes {
        if let timeouts = dataset.timeouts {
            return Episodes(count: dataset.rowCount) { dataset.terminals[$0] || timeouts[$0] }
        }
        var episodeStep = 0
        return Episodes(count: dataset.rowCount) { row in
            let ends = dataset.terminals[row] || episodeStep == maxEpisodeSteps - 1
            episodeStep = ends ? 0 : episodeStep + 1
            return ends
        }
    }

    /// The trajectories IQL splits transitions into: after each `episodeEnds` flag.
    public static func trajectories(of transitions: Transitions) -> Episodes {
        Episodes(count: transitions.count) { transitions.episodeEnds[$0] }
    }

    /// Number of rows in each episode.
    public var lengths: [Int] { ranges.map(\.count) }

    /// The sum of `rewards` over each episode, accumulated in Double.
    public func returns(of rewards: [Float]) -> [Double] {
        ranges.map { range in rewards[range].reduce(0) { $0 + Double($1) } }
    }
}
