/// A file that is not a behaviour policy of the `/work/shared/policies` layout.
public struct BehaviorPolicyError: Error, CustomStringConvertible, Equatable {
    public var path: String
    /// What is wrong, e.g. `no 'log_std' array`.
    public var reason: String
    public var description: String { "\(path): not a behaviour policy file: \(reason)" }
}
