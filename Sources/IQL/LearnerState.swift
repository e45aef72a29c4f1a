import NN

/// A network's parameters together with the Adam state that trains them.
public struct Trainable: Equatable {
    public var parameters: Parameters
    public var optimizer: Adam.State

    public init(parameters: Parameters, optimizer: Adam.State) {
        self.parameters = parameters
        self.optimizer = optimizer
    }

    /// `parameters` with a fresh (zero, step 0) Adam state.
    init(parameters: Parameters, adam: Adam) {
        self.init(parameters: parameters, optimizer: adam.makeState(count: parameters.count))
    }

    /// No tensors: a placeholder to swap a trainable out of a state without copying it.
    static let empty = Trainable(parameters: Parameters(), optimizer: Adam.State(firstMoment: [], secondMoment: [], step: 0))
}

/// Everything an IQL learner learns and remembers, and so everything a checkpoint must hold to
/// continue bit for bit: the four parameter sets, the three Adam states and the step.
public struct LearnerState: Equatable {
    /// Updates taken so far; the actor's learning rate is a function of it.
    public var step: Int
    /// Q1 and Q2 (`q1/…`, `q2/…`) and their optimiser.
    public var critic: Trainable
    /// The slowly moving copy of the critic's parameters that the value regresses to.
    public var targetCritic: Parameters
    /// V (`layer0/…`).
    public var value: Trainable
    /// π (`layers/…`, `log_std`).
    public var actor: Trainable
}
