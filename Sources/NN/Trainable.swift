/// A network's parameters together with the Adam state that trains them.
public struct Trainable: Equatable {
    public var parameters: Parameters
    public var optimizer: Adam.State

    public init(parameters: Parameters, optimizer: Adam.State) {
        self.parameters = parameters
        self.optimizer = optimizer
    }

    /// `parameters` with a fresh (zero, step 0) Adam state.
    public init(parameters: Parameters, adam: Adam) {
        self.init(parameters: parameters, optimizer: adam.makeState(count: parameters.count))
    }

    /// No tensors: a placeholder to swap a trainable out of a state without copying it.
    public static let empty = Trainable(parameters: Parameters(), optimizer: Adam.State(firstMoment: [], secondMoment: [], step: 0))
}
