import ArgumentParser
import Sweeps

/// `iql-sweep plan SWEEP.json`: the runs, and the command each would execute.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Print the sweep's runs, their array indices and the iql-train command of each.")

    @OptionGroup var sweep: SweepArgument

    func run() throws {
        let sweep = try self.sweep.load()
        try Tools.check(sweep)
        let file = sweep.file, trainer = try Tools.trainer()
        let factors = [(file.datasets.count, "dataset"), (file.algorithms.count, "algorithm"), (Sweep.points(file.grid).count, "grid point"),
                       (file.seeds.count, "seed")].map { count, noun in "\(count) \(noun)\(count == 1 ? "" : "s")" }
        print("sweep \(file.name): \(sweep.runs.count) runs = \(factors.joined(separator: " × ")); output \(file.output)")
        for run in sweep.runs {
            print("\(run.index)  \(run.name)")
            print("    " + run.command(trainer: trainer, threads: nil, resume: false).map(Self.shellWord).joined(separator: " "))
        }
    }

    /// `word`, quoted when the shell would split or expand it.
    static func shellWord(_ word: String) -> String {
        let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=,:+@%".contains($0) }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
