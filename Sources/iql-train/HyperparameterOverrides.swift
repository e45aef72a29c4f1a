import ArgumentParser
import IQL
import ToolSupport

/// The hyperparameter flags of `iql-train`: each overrides one `IQLConfig` field of the preset.
struct HyperparameterOverrides: ParsableArguments {
    @Option(help: "Hidden layer widths of every network, comma-separated (default 256,256).")
    var hiddenDims: String?
    @Option(parsing: .unconditional, help: "Expectile τ of the value regression, in (0, 1).")
    var expectile: Float?
    @Option(parsing: .unconditional, help: "Inverse temperature β in the advantage weights exp(β·A), > 0.")
    var temperature: Float?
    @Option(parsing: .unconditional, help: "Actor dropout rate, in [0, 1).")
    var dropout: Float?
    @Option(parsing: .unconditional, help: "Initial actor learning rate (cosine-decayed).")
    var actorLR: Float?
    @Option(parsing: .unconditional, help: "Value learning rate.")
    var valueLR: Float?
    @Option(parsing: .unconditional, help: "Critic learning rate.")
    var criticLR: Float?
    @Option(parsing: .unconditional, help: "Discount γ, in (0, 1].")
    var discount: Float?
    @Option(name: [.customLong("target-update-rate"), .customLong("tau")], parsing: .unconditional,
            help: "Target network update rate τ_p, in (0, 1] (also --tau).")
    var targetUpdateRate: Float?
    @Option(parsing: .unconditional, help: "Transitions per update.")
    var batchSize: Int?
    @Option(parsing: .unconditional, help: "Length of the actor's cosine schedule (default: --steps).")
    var scheduleSteps: Int?

    /// The flag of each `IQLConfig` field (by its checkpoint name), its value, and the field.
    var floats: [(flag: String, field: String, value: Float?, keyPath: WritableKeyPath<IQLConfig, Float>)] {
        [("--expectile", "expectile", expectile, \.expectile), ("--temperature", "temperature", temperature, \.temperature),
         ("--dropout", "dropout_rate", dropout, \.dropoutRate), ("--actor-lr", "actor_learning_rate", actorLR, \.actorLearningRate),
         ("--value-lr", "value_learning_rate", valueLR, \.valueLearningRate),
         ("--critic-lr", "critic_learning_rate", criticLR, \.criticLearningRate),
         ("--discount", "discount", discount, \.discount),
         ("--target-update-rate", "target_update_rate", targetUpdateRate, \.targetUpdateRate)]
    }

    /// The flag that sets an `IQLConfig` field, by the field's checkpoint name.
    func flag(for field: String) -> String {
        let others = ["hidden_dims": "--hidden-dims", "batch_size": "--batch-size", "max_steps": "--schedule-steps"]
        return floats.first { $0.field == field }?.flag ?? others[field] ?? field
    }

    func validate() throws {
        if let hiddenDims, parsedHiddenDims(hiddenDims) == nil {
            throw ValidationError("--hidden-dims takes positive integers separated by commas, e.g. 256,256; got '\(hiddenDims)'")
        }
    }

    func apply(to config: inout IQLConfig) {
        if let dims = hiddenDims.flatMap(parsedHiddenDims) { config.hiddenDims = dims }
        for case let (_, _, value?, keyPath) in floats { config[keyPath: keyPath] = value }
        if let batchSize { config.batchSize = batchSize }
        if let scheduleSteps { config.maxSteps = scheduleSteps }
    }

    /// Each flag given that disagrees with `config` (a run's), as `--flag given (the run has stored)`.
    func contradictions(with config: IQLConfig) -> [String] {
        var found: [String] = []
        func compare(_ flag: String, _ given: String?, _ stored: String) {
            if let given, given != stored { found.append("\(flag) \(given) (the run has \(stored))") }
        }
        compare("--hidden-dims", hiddenDims.flatMap(parsedHiddenDims).map(Self.list), Self.list(config.hiddenDims))
        for (flag, _, value, keyPath) in floats { compare(flag, value.map { "\($0)" }, "\(config[keyPath: keyPath])") }
        compare("--batch-size", batchSize.map(String.init), "\(config.batchSize)")
        compare("--schedule-steps", scheduleSteps.map(String.init), "\(config.maxSteps)")
        return found
    }

    static func list(_ widths: [Int]) -> String { widths.map(String.init).joined(separator: ",") }

    /// `256,256` → [256, 256]; nil for an empty list, an empty or non-numeric entry, or a width
    /// that is not positive (the configuration's own check bounds the widths).
    private func parsedHiddenDims(_ text: String) -> [Int]? {
        let dims = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !dims.isEmpty, dims.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
        return dims.map { $0! }
    }
}
