import Core
extension DatasetName {
    /// The name as D4RL spells it: lower case, `_` → `-`.
    ///
    /// D4RL's download files put `_` between robot and quality (`hopper_medium_replay-v2.hdf5`);
    /// no D4RL environment name contains `_`, so the replacement is safe for every domain
    /// (`antmaze-umaze-diverse-v0`, `kitchen-complete-v0`, `pen-human-v1`, `maze2d-open-v0`).
    /// Suffixes such as `-mini` are kept: `hopper-medium-v2-mini` is not a D4RL name.
    public var canonical: String {
        String(name.lowercased().map { $0 == "_" ? "-" : $0 })
    }
}
