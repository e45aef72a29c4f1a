import Foundation

/// What the real `minari` package reads from a dataset: the JSON `tools/minari_facts.py` prints
/// (and `Fixtures/minari/expected.json` holds, keyed by dataset id).
public struct MinariFacts: Decodable, Sendable {
    public struct Episode: Decodable, Sendable {
        public var id: Int, length: Int, `return`: Double, terminated: Bool, truncated: Bool
        public var first_observation: [Double], last_observation: [Double], first_action: [Double], last_action: [Double]
    }
    public var dataset_id: String
    public var total_episodes: Int, total_steps: Int, terminated_episodes: Int, truncated_episodes: Int
    public var observation_keys: [String]
    public var ref_min_score: Double?, ref_max_score: Double?
    public var episodes: [Episode]

    /// The facts of every fixture dataset, keyed by id (empty when the file is missing).
    public static let fixtures: [String: MinariFacts] = {
        let data = (try? Data(contentsOf: URL(fileURLWithPath: Fixtures.path("minari/expected.json")))) ?? Data()
        return (try? JSONDecoder().decode([String: MinariFacts].self, from: data)) ?? [:]
    }()

    /// What minari reads from the dataset directory at `path`, through `tools/minari_facts.py`.
    public static func read(_ path: String) throws -> MinariFacts {
        let script = Fixtures.packageRoot.appendingPathComponent("tools/minari_facts.py").path
        let result = try runProcess("python3", [script, path])
        guard result.status == 0 else {
            throw PythonH5py.PythonError(message: "minari_facts.py exited \(result.status): \(result.standardError)")
        }
        return try JSONDecoder().decode(MinariFacts.self, from: Data(result.standardOutput.utf8))
    }

    /// True when python3 imports minari (`tools/requirements-minari-read.txt`).
    public static let isAvailable: Bool = {
        (try? runProcess("python3", ["-c", "import minari"]).status) == 0
    }()

    /// True when minari tests must run: in CI (`CI=true`), where `.ci/run` installs it.
    public static var isRequired: Bool { PythonH5py.isRequired }
}
