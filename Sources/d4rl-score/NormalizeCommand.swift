import ArgumentParser
import D4RL
import Foundation
import Scores

/// `d4rl-score normalize ENV RETURN...`: returns → normalised scores (or back with `--reverse`),
/// with D4RL's reference returns for a D4RL name, or a Minari dataset's own (`--dataset`).
struct NormalizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalize",
        abstract: "Print the normalised score (×100) of each return, and their mean.",
        discussion: """
            score = 100 · (return − random) / (expert − random), with D4RL's reference returns for \
            the name given, or with --dataset a Minari dataset's ref_min_score and ref_max_score \
            (Minari's own normalisation, ×100). --reverse gives return = random + score / 100 · \
            (expert − random).

            Example:
              d4rl-score normalize hopper-medium-v2 1627 3100
              d4rl-score normalize hopper_medium-v2.hdf5 66.3 --reverse
              d4rl-score normalize --dataset mujoco/hopper/medium-v0 1627
            """)

    @Option(help: "A Minari dataset (directory or id under $MINARI_DATASETS_PATH) whose reference scores to use.")
    var dataset: String?

    @Argument(parsing: .allUnrecognized, help: """
        A D4RL name or dataset file (hopper-medium-v2, hopper_medium-v2.hdf5), unless --dataset, \
        then undiscounted episode returns (scores with --reverse).
        """)
    var arguments: [String] = []

    @Flag(help: "Turn normalised scores (×100) back into returns.")
    var reverse = false

    /// The numbers given: every argument after the name, or all of them with `--dataset`.
    var values: [String] { dataset == nil ? Array(arguments.dropFirst()) : arguments }

    func validate() throws {
        if dataset == nil && arguments.isEmpty { throw ValidationError("give a D4RL name (or --dataset) and at least one return") }
        guard !values.isEmpty else { throw ValidationError("give at least one \(reverse ? "score" : "return")") }
        if let bad = values.first(where: { Double($0)?.isFinite != true }) {
            throw ValidationError("'\(bad)' is not a number")
        }
    }

    func run() throws {
        let reference = try referenceScore()
        let numbers = values.map { Double($0)! }
        let converted = numbers.map(reverse ? reference.unnormalize : reference.normalize)
        print("\(reference.name)  random return \(reference.randomReturn)  expert return \(reference.expertReturn)")
        let (from, to) = reverse ? ("score", "return") : ("return", "score")
        for (value, result) in zip(values, converted) {
            print("\(from) \(value) → \(to) \(String(format: "%.2f", result))")
        }
        print("mean \(to) \(String(format: "%.2f", converted.reduce(0, +) / Double(converted.count)))")
    }

    /// D4RL's pair for the name, or the Minari dataset's.
    private func referenceScore() throws -> ReferenceScore {
        guard let dataset else { return try ReferenceScores.lookup(arguments[0]) }
        guard case .minari(let location) = try DatasetSource(dataset) else {
            throw ScoreToolError("\(dataset) is not a Minari dataset; give a D4RL name without --dataset")
        }
        let metadata = try MinariMetadata(contentsOf: location.metadataPath)
        guard let low = metadata.refMinScore, let high = metadata.refMaxScore, high != low else {
            throw ScoreToolError("\(metadata.datasetID) has no reference scores (metadata.json lacks ref_min_score / ref_max_score)")
        }
        return ReferenceScore(name: metadata.datasetID, randomReturn: low, expertReturn: high)
    }
}
