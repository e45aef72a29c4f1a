import ArgumentParser
import D4RL
import Environments
import ToolSupport

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

            With --verify-dynamics it instead replays the file in our MuJoCo simulator: for a \
            locomotion dataset with infos/qpos and infos/qvel it sets each recorded state, applies \
            the recorded action, steps, and reports the max and median error of the next \
            observation and the reward against the recorded ones, the rows whose termination \
            differs from the recorded terminals flag, and how many rows disagree (beyond the \
            tolerance, or in termination; exit status 1 if any).

            Example:
              d4rl-inspect hopper_medium-v2.hdf5
              d4rl-inspect --json hopper_medium-v2.hdf5 | jq .returns
              d4rl-inspect --verify-dynamics hopper_medium-v2.hdf5
            """)

    @Argument(help: "A D4RL HDF5 file, e.g. hopper_medium-v2.hdf5.")
    var file: String

    @Flag(help: "Print one JSON object (fields documented in the README) instead of text.")
    var json = false

    @Option(parsing: .unconditional, help: "Episode length assumed where the file has no 'timeouts' key.")
    var maxEpisodeSteps = 1000

    @Flag(help: "Show the tree of any HDF5 file; summarise only if it holds the D4RL keys.")
    var anyHdf5 = false

    @Flag(help: "Replay the recorded states and actions in the simulator instead (needs infos/qpos, infos/qvel).")
    var verifyDynamics = false

    @Option(help: "With --verify-dynamics: \(LocomotionTask.knownNames); a robot alone means gymnasium v4, as in D4RL (default: from the file name).")
    var env: String?

    @Option(parsing: .unconditional, help: "With --verify-dynamics: the largest error (observation or reward) a row may show.")
    var tolerance = 1e-4

    @OptionGroup(title: "Resources")
    var memory: MemoryOption

    func validate() throws {
        try requireFlag(maxEpisodeSteps, "--max-episode-steps", "≥ 1") { $0 >= 1 }
        try requireFlag(tolerance, "--tolerance", "finite and ≥ 0") { $0 >= 0 && $0.isFinite }
        guard verifyDynamics || env == nil else { throw ValidationError("--env applies to --verify-dynamics only") }
    }

    func run() throws {
        memory.apply()
        if verifyDynamics {
            return try DynamicsVerification(file: file, environment: env, tolerance: tolerance, json: json).run()
        }
        let report = try InspectionReport(contentsOf: file, maxEpisodeSteps: maxEpisodeSteps, allowNonD4RL: anyHdf5)
        print(json ? report.json() : report.text())
    }
}
