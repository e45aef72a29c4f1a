import Core

/// A learner the online loop can run: it acts for exploration and takes gradient steps on
/// batches from the replay buffer. SAC (`SACLearner`) and IQL fine-tuning (`IQL.Learner`)
/// conform; the loop itself is the same for both.
public protocol OnlineAgent: AnyObject {
    associatedtype Metrics: OnlineMetrics
    var observationDim: Int { get }
    var actionDim: Int { get }
    /// The action to explore with in the state `observation`; random draws from `generator` only.
    func explorationAction(for observation: [Float], using generator: inout SplitMix64) -> [Float]
    /// One gradient step on a batch drawn from `replay`, the batch (and any noise the update
    /// needs) drawn from `generator`.
    func update(from replay: ReplayBuffer, using generator: inout SplitMix64) -> Metrics
    /// An observation as the replay buffer stores it (IQL: normalised as its offline data was).
    func preprocessedObservation(_ observation: [Float]) -> [Float]
    /// A reward as the replay buffer stores it (IQL: transformed as its offline data was).
    func preprocessedReward(_ reward: Double) -> Float
}

extension OnlineAgent {
    /// SAC stores what it observes.
    public func preprocessedObservation(_ observation: [Float]) -> [Float] { observation }
    public func preprocessedReward(_ reward: Double) -> Float { Float(reward) }
}

/// What one update reports, as a row of the run's `metrics.csv` and a short status line.
public protocol OnlineMetrics {
    /// The CSV columns after `step`.
    static var columns: [String] { get }
    var cells: [String] { get }
    /// `critic 1.23 actor -4.5 …` for the progress bar.
    var summary: String { get }
    /// False when a loss is NaN or infinite: the run stops.
    var isFinite: Bool { get }
}
