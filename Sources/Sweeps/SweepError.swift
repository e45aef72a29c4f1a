/// Why a sweep cannot be planned, run or reported: one line for the user, naming the sweep file,
/// the run or the command that failed.
public struct SweepError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
