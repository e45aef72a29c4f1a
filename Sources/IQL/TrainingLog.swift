import Foundation

/// The metrics CSV of a run (`metrics.csv`): one row per log interval, written through so
/// that an interrupted run keeps every row it printed. Empty cells are metrics BC has not.
public final class TrainingLog {
    public static let columns = ["step", "value_loss", "actor_loss", "critic_loss", "mean_q", "mean_v",
                                 "mean_advantage", "actor_lr", "steps_per_second"]
    public let path: String
    private let handle: FileHandle

    /// Opens the log of a run. A new run (`resumingAt` nil) starts the file with the header,
    /// replacing any old one; a resumed run keeps the rows up to and including its checkpoint's
    /// step (later rows belong to steps that will be retaken) and appends after them.
    public init(path: String, resumingAt step: Int? = nil) throws {
        self.path = path
        var contents = Self.columns.joined(separator: ",") + "\n"
        if let step, let old = try? String(contentsOfFile: path, encoding: .utf8) {
            let rows = old.split(separator: "\n").dropFirst().filter { row in
                row.split(separator: ",", omittingEmptySubsequences: false).first.flatMap { Int($0) }.map { $0 <= step } ?? false
            }
            contents += rows.map { $0 + "\n" }.joined()
        }
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
    }

    deinit { try? handle.close() }

    /// Appends the row of one update.
    public func append(step: Int, metrics: UpdateMetrics, stepsPerSecond: Double) throws {
        let cells: [String] = [
            "\(step)", Self.cell(metrics.valueLoss), Self.cell(metrics.actorLoss), Self.cell(metrics.criticLoss),
            Self.cell(metrics.meanQ), Self.cell(metrics.meanValue), Self.cell(metrics.meanAdvantage),
            Self.cell(metrics.actorLearningRate), String(format: "%.1f", stepsPerSecond),
        ]
        try handle.write(contentsOf: Data((cells.joined(separator: ",") + "\n").utf8))
    }

    private static func cell(_ value: Float?) -> String { value.map { "\($0)" } ?? "" }
}
