import ArgumentParser
import Foundation
import D4RL
import IQL

extension IQLConfig.Algorithm: ExpressibleByArgument {}
extension IQLConfig.Preset: ExpressibleByArgument {}
extension RewardTransform: ExpressibleByArgument {}

/// Writes `message` as one line on standard error, the way every tool reports a failure.
public func printError(_ message: String) {
    var standardError = StandardError()
    print("error: \(message)", to: &standardError)
}

/// Standard error as a `TextOutputStream`.
public struct StandardError: TextOutputStream {
    public init() {}
    public mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}
