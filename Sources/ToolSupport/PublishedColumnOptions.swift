import ArgumentParser
import Scores

/// `--published iql-paper,corl` and `--published-version N`: the published columns of a score
/// table, the same in `d4rl-score table` and `iql-sweep report`.
public struct PublishedColumnOptions: ParsableArguments {
    @Option(help: "Published columns, comma-separated: \(PublishedScores.Source.allCases.map(\.rawValue).joined(separator: ", ")).")
    public var published = ""

    @Option(help: ArgumentHelp(
        "Rows whose dataset name has no version (hopper-medium: data made with D4RL's recipe) show the published numbers of D4RL's -vN file.",
        valueName: "N"))
    public var publishedVersion: Int?

    public init() {}

    public func validate() throws {
        let sources = try sources()
        try requireFlag(publishedVersion, "--published-version", "in 0…9") { (0...9).contains($0) }
        if publishedVersion != nil, sources.isEmpty { throw ValidationError("--published-version needs --published") }
    }

    /// The sources `--published` names, in its order.
    /// - Throws: `ValidationError` naming an unknown source and the known ones.
    public func sources() throws -> [PublishedScores.Source] {
        try published.split(separator: ",").map { name in
            guard let source = PublishedScores.Source(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                let known = PublishedScores.Source.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("unknown --published source '\(name)'; known: \(known)")
            }
            return source
        }
    }
}
