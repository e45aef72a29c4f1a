import ArgumentParser

/// `d4rl-collect`: roll a policy in a simulator and write a D4RL-layout dataset (being built, issue 4).
@main
struct D4RLCollect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "d4rl-collect", abstract: "Roll a policy in a MuJoCo environment and write a D4RL-layout HDF5 dataset.")
}
