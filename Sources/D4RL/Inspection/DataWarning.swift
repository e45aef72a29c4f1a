/// Something suspicious in a D4RL file that users have been bitten by (SPEC §2, pitfalls).
public enum DataWarning: Hashable, Sendable, CustomStringConvertible {
    /// An array holds NaN or ±Inf values.
    case nonFinite(key: String, count: Int, firstRow: Int)
    /// Rows flagged both terminal and timeout.
    case terminalAndTimeout(count: Int, firstRow: Int)
    /// Timeout rows after which the episode visibly continues (`next_observations[i] == observations[i+1]`).
    case timeoutWithoutReset(count: Int, firstRow: Int)
    /// Resets (`next_observations[i] != observations[i+1]`) on rows with neither terminal nor timeout.
    case resetWithoutEnd(count: Int, firstRow: Int)
    /// No `timeouts` key: episode ends are assumed every `maxEpisodeSteps` steps.
    case missingTimeouts(maxEpisodeSteps: Int)
    /// Rewards that look already transformed, with the evidence.
    case rewardsLookNormalized(evidence: String)

    public var description: String {
        switch self {
        case .nonFinite(let key, let count, let row):
            return "'\(key)' holds \(count) NaN/Inf values (first at row \(row))"
        case .terminalAndTimeout(let count, let row):
            return "\(count) rows are both terminal and timeout (first at row \(row))"
        case .timeoutWithoutReset(let count, let row):
            return "timeouts out of sync with resets: \(count) timeout rows are not followed by a reset (first at row \(row))"
        case .resetWithoutEnd(let count, let row):
            return "timeouts out of sync with resets: \(count) resets have neither terminal nor timeout (first at row \(row))"
        case .missingTimeouts(let steps):
            return "no 'timeouts' key: episode ends assumed every \(steps) steps (--max-episode-steps)"
        case .rewardsLookNormalized(let evidence):
            return "rewards look already normalised: \(evidence)"
        }
    }
}
