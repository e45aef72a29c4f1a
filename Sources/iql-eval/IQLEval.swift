import ArgumentParser

/// `iql-eval CHECKPOINT`: evaluate a saved policy in its simulator (being built, issue 4).
@main
struct IQLEval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iql-eval", abstract: "Evaluate a trained policy in the MuJoCo simulator.")
}
