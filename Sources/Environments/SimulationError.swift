/// A MuJoCo model file that cannot be read or compiled; `message` is MuJoCo's own.
public struct SimulationError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}
