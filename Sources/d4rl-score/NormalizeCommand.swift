import ArgumentParser
import Scores
import Foundation

/// `d4rl-score normalize ENV RETURN...`: returns → normalised scores (or back with `--reverse`).
struct NormalizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalize",
        abstract: "Print the D4RL-normalised score (×100) of each return, and their mean.",
        discussion: """
            score = 100 · (return − random) / (expert − random); --reverse gives \
            return = random + score / 100 · (expert − random).

            Example:
              d4rl-score normalize hopper-medium-v2 1627 3100
              d4rl-score normalize hopper_medium-v2.hdf5 66.3 --reverse
            """)

    @Argument(help: "A D4RL name or dataset file, e.g. hopper-medium-v2 or hopper_medium-v2.hdf5.")
    var environment: String

    @Argument(parsing: .allUnrecognized, help: "Undiscounted episode returns (scores with --reverse).")
    var values: [String] = []

    @Flag(help: "Turn normalised scores (×100) back into returns.")
    var reverse = false

    func validate() throws {
        guard !values.isEmpty else { throw ValidationError("give at least one \(reverse ? "score" : "return")") }
        if let bad = values.first(where: { Double($0)?.isFinite != true }) {
            throw ValidationError("'\(bad)' is not a number")
        }
    }

    func run() throws {
        let reference = try ReferenceScores.lookup(environment)
        let numbers = values.map { Double($0)! }
        let converted = numbers.map(reverse ? reference.unnormalize : reference.normalize)
        print("\(reference.name)  random return \(reference.randomReturn)  expert return \(reference.expertReturn)")
        let (from, to) = reverse ? ("score", "return") : ("return", "score")
        for (value, result) in zip(values, converted) {
            print("\(from) \(value) → \(to) \(String(format: "%.2f", result))")
        }
        print("mean \(to) \(String(format: "%.2f", converted.reduce(0, +) / Double(converted.count)))")
    }
}
