/// What a dataset's name says about it: the task domain, which decides the
/// reward transform (SPEC §2) and the IQL preset (SPEC §3).
///
/// Names are D4RL's (`hopper-medium-v2`) or its download files'
/// (`hopper_medium-v2.hdf5`); matching ignores case, the directory and the extension.
public struct DatasetName: Hashable, Sendable, CustomStringConvertible {
    /// The task families that share a reward transform and hyperparameters.
    public enum Family: String, Hashable, Sendable, CaseIterable {
        /// halfcheetah, hopper, walker2d, ant.
        case locomotion
        /// antmaze-*.
        case antmaze
        /// kitchen-*.
        case kitchen
        /// pen, hammer, door, relocate (Adroit).
        case adroit
    }

    /// The name as given, without directory and extension.
    public let name: String

    public init(_ nameOrPath: String) {
        let file = nameOrPath.split(separator: "/").last.map(String.init) ?? nameOrPath
        let extensions = [".hdf5", ".h5"]
        name = extensions.reduce(file) { stem, suffix in
            stem.lowercased().hasSuffix(suffix) ? String(stem.dropLast(suffix.count)) : stem
        }
    }

    /// The first word of the name: `hopper` in `hopper_medium-v2`, `antmaze` in `antmaze-umaze-v0`.
    public var domain: String {
        String(name.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first ?? "")
    }

    /// The family the domain belongs to, if any.
    public var family: Family? {
        switch domain {
        case "halfcheetah", "hopper", "walker2d", "ant": return .locomotion
        case "antmaze": return .antmaze
        case "kitchen": return .kitchen
        case "pen", "hammer", "door", "relocate": return .adroit
        default: return nil
        }
    }

    public var description: String { name }
}
