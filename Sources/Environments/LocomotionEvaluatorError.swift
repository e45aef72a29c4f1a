/// Why a policy cannot be evaluated in a locomotion simulator; one line each.
public enum LocomotionEvaluatorError: Error, CustomStringConvertible {
    /// The name matches no task (`LocomotionTask.named`).
    case unknownEnvironment(String)
    /// The task's observation and action sizes differ from the policy's.
    case dimensionMismatch(task: String, environment: (observation: Int, action: Int), policy: (observation: Int, action: Int))
    /// The task's model cannot be loaded.
    case simulation(SimulationError)

    public var description: String {
        switch self {
        case .unknownEnvironment(let name):
            return "unknown environment '\(name)'; known: \(LocomotionTask.knownNames)"
        case .dimensionMismatch(let task, let environment, let policy):
            return "\(task) has observations of \(environment.observation) values and actions of \(environment.action); "
                + "the policy has \(policy.observation) and \(policy.action)"
        case .simulation(let error): return error.description
        }
    }
}
