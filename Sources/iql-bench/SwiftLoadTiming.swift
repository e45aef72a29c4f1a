import D4RL

/// One timed run of the Swift path from a D4RL file to training buffers, in seconds per stage.
struct SwiftLoadTiming {
    /// `D4RLDataset(contentsOf:)`: every array read, shape-checked and checked for NaN/Inf.
    var readSeconds: Double
    /// `PreprocessedData`: q-learning transitions, episode ends, action clipping, reward scaling.
    var preprocessSeconds: Double
    /// Raw rows in the file.
    var rows: Int
    /// Training transitions produced.
    var transitions: Int

    /// File to training buffers.
    var totalSeconds: Double { readSeconds + preprocessSeconds }

    /// The run with the smallest total among `repetitions` runs.
    static func best(of repetitions: Int, loading path: String) throws(DatasetError) -> SwiftLoadTiming {
        var best = try measure(loading: path)
        for _ in 1..<max(repetitions, 1) {
            let run = try measure(loading: path)
            if run.totalSeconds < best.totalSeconds { best = run }
        }
        return best
    }

    /// Loads and preprocesses `path` once. Rewards get the locomotion scaling
    /// whatever the file is called, as a hopper file would.
    static func measure(loading path: String) throws(DatasetError) -> SwiftLoadTiming {
        let clock = ContinuousClock()
        let start = clock.now
        let dataset = try D4RLDataset(contentsOf: path)
        let read = clock.now
        let data = try PreprocessedData(dataset, options: PreprocessingOptions(rewardTransform: .locomotion))
        let end = clock.now
        return SwiftLoadTiming(
            readSeconds: (read - start).seconds, preprocessSeconds: (end - read).seconds,
            rows: dataset.rowCount, transitions: data.transitions.count)
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
