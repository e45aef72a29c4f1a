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

        /// The family of a domain word, if any.
        public init?(domain: String) {
            switch domain {
            case "halfcheetah", "hopper", "walker2d", "ant": self = .locomotion
            case "antmaze": self = .antmaze
            case "kitchen": self = .kitchen
            case "pen", "hammer", "door", "relocate": self = .adroit
            default: return nil
            }
        }
    }

    /// The name as given, without directory and extension (a Minari id keeps its namespaces).
    public let name: String
    /// The task domain: `hopper` in `hopper_medium-v2`, `antmaze` in `antmaze-umaze-v0` and in
    /// `D4RL/antmaze/umaze-v1`.
    public let domain: String

    /// A D4RL name or file: the domain is the name's first word.
    public init(_ nameOrPath: String) {
        let file = nameOrPath.split(separator: "/").last.map(String.init) ?? nameOrPath
        let extensions = [".hdf5", ".h5"]
        name = extensions.reduce(file) { stem, suffix in
            stem.lowercased().hasSuffix(suffix) ? String(stem.dropLast(suffix.count)) : stem
        }
        domain = Self.words(name).first ?? ""
    }

    /// A Minari dataset id (`mujoco/hopper/medium-v0`, `D4RL/antmaze/umaze-v1`): the domain is the
    /// first word of the id that names a known domain (`hopper`, `antmaze`), else its environment
    /// component (the second of three, `pointgoal` in `fixtures/pointgoal/mixed-v0`).
    public init(minariID id: String) {
        name = id
        let components = id.split(separator: "/").map(String.init)
        let known = Self.words(id).first { Family(domain: $0) != nil }
        domain = known ?? (components.count >= 2 ? Self.words(components[components.count - 2]).first ?? "" : Self.words(id).first ?? "")
    }

    private static func words(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == "/" }).map(String.init)
    }

    /// The family the domain belongs to, if any.
    public var family: Family? { Family(domain: domain) }

    public var description: String { name }
}
