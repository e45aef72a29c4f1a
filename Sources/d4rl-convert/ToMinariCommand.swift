import ArgumentParser
import Core
import D4RL
import Environments
import Foundation
import Scores
import ToolSupport

/// `d4rl-convert to-minari FILE -o DIR`: a D4RL file as a Minari dataset.
struct ToMinariCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "to-minari",
        abstract: "Write a D4RL file's episodes as a Minari dataset (minari 0.5, HDF5 storage).",
        discussion: """
            Episodes end after terminal and timeout rows and where next_observations does not \
            continue into the next row; each gets its T + 1 observations from the rows and the \
            last row's next_observations. The environment spec is the gymnasium v4 environment \
            of the dataset's robot (D4RL -v2 = gymnasium v4), the reference scores D4RL's.

            Example:
              d4rl-convert to-minari hopper_medium-v2.hdf5 -o ~/.minari/datasets/d4rl/hopper/medium-v2
            """)

    @Argument(help: "The D4RL HDF5 file.")
    var file: String

    @Option(name: .shortAndLong, help: "The dataset's directory (it receives data/).")
    var output: String

    @Option(help: "The dataset id (default: the output's path below $MINARI_DATASETS_PATH, else d4rl/<robot>/<name>).")
    var datasetID: String?

    @Option(help: "The gymnasium environment id (default: the robot's v4 environment, e.g. Hopper-v4).")
    var envID: String?

    @Option(parsing: .unconditional, help: "Episode length for files without timeouts.")
    var maxEpisodeSteps = 1000

    @Flag(help: "Replace the output if it exists.")
    var overwrite = false

    @OptionGroup(title: "Resources")
    var memory: MemoryOption

    func validate() throws {
        try requireFlag(maxEpisodeSteps, "--max-episode-steps", "≥ 1") { $0 >= 1 }
    }

    func run() throws {
        memory.apply()
        let dataset = try D4RLDataset(contentsOf: file)
        let split = MinariConversion.episodes(of: dataset, maxEpisodeSteps: maxEpisodeSteps)
        let task = LocomotionTask.named(dataset.name.name)
        let id = datasetID ?? MinariLocation.datasetID(ofDirectory: output) ?? "d4rl/\(dataset.name.domain)/\(dataset.name.name)"
        let environment = envID.map { MinariMetadata.EnvironmentSpec(id: $0, maxEpisodeSteps: nil) }
            ?? task.map { MinariMetadata.EnvironmentSpec(id: $0.gymnasiumID, maxEpisodeSteps: LocomotionTask.maxEpisodeSteps, entryPoint: $0.gymnasiumEntryPoint) }
        let reference = ReferenceScores.pair(for: dataset.name.name, robot: dataset.name.domain)?.score
        let writer = MinariWriter(
            datasetID: id, observationSpace: MinariWriter.box(width: dataset.observationDim),
            actionSpace: MinariWriter.box(width: dataset.actionDim, low: -1, high: 1), envSpec: environment,
            refMinScore: reference?.randomReturn, refMaxScore: reference?.expertReturn,
            algorithmName: "converted from D4RL \(dataset.name.name)", description: "\(file) converted by d4rl-convert to-minari")
        removeStaleTemporaries(of: output)
        try writer.write(split.episodes, to: output, overwrite: overwrite)
        let steps = split.episodes.reduce(0) { $0 + $1.length }
        print("wrote \(output): Minari dataset \(id), \(split.episodes.count) episodes, \(steps) steps of \(dataset.rowCount) rows"
              + (environment.map { ", env \($0.id)" } ?? ", no environment spec (pass --env-id)"))
        if split.droppedRows > 0 {
            print("dropped \(split.droppedRows) rows: the last of each episode, whose next observation the file does not store"
                  + (split.droppedTerminals > 0 ? " (\(split.droppedTerminals) of them terminal)" : ""))
        }
        if split.cutEpisodes > 0 {
            print(split.cutEpisodes == 1 ? "1 episode ends without a terminal or timeout flag: written as truncated"
                                         : "\(split.cutEpisodes) episodes end without a terminal or timeout flag: written as truncated")
        }
        print("not carried over: infos/*, metadata/*")
    }
}
