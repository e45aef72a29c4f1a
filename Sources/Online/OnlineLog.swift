import Foundation
import IQL

/// The metrics CSV of an online run (`metrics.csv`): one row per log interval of environment
/// steps, with the last update's metrics (empty while the buffer fills), the last finished
/// training episode's return and length, the episodes so far and the environment steps per
/// second (learning included, evaluations excluded). Resumed like `TrainingLog`.
public final class OnlineLog<Metrics: OnlineMetrics> {
    public static var columns: [String] {
        ["step"] + Metrics.columns + ["episode_return", "episode_length", "episodes", "steps_per_second"]
    }
    public var path: String { file.path }
    private let file: RunCSV

    public init(path: String, resumingAt step: Int? = nil) throws {
        file = try RunCSV(path: path, columns: Self.columns, resumingAt: step)
    }

    /// Appends the row of environment step `step`.
    public func append(step: Int, metrics: Metrics?, lastEpisode: (return: Double, length: Int)?, episodes: Int,
                       stepsPerSecond: Double) throws {
        let metricCells = metrics?.cells ?? [String](repeating: "", count: Metrics.columns.count)
        try file.append(["\(step)"] + metricCells + [
            lastEpisode.map { "\($0.return)" } ?? "", lastEpisode.map { "\($0.length)" } ?? "", "\(episodes)",
            String(format: "%.1f", stepsPerSecond),
        ])
    }
}
