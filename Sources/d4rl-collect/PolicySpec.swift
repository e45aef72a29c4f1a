import ArgumentParser
import Core
import Environments
import IQL
import Online
import SAC

/// A `--policy` value: `random`, `deterministic:FILE.h5`, `stochastic:FILE.h5` (behaviour
/// policy files, or SAC policy files of `sac-train`) or `checkpoint:RUN/checkpoint.h5` (an IQL
/// run's deterministic actor).
enum PolicySpec: ExpressibleByArgument, CustomStringConvertible {
    case random
    case deterministic(path: String)
    case stochastic(path: String)
    case checkpoint(path: String)

    init?(argument: String) {
        let kind = argument.prefix { $0 != ":" }
        let path = String(argument.dropFirst(kind.count + 1))
        switch (kind, path.isEmpty) {
        case ("random", true) where !argument.hasSuffix(":"): self = .random
        case ("deterministic", false): self = .deterministic(path: path)
        case ("stochastic", false): self = .stochastic(path: path)
        case ("checkpoint", false): self = .checkpoint(path: path)
        default: return nil
        }
    }

    var description: String {
        switch self {
        case .random: return "random"
        case .deterministic(let path): return "deterministic:\(path)"
        case .stochastic(let path): return "stochastic:\(path)"
        case .checkpoint(let path): return "checkpoint:\(path)"
        }
    }

    static var allValueStrings: [String] { ["random", "deterministic:FILE.h5", "stochastic:FILE.h5", "checkpoint:FILE.h5"] }

    /// Loads the policy and checks that it fits `environment` (observation and action widths,
    /// and a behaviour policy's `task` attribute).
    /// - Throws: `BehaviorPolicyError`, `CheckpointError` or `CollectToolError`, one line each.
    func load(for environment: LocomotionEnvironment) throws -> any SamplingPolicy {
        let domain = environment.task.datasetDomain
        func fitting(_ widths: (observation: Int, action: Int), _ path: String) throws {
            guard widths == (environment.observationDim, environment.actionDim) else {
                throw CollectToolError("\(path): the policy maps \(widths.observation) observation values to \(widths.action) actions, \(environment.task.name) has \(environment.observationDim) and \(environment.actionDim)")
            }
        }
        func behavior(_ path: String) throws -> BehaviorPolicy {
            let policy = try BehaviorPolicy(contentsOf: path)
            if let task = policy.task, task != domain {
                throw CollectToolError("\(path): a \(task) policy cannot act in \(environment.task.gymnasiumID)")
            }
            try fitting((policy.observationDim, policy.actionDim), path)
            return policy
        }
        func sac(_ path: String) throws -> SACPolicy? {
            guard try SACPolicy.isPolicyFile(path) else { return nil }
            let policy = try SACPolicy(contentsOf: path)
            if let task = policy.task.flatMap(LocomotionTask.named), task.datasetDomain != domain {
                throw CollectToolError("\(path): a \(task.gymnasiumID) policy cannot act in \(environment.task.gymnasiumID)")
            }
            try fitting((policy.observationDim, policy.actionDim), path)
            return policy
        }
        switch self {
        case .random: return RandomPolicy(actionDim: environment.actionDim)
        case .deterministic(let path):
            if let policy = try sac(path) { return DeterministicPolicy(policy) }
            return try behavior(path).deterministic
        case .stochastic(let path):
            if let policy = try sac(path) { return SACSampling(policy: policy) }
            return try behavior(path).stochastic
        case .checkpoint(let path):
            let policy = try TrainedPolicy.load(path)
            try fitting((policy.observationDim, policy.actionDim), path)
            return DeterministicPolicy(policy)
        }
    }
}

/// A SAC policy's samples tanh(μ(s) + σ(s)·ε), as D4RL collected its datasets (no further noise).
struct SACSampling: SamplingPolicy {
    let policy: SACPolicy

    func action(for observation: [Float], using generator: inout SplitMix64) -> [Float] {
        policy.sampleAction(for: observation, using: &generator)
    }
}

/// A failure of the whole command (exit status 1), printed by ArgumentParser as one `Error:` line.
struct CollectToolError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
