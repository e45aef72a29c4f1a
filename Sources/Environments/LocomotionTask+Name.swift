import Core

extension LocomotionTask {
    /// The task a name refers to: a robot (`hopper`, `HalfCheetah`), a gymnasium id
    /// (`Hopper-v4`) or a dataset name or file (`hopper-medium-v2`, `hopper_medium-v2.hdf5`),
    /// matched by its first word, ignoring case. Nil when no task matches.
    public static func named(_ name: String) -> LocomotionTask? {
        let domain = DatasetName(name).domain
        return all.first { $0.datasetDomain == domain || $0.name.lowercased() == domain }
    }

    /// The names `named(_:)` accepts for each task, for error messages: `hopper, walker2d, …`.
    public static var knownNames: String { all.map(\.datasetDomain).joined(separator: ", ") }
}
