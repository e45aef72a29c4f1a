import Core
import Environments

/// An agent learning while it acts in a locomotion simulator, one environment step at a time:
///
/// 1. act: a uniform random action in [−1, 1]^|A| for the first `randomSteps` steps of the run,
///    then the agent's exploration action;
/// 2. step the simulator and store (s, a, r, s′, terminated, truncated) in the replay buffer
///    (preprocessed as the agent's data, `OnlineAgent.preprocessedObservation`);
///    when the episode terminates or reaches its time limit (1000 steps), start the next one
///    with reset seed `generator.next()`;
/// 3. once the buffer holds at least `randomSteps` rows, take one update.
///
/// One `SplitMix64` draws everything after initialisation, in this order within a step:
/// the action (uniform or the agent's noise), the next episode's reset seed, the update's batch
/// and noise. `state` and `replay` capture the whole run, so a run continued from them takes
/// exactly the steps the uninterrupted run would have.
public final class OnlineRun<Agent: OnlineAgent> {
    public let agent: Agent
    public let environment: LocomotionEnvironment
    public let replay: ReplayBuffer
    public private(set) var state: State

    /// The loop's own state besides the agent's and the buffer's.
    public struct State: Equatable {
        /// The seed the run started from; it also fixes the evaluation episodes.
        public var seed: UInt64
        /// Uniform random steps before the agent acts and learns.
        public var randomSteps: Int
        /// Environment steps taken so far.
        public var environmentSteps = 0
        /// Episodes finished so far.
        public var episodes = 0
        /// The current episode: its observation, its return so far and its steps.
        public var observation: [Float]
        public var episodeReturn: Double = 0
        public var episodeLength = 0
        /// The simulator mid-episode.
        public var environment: LocomotionEnvironment.Snapshot
        public var generator: SplitMix64
    }

    /// What one step did.
    public struct StepOutcome {
        /// The update's metrics, or nil while the buffer is filling.
        public var metrics: Agent.Metrics?
        /// The return and length of the episode this step finished, if it did.
        public var finishedEpisode: (return: Double, length: Int)?
    }

    /// A new run: the first episode starts with reset seed `generator.next()`.
    /// - Parameter generator: the run's generator after the agent's initialisation.
    public convenience init(agent: Agent, environment: LocomotionEnvironment, replay: ReplayBuffer, randomSteps: Int,
                            seed: UInt64, generator: SplitMix64) {
        var generator = generator
        let observation = environment.reset(seed: generator.next())
        self.init(agent: agent, environment: environment, replay: replay,
                  state: State(seed: seed, randomSteps: randomSteps, observation: observation, environment: environment.snapshot,
                               generator: generator))
    }

    /// A run continued from `state` (a checkpoint's); the simulator is put back mid-episode.
    public init(agent: Agent, environment: LocomotionEnvironment, replay: ReplayBuffer, state: State) {
        precondition(agent.observationDim == environment.observationDim && agent.actionDim == environment.actionDim
                     && replay.observationDim == environment.observationDim && replay.actionDim == environment.actionDim,
                     "OnlineRun: agent, simulator and replay buffer widths differ")
        self.agent = agent
        self.environment = environment
        self.replay = replay
        self.state = state
        environment.restore(state.environment)
    }

    /// One environment step and, once the buffer is full enough, one update.
    public func step() -> StepOutcome {
        let action = state.environmentSteps < state.randomSteps
            ? (0..<agent.actionDim).map { _ in Float(2 * state.generator.nextUnitInterval() - 1) }
            : agent.explorationAction(for: state.observation, using: &state.generator)
        let result = environment.step(action)
        replay.append(observation: agent.preprocessedObservation(state.observation), action: action,
                      reward: agent.preprocessedReward(result.reward), terminated: result.terminated, truncated: result.truncated,
                      nextObservation: agent.preprocessedObservation(result.observation))
        state.environmentSteps += 1
        state.episodeReturn += result.reward
        state.episodeLength += 1
        var outcome = StepOutcome()
        if result.terminated || result.truncated {
            outcome.finishedEpisode = (state.episodeReturn, state.episodeLength)
            state.episodes += 1
            (state.episodeReturn, state.episodeLength) = (0, 0)
            state.observation = environment.reset(seed: state.generator.next())
        } else {
            state.observation = result.observation
        }
        if replay.count >= state.randomSteps {
            outcome.metrics = agent.update(from: replay, using: &state.generator)
        }
        return outcome
    }

    /// The state with the simulator's current snapshot, ready to save.
    public var savedState: State {
        var saved = state
        saved.environment = environment.snapshot
        return saved
    }
}
