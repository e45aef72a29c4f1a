import Foundation

/// How much memory the process lets anything sized from a file or a flag allocate.
///
/// Declared shapes, batch sizes and network widths are checked against it before any buffer
/// is allocated, so a small file that declares (1 000 000 000, 11) floats, or a flag asking for
/// a 10¹² -unit layer, is refused with one line instead of aborting the process when the
/// allocation fails.
///
///     MemoryBudget.bytes = 8_000_000_000   // --max-memory 8G
///     if let reason = MemoryBudget.refusal(44_000_000_000) { throw … }   // "needs 44.0 GB, more than …"
///
/// The default is what this process can still get: the smallest of the system's available memory
/// (`MemAvailable` in `/proc/meminfo`), the cgroup's limit (`memory.max`) less its usage, and the
/// address-space and data-segment limits (`ulimit -v`, `-d`) less what the process already uses.
/// Set it once, before any work starts (tools do so from `--max-memory`).
public enum MemoryBudget {
    /// The budget, in bytes.
    nonisolated(unsafe) public static var bytes: Int = available()

    /// Why `bytes` cannot be allocated (`needs 44.0 GB, more than the memory budget of 23.1 GB`),
    /// or nil when it fits. `bytes` nil stands for a size that overflowed `Int`.
    public static func refusal(_ bytes: Int?) -> String? {
        guard let bytes else { return "is larger than any machine can hold" }
        guard bytes > self.bytes else { return nil }
        return "needs \(describe(bytes)), more than the memory budget of \(describe(self.bytes))"
    }

    /// `count · elementBytes`, or nil when the product overflows `Int`.
    public static func byteCount(_ count: Int, elementBytes: Int) -> Int? {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: elementBytes)
        return overflow ? nil : bytes
    }

    /// Bytes in decimal units with three significant digits: `512 B`, `3.20 MB`, `44.0 GB`.
    public static func describe(_ bytes: Int) -> String {
        let units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]
        var value = Double(bytes), unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        if unit == 0 { return "\(bytes) B" }
        let digits = value >= 100 ? 0 : value >= 10 ? 1 : 2
        return String(format: "%.\(digits)f %@", value, units[unit])
    }

    /// What this process can still allocate now (see the type's documentation).
    public static func available() -> Int {
        var limits: [Int] = []
        #if os(Linux)
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        if let available = kilobytes(named: "MemAvailable", in: meminfo) { limits.append(available) }
        if let maximum = number(atPath: "/sys/fs/cgroup/memory.max") {
            limits.append(max(maximum - (number(atPath: "/sys/fs/cgroup/memory.current") ?? 0), 0))
        }
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        for (resource, used) in [(RLIMIT_AS, "VmSize"), (RLIMIT_DATA, "VmData")] {
            var limit = rlimit()
            guard getrlimit(__rlimit_resource_t(resource.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max,
                  let bound = Int(exactly: limit.rlim_cur) else { continue }
            limits.append(max(bound - (kilobytes(named: used, in: status) ?? 0), 0))
        }
        #endif
        if limits.isEmpty { limits.append(Int(clamping: ProcessInfo.processInfo.physicalMemory)) }
        return limits.min()!
    }

    /// The value of a `Name:   1234 kB` line, in bytes.
    private static func kilobytes(named name: String, in text: String) -> Int? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            let fields = line.split(separator: " ")
            guard fields.count >= 2, let value = Int(fields[1]) else { return nil }
            return value.multipliedReportingOverflow(by: 1024).overflow ? nil : value * 1024
        }
        return nil
    }

    /// A file holding one integer (a cgroup limit), or nil (absent, or `max`).
    private static func number(atPath path: String) -> Int? {
        (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
}
