import Core
import D4RL
import Foundation

/// A sweep file expanded into its runs: datasets × algorithms × grid points × seeds, in that
/// nesting order, so run `i` (and Slurm array index `i`) is the same run for as long as the file
/// is unchanged.
public struct Sweep: Sendable {
    public var file: SweepFile
    public var runs: [SweepRun]

    /// The directory holding every run directory.
    public var runsDirectory: String { file.output + "/runs" }
    /// Where `run --executor slurm` keeps its batch scripts, Slurm's own logs and its job ids.
    public var slurmDirectory: String { file.output + "/slurm" }
    /// Where `report` writes the tables and curves.
    public var reportDirectory: String { file.output + "/report" }

    /// Expands `file`.
    /// - Throws: `SweepError` when a dataset does not exist (no such file, directory or Minari id).
    public init(_ file: SweepFile) throws(SweepError) {
        self.file = file
        var runs: [SweepRun] = []
        let points = Self.points(file.grid)
        for dataset in file.datasets {
            let datasetName = try Self.name(of: dataset, in: file)
            for algorithm in file.algorithms {
                for point in points {
                    for seed in file.seeds {
                        let name = ([datasetName, algorithm] + point.map { "\($0.name)=\($0.value)" } + ["seed\(seed)"])
                            .joined(separator: "-")
                        let directory = file.output + "/runs/" + name
                        let flags = (file.flags + point).flatMap { flag -> [String] in
                            switch flag.value {
                            case .on: return ["--" + flag.name]
                            case .value(let value): return ["--" + flag.name, value]
                            }
                        }
                        runs.append(SweepRun(
                            index: runs.count, name: name, dataset: dataset, algorithm: algorithm, seed: seed, gridPoint: point,
                            arguments: [dataset, "--algorithm", algorithm, "--seed", String(seed)] + flags + ["--output", directory],
                            directory: directory, datasetName: datasetName))
                    }
                }
            }
        }
        self.runs = runs
    }

    /// Every combination of one value per axis, the first axis varying slowest.
    public static func points(_ grid: [SweepFile.GridAxis]) -> [[SweepFile.Flag]] {
        grid.reduce([[]]) { points, axis in
            points.flatMap { point in axis.values.map { point + [SweepFile.Flag(name: axis.name, value: $0)] } }
        }
    }

    /// The dataset's name as `iql-train` names its runs: a D4RL file's stem, a Minari dataset's id.
    private static func name(of dataset: String, in file: SweepFile) throws(SweepError) -> String {
        do {
            let source = try DatasetSource(dataset)
            if case .d4rl(let path) = source, !FileManager.default.fileExists(atPath: path) {
                throw SweepError("\(file.path): dataset \(dataset): no such file, directory or Minari dataset id "
                                 + "under \(MinariLocation.defaultRoot)")
            }
            return try source.name().name.replacingOccurrences(of: "/", with: "-")
        } catch let error as SweepError {
            throw error
        } catch {
            throw SweepError("\(file.path): dataset \(dataset): \(error)")
        }
    }
}
