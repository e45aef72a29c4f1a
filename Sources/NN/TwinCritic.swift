/// The twin critic Q1, Q2 of IQL and SAC: two MLPs on concat(s, a) → 1, in one flat parameter
/// set (`q1/layer0/kernel`, …, `q2/layer2/bias`) so one Adam step and one soft update cover
/// both, as the original IQL's single critic module does.
public struct TwinCritic {
    public let q1: MLP
    public let q2: MLP

    public init(observationDim: Int, actionDim: Int, hiddenDims: [Int], in parameters: inout Parameters) {
        let sizes = [observationDim + actionDim] + hiddenDims + [1]
        q1 = MLP(sizes: sizes, prefix: "q1/", in: &parameters)
        q2 = MLP(sizes: sizes, prefix: "q2/", in: &parameters)
    }
}
