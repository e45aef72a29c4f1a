import NN

/// The value function V: an MLP on s → 1 (`layer0/kernel`, …).
struct ValueFunction {
    let mlp: MLP

    init(observationDim: Int, hiddenDims: [Int], in parameters: inout Parameters) {
        mlp = MLP(sizes: [observationDim] + hiddenDims + [1], prefix: "", in: &parameters)
    }
}

/// The actor π(a|s) = Normal(tanh(m(s)), exp(clip(logStd))²) per action dimension:
/// an MLP trunk with a linear mean head (`layers/layer0/kernel`, …), a
/// state-independent `log_std` vector, no tanh-squash correction (SPEC §3).
struct GaussianPolicy {
    let mlp: MLP
    let logStd: Parameters.Tensor
    let logStdMin: Float
    let logStdMax: Float

    init(observationDim: Int, actionDim: Int, config: IQLConfig, in parameters: inout Parameters) {
        mlp = MLP(sizes: [observationDim] + config.hiddenDims + [actionDim], prefix: "layers/",
                  dropoutRate: config.dropoutRate, in: &parameters)
        logStd = parameters.append("log_std", shape: [actionDim])
        logStdMin = config.logStdMin
        logStdMax = config.logStdMax
    }

    var actionDim: Int { mlp.outputCount }
}
