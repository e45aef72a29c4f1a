import NN

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
