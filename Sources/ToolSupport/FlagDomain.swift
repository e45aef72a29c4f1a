import ArgumentParser

/// Throws `ValidationError("--expectile must be in (0, 1), got 1.5")` unless `value` is nil or
/// in its domain: the one check every numeric flag goes through.
///
///     try requireFlag(expectile, "--expectile", "in (0, 1)") { $0 > 0 && $0 < 1 }
///
/// NaN fails every comparison, so a domain written as comparisons also refuses it.
public func requireFlag<T>(_ value: T?, _ flag: String, _ domain: String, _ isValid: (T) -> Bool) throws {
    guard let value, !isValid(value) else { return }
    throw ValidationError("\(flag) must be \(domain), got \(value)")
}

