import Foundation

/// The metrics CSV of a run (`metrics.csv`): one row per log interval, written through so
/// that an interrupted run keeps every row it printed. Empty cells are metrics BC has not.
public final class TrainingLog {
    public static let columns = ["step", "value_loss", "actor_loss", "critic_loss", "mean_q", "mean_v",
                                 "mean_advantage", "actor_lr", "steps_per_second"]
    public var path: String { file.path }
    private let file: RunCSV

    /// Opens the log of a run. A new run (`resumingAt` nil) starts the file with the header,
    /// replacing any old one; a resumed run keeps the rows up to and including its checkpoint's
    /// step (later rows belong to steps that will be retaken) and appends after them.
    public init(path: String, resumingAt step: Int? = nil) throws {
        file = try RunCSV(path: path, columns: Self.columns, resumingAt: step)
    }

    /// Appends the row of one update.
    public func append(step: Int, metrics: UpdateMetrics, stepsPerSecond: Double) throws {
        try file.append([
            "\(step)", Self.cell(metrics.valueLoss), Self.cell(metrics.actorLoss), Self.cell(metrics.criticLoss),
            Self.cell(metrics.meanQ), Self.cell(metrics.meanValue), Self.cell(metrics.meanAdvantage),
            Self.cell(metrics.actorLearningRate), String(format: "%.1f", stepsPerSecond),
        ])
    }

    private static func cell(_ value: Float?) -> String { value.map { "\($0)" } ?? "" }
}
