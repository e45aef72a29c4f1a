import ArgumentParser
import ToolSupport

/// `iql-bench`: release-build timings of the toolkit's hot paths, each a subcommand.
@main
struct IQLBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iql-bench",
        abstract: "Time the D4RL loader, the IQL learner and the SAC loop (build with -c release).",
        discussion: """
            Each subcommand times one path against a reference and prints a table with \
            the aims it is held to; without one, `updates` runs (`iql-bench --reference`: IQL \
            updates beside the JAX reference). Build in release mode first:
              swift build -c release --product iql-bench
            """,
        subcommands: [UpdateBenchmark.self, SACBenchmark.self, LoadBenchmark.self, MemoryBenchmark.self],
        defaultSubcommand: UpdateBenchmark.self)
}
