/// The numbers one update reports (SPEC §3): losses and the means the original logs.
public struct UpdateMetrics: Equatable, Sendable {
    /// Expectile value loss L_V (nil for behaviour cloning).
    public var valueLoss: Float?
    /// Advantage-weighted actor loss L_π (plain negative log-likelihood for BC).
    public var actorLoss: Float
    /// Twin critic loss L_Q, the sum of the two mean squared errors (nil for BC).
    public var criticLoss: Float?
    /// Mean Q1(s, a) of the online critic before its step.
    public var meanQ: Float?
    /// Mean V(s) before the value step.
    public var meanValue: Float?
    /// Mean advantage q − V_new(s) used for the actor weights.
    public var meanAdvantage: Float?
    /// The actor's learning rate for this update.
    public var actorLearningRate: Float

    /// True when every loss is finite.
    public var isFinite: Bool {
        actorLoss.isFinite && (valueLoss?.isFinite ?? true) && (criticLoss?.isFinite ?? true)
    }
}

extension UpdateMetrics {
    /// The metrics of an IQL update from its three steps.
    init(value: ValueStep, actor: ActorStep, critic: CriticStep, actorLearningRate: Float) {
        self.init(valueLoss: value.loss, actorLoss: actor.loss, criticLoss: critic.loss, meanQ: critic.meanQ,
                  meanValue: value.meanValue, meanAdvantage: actor.meanAdvantage, actorLearningRate: actorLearningRate)
    }

    /// The metrics of a behaviour-cloning update: the actor's loss alone.
    init(behaviourCloning actor: ActorStep, actorLearningRate: Float) {
        self.init(valueLoss: nil, actorLoss: actor.loss, criticLoss: nil, meanQ: nil, meanValue: nil, meanAdvantage: nil,
                  actorLearningRate: actorLearningRate)
    }
}
