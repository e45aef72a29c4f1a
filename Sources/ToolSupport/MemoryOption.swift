import ArgumentParser
import Core

/// `--max-memory SIZE`: the memory budget for everything sized from a file or a flag.
public struct MemoryOption: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Most memory to use for datasets and networks, e.g. 8G, 512M or bytes (default: what the machine has available).",
        valueName: "size"))
    public var maxMemory: ByteCount?

    public init() {}

    /// Sets `MemoryBudget.bytes` from `--max-memory`, when given. Call before any work.
    public func apply() {
        if let maxMemory { MemoryBudget.bytes = maxMemory.bytes }
    }
}

/// A size in bytes written as a number with an optional decimal or binary unit:
/// `2000000`, `512M`, `8G`, `1.5GB`, `4GiB`.
public struct ByteCount: ExpressibleByArgument, Equatable, Sendable {
    public var bytes: Int

    public init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces).uppercased()
        let digits = text.prefix { $0.isNumber || $0 == "." }
        let unit = text.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        let scales: [String: Double] = [
            "": 1, "B": 1, "K": 1e3, "KB": 1e3, "M": 1e6, "MB": 1e6, "G": 1e9, "GB": 1e9, "T": 1e12, "TB": 1e12,
            "KIB": 1024, "MIB": 1_048_576, "GIB": 1_073_741_824, "TIB": 1_099_511_627_776,
        ]
        guard let number = Double(digits), let scale = scales[unit] else { return nil }
        let value = number * scale
        guard value >= 1, value < 9e18 else { return nil }
        bytes = Int(value)
    }

    public static var defaultCompletionKind: CompletionKind { .default }
}
