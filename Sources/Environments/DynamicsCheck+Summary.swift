extension DynamicsCheck {
    /// The largest and the median of a list of per-row errors.
    public struct ErrorSummary: Sendable, Equatable {
        public var max: Double
        public var median: Double

        /// max and median (the mean of the two middle values for an even count) of `errors`;
        /// zero for an empty list.
        public init(_ errors: [Double]) {
            let sorted = errors.sorted()
            max = sorted.last ?? 0
            guard !sorted.isEmpty else { median = 0; return }
            let middle = sorted.count / 2
            median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        }
    }

    /// max and median of maxⱼ |ŝ′_ij − s′_ij| over the rows.
    public var observationSummary: ErrorSummary { ErrorSummary(observationErrors) }
    /// max and median of |r̂_i − r_i| over the rows.
    public var rewardSummary: ErrorSummary { ErrorSummary(rewardErrors) }
    /// The number of rows whose simulated termination differs from the recorded flag.
    public var terminalMismatchCount: Int { terminalMismatches.filter { $0 }.count }
}
