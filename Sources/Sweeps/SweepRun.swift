/// One run of a sweep: `iql-train` on one dataset with one algorithm, one grid point and one seed.
public struct SweepRun: Equatable, Sendable {
    /// Its position in the sweep's expansion order, which is also its Slurm array index.
    public var index: Int
    /// A file-name-safe name, unique in the sweep: `hopper-medium-v2-mini-iql-temperature=1-seed0`.
    public var name: String
    public var dataset: String
    public var algorithm: String
    public var seed: UInt64
    /// The grid point: one value per grid axis, in the file's axis order.
    public var gridPoint: [SweepFile.Flag]
    /// `iql-train`'s arguments, `--output` included, `--threads` and `--resume` not: what the run
    /// is. A run directory that holds another run's arguments is never reused.
    public var arguments: [String]
    /// The run directory.
    public var directory: String

    /// The column a run goes to in the sweep's score table: the algorithm as `result.json` names
    /// it, then the grid point (`IQL temperature=1`).
    public var label: String {
        ([algorithm.uppercased()] + gridPoint.map { "\($0.name)=\($0.value)" }).joined(separator: " ")
    }

    /// The table cell the run belongs to (its dataset and label), which every seed fills.
    public var cell: String { "\(datasetName) \(label)" }

    /// The dataset's part of the run name (the file's stem, or the Minari id with `/` → `-`).
    public var datasetName: String

    /// The command line that runs it (tool path first), `--threads` and `--resume` as given.
    public func command(trainer: String, threads: Int?, resume: Bool) -> [String] {
        [trainer] + arguments + (threads.map { ["--threads", String($0)] } ?? []) + (resume ? ["--resume"] : [])
    }
}
