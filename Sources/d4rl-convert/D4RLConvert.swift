import ArgumentParser

/// `d4rl-convert`: D4RL files to Minari datasets and back.
@main
struct D4RLConvert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "d4rl-convert",
        abstract: "Convert a D4RL HDF5 file into a Minari dataset, or a Minari dataset into a D4RL file.",
        discussion: """
            Both ways keep every observation, action, reward and flag that both formats can hold, \
            and say what they drop: a D4RL file without next_observations loses the last row of \
            each episode (its s′ is unknown); Minari's float64 rewards become D4RL's float32; \
            infos, seeds and metadata are not carried over.
            """,
        subcommands: [ToMinariCommand.self, ToD4RLCommand.self])
}
