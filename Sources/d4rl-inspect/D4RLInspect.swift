import ArgumentParser
import D4RL

/// `d4rl-inspect FILE`: what is inside a D4RL HDF5 file.
@main
struct D4RLInspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "d4rl-inspect",
        abstract: "Show what is inside a D4RL HDF5 file.",
        discussion: """
            Prints the file's tree (every dataset's dtype, shape, chunks and compression, \
            attributes, metadata values such as metadata/algorithm), then a D4RL summary: \
            rows and dimensions, episodes counted by terminals, timeouts and next-observation \
            mismatches, episode lengths and returns, the number of q-learning transitions, \
            per-dimension statistics, NaN/Inf counts and warnings about suspicious data.

            Example:
              d4rl-inspect hopper_medium-v2.hdf5
              d4rl-inspect --json hopper_medium-v2.hdf5 | jq .returns
            """)

    @Argument(help: "A D4RL HDF5 file, e.g. hopper_medium-v2.hdf5.")
    var file: String

    @Flag(help: "Print one JSON object (fields documented in the README) instead of text.")
    var json = false

    @Option(help: "Episode length assumed where the file has no 'timeouts' key.")
    var maxEpisodeSteps = 1000

    @Flag(help: "Show the tree of any HDF5 file; summarise only if it holds the D4RL keys.")
    var anyHdf5 = false

    func validate() throws {
        guard maxEpisodeSteps > 0 else { throw ValidationError("--max-episode-steps must be positive") }
    }

    func run() throws {
        let report = try InspectionReport(contentsOf: file, maxEpisodeSteps: maxEpisodeSteps, allowNonD4RL: anyHdf5)
        print(json ? report.json() : report.text())
    }
}
