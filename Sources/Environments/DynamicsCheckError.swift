/// A recording whose arrays do not have the widths of the task's model.
public struct DynamicsCheckError: Error, CustomStringConvertible, Equatable {
    public var task: String
    public var key: String
    public var found: Int
    public var expected: Int
    public var description: String {
        "'\(key)' has \(found) columns but \(task) has \(expected); is this \(task) data?"
    }
}
