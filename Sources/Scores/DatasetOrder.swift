import Core
/// Where a D4RL name sits in a table: by domain, then robot, then dataset quality, then version,
/// each in the order papers print them (unknown values after known ones, alphabetically).
///
/// `hopper-medium-replay-v2` → (locomotion, hopper, medium-replay, 2);
/// `bullet-hopper-medium-v0` → (bullet, hopper, medium, 0); `antmaze-umaze-diverse-v0` →
/// (antmaze, antmaze, umaze-diverse, 0).
public struct DatasetOrder: Comparable, Sendable {
    /// The table domain: locomotion, antmaze, kitchen, adroit, maze2d, bullet, flow, carla, minigrid.
    public let domain: String
    public let robot: String
    public let quality: String
    public let version: Int
    /// Whether the name ends in a version (`-v2`); `version` is 0 when it does not.
    public let hasVersion: Bool

    static let domains = ["locomotion", "antmaze", "kitchen", "adroit", "maze2d", "bullet", "flow", "carla", "minigrid"]
    static let robots = ["halfcheetah", "hopper", "walker2d", "ant", "pen", "hammer", "door", "relocate"]
    static let locomotionQualities = ["random", "medium", "medium-replay", "full-replay", "medium-expert", "expert"]
    static let qualities: [String: [String]] = [
        "locomotion": locomotionQualities,
        "bullet": locomotionQualities,
        "antmaze": ["umaze", "umaze-diverse", "medium-play", "medium-diverse", "large-play", "large-diverse"],
        "kitchen": ["complete", "partial", "mixed"],
        "adroit": ["human", "cloned", "expert"],
        "maze2d": ["open", "umaze", "medium", "large", "open-dense", "umaze-dense", "medium-dense", "large-dense"],
    ]

    /// The parts of a D4RL name (`robot-quality-vN`, or `bullet-robot-quality-vN`).
    public init(_ name: String) {
        var words = name.split(separator: "-").map(String.init)
        let parsedVersion = words.last.flatMap { $0.hasPrefix("v") ? Int($0.dropFirst()) : nil }
        version = parsedVersion ?? 0
        hasVersion = parsedVersion != nil
        if words.count > 1, words.last?.hasPrefix("v") == true { words.removeLast() }
        let isBullet = words.first == "bullet" && words.count > 1
        if isBullet { words.removeFirst() }
        robot = words.first ?? name
        quality = words.dropFirst().joined(separator: "-")
        domain = isBullet ? "bullet" : Self.domain(ofRobot: robot)
    }

    static func domain(ofRobot robot: String) -> String {
        switch robot {
        case "halfcheetah", "hopper", "walker2d", "ant": "locomotion"
        case "pen", "hammer", "door", "relocate": "adroit"
        default: robot
        }
    }

    /// Known values by their list position, unknown ones after them by name.
    private static func rank(_ value: String, in known: [String]) -> (Int, String) {
        (known.firstIndex(of: value) ?? known.count, value)
    }

    /// Compares domain, robot, quality and version in turn (qualities are ranked by the
    /// domain's list, reached only when the domains are equal).
    public static func < (a: DatasetOrder, b: DatasetOrder) -> Bool {
        let qualities = Self.qualities[a.domain] ?? []
        let keys = [
            (rank(a.domain, in: domains), rank(b.domain, in: domains)),
            (rank(a.robot, in: robots), rank(b.robot, in: robots)),
            (rank(a.quality, in: qualities), rank(b.quality, in: qualities)),
            ((a.version, ""), (b.version, "")),
        ]
        return keys.first { $0.0 != $0.1 }.map { $0.0 < $0.1 } ?? false
    }
}
