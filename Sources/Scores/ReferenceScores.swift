import Core
/// D4RL's reference returns for one environment: a random policy's and an expert's.
///
/// The normalised score is `100 · (return − random) / (expert − random)`: 0 is random, 100 is
/// expert. D4RL's `get_normalized_score` returns the same number without the factor 100;
/// papers and this package print it ×100 (SPEC §4).
///
/// ```swift
/// let hopper = try ReferenceScores.lookup("hopper_medium-v2.hdf5")
/// hopper.normalize(1627)   // 50.61…
/// ```
public struct ReferenceScore: Hashable, Sendable {
    /// The D4RL environment name, e.g. `hopper-medium-v2`.
    public let name: String
    /// D4RL's `REF_MIN_SCORE`: the return of a random policy.
    public let randomReturn: Double
    /// D4RL's `REF_MAX_SCORE`: the return of an expert policy.
    public let expertReturn: Double

    public init(name: String, randomReturn: Double, expertReturn: Double) {
        self.name = name
        self.randomReturn = randomReturn
        self.expertReturn = expertReturn
    }

    /// 100·(return − random)/(expert − random).
    public func normalize(_ undiscountedReturn: Double) -> Double {
        100 * (undiscountedReturn - randomReturn) / (expertReturn - randomReturn)
    }

    /// The return with normalised score `score`: random + score/100 · (expert − random).
    public func unnormalize(_ score: Double) -> Double {
        randomReturn + score / 100 * (expertReturn - randomReturn)
    }
}

/// The reference returns of every D4RL environment (147 names), compiled in from
/// `d4rl_ref_scores.tsv` by `tools/make_reference_scores.py` (see `ReferenceScores+Table.swift`).
public enum ReferenceScores {
    private static let byName: [String: ReferenceScore] = Dictionary(
        uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The reference scores of a D4RL name or dataset file.
    ///
    /// `hopper-medium-v2`, `Hopper-Medium-v2`, `hopper_medium-v2.hdf5` and
    /// `/data/hopper_medium-v2.hdf5` all find `hopper-medium-v2` (see `DatasetName.canonical`).
    /// - Throws: `ReferenceScoreError.unknown` with the closest known names.
    public static func lookup(_ nameOrPath: String) throws(ReferenceScoreError) -> ReferenceScore {
        let name = DatasetName(nameOrPath).canonical
        guard let score = byName[name] else {
            throw .unknown(name: name, suggestions: suggestions(for: name))
        }
        return score
    }

    /// The pair a dataset of `robot` (`hopper`, a locomotion domain) is scored with: the
    /// dataset's own D4RL entry, or, for another name (a collected dataset, a Minari id),
    /// `<robot>-medium-v2`'s, which every gym-mujoco -v2 dataset of the robot shares, with a note
    /// saying so. Nil when the robot has no -v2 datasets.
    public static func pair(for dataset: String, robot: String) -> (score: ReferenceScore, note: String?)? {
        if let own = try? lookup(dataset), DatasetName(own.name).domain == robot { return (own, nil) }
        let fallback = "\(robot)-medium-v2"
        guard let shared = try? lookup(fallback) else { return nil }
        let note = "\(dataset) is not a D4RL \(robot) name; scores use \(fallback)'s "
            + "reference returns (\(shared.randomReturn) / \(shared.expertReturn)), shared by all \(robot) -v2 datasets"
        return (shared, note)
    }

    /// The `count` known names closest to `name` by edit distance, nearest first (ties in
    /// table order).
    public static func suggestions(for name: String, count: Int = 3) -> [String] {
        let target = Array(name)
        let ranked = all.enumerated().map { index, score in
            (distance: editDistance(target, Array(score.name)), index: index, name: score.name)
        }
        return ranked.sorted { ($0.distance, $0.index) < ($1.distance, $1.index) }.prefix(count).map(\.name)
    }
}

/// A name that is not in D4RL's reference table.
public enum ReferenceScoreError: Error, CustomStringConvertible, Equatable {
    case unknown(name: String, suggestions: [String])

    public var description: String {
        switch self {
        case .unknown(let name, let suggestions):
            let hint = suggestions.isEmpty ? "" : "; did you mean \(suggestions.joined(separator: ", "))?"
            return "unknown D4RL name '\(name)'\(hint)"
        }
    }
}

/// Levenshtein distance: the fewest single-character insertions, deletions and substitutions
/// that turn `a` into `b`. Cost O(|a|·|b|) time, O(|b|) memory.
private func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    var previous = Array(0...b.count)
    for (i, x) in a.enumerated() {
        var current = [i + 1]
        for (j, y) in b.enumerated() {
            current.append(Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
        }
        previous = current
    }
    return previous[b.count]
}
