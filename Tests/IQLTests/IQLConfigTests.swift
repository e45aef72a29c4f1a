import IQL
import Testing

/// Every default of `IQLConfig` and every preset against SPEC §3's text, as literals: the golden
/// files set their own hyperparameters, so without this a changed default (the weight clip 100
/// → 150, say) would pass every other test.
struct IQLConfigTests {
    @Test("the defaults are the original implementation's (SPEC §3)")
    func defaults() {
        let config = IQLConfig()
        #expect(config.algorithm == .iql)
        #expect(config.hiddenDims == [256, 256])
        #expect(config.expectile == 0.7 && config.temperature == 3.0)
        #expect(config.maxAdvantageWeight == 100)
        #expect(config.dropoutRate == 0)
        #expect(config.actorLearningRate == 3e-4 && config.valueLearningRate == 3e-4 && config.criticLearningRate == 3e-4)
        #expect(config.discount == 0.99 && config.targetUpdateRate == 0.005)
        #expect(config.batchSize == 256 && config.maxSteps == 1_000_000)
        #expect(config.logStdMin == -5 && config.logStdMax == 2)
        #expect(config.adamBeta1 == 0.9 && config.adamBeta2 == 0.999 && config.adamEpsilon == 1e-8)
        #expect(config.violations().isEmpty)
    }

    @Test("each preset sets τ, β and actor dropout as SPEC §3's table, and nothing else",
          arguments: [(IQLConfig.Preset.locomotion, Float(0.7), Float(3.0), Float(0)), (.antmaze, 0.9, 10.0, 0),
                      (.kitchen, 0.7, 0.5, 0.1), (.adroit, 0.7, 0.5, 0.1)])
    func presets(preset: IQLConfig.Preset, expectile: Float, temperature: Float, dropout: Float) {
        let config = IQLConfig(preset: preset)
        #expect(config.expectile == expectile && config.temperature == temperature && config.dropoutRate == dropout)
        var rest = config, defaults = IQLConfig()
        (rest.expectile, rest.temperature, rest.dropoutRate) = (0, 0, 0)
        (defaults.expectile, defaults.temperature, defaults.dropoutRate) = (0, 0, 0)
        #expect(rest == defaults, "the \(preset) preset changes another field")
    }

    @Test("out-of-domain fields are named; the domains' edges are allowed", arguments: [
        ("expectile", { (c: inout IQLConfig) in c.expectile = 1 }), ("expectile", { c in c.expectile = 0 }),
        ("temperature", { c in c.temperature = .infinity }), ("dropout_rate", { c in c.dropoutRate = 1 }),
        ("discount", { c in c.discount = 1.5 }), ("target_update_rate", { c in c.targetUpdateRate = 0 }),
        ("hidden_dims", { c in c.hiddenDims = [] }), ("hidden_dims", { c in c.hiddenDims = [256, 0] }),
        ("batch_size", { c in c.batchSize = 0 }), ("actor_learning_rate", { c in c.actorLearningRate = .nan }),
        ("log_std_min", { c in c.logStdMin = 3 }),
    ])
    func violations(field: String, change: (inout IQLConfig) -> Void) {
        var config = IQLConfig()
        change(&config)
        #expect(config.violations().map(\.field) == [field])
        var edges = IQLConfig()
        (edges.discount, edges.targetUpdateRate, edges.dropoutRate) = (1, 1, 0)
        #expect(edges.violations().isEmpty)
    }
}
