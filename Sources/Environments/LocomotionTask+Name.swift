import Core

extension LocomotionTask {
    /// The task a name refers to, ignoring case, the directory and the extension; nil when none
    /// does. In this order:
    ///
    /// 1. a gymnasium id, alone or as the first words of a file name: that version
    ///    (`Hopper-v5`, `ant-v5-dynamics.hdf5` → Ant-v5; `HalfCheetah-v4` → HalfCheetah-v4);
    /// 2. a robot followed by a version this toolkit does not simulate (`hopper-v6`, `Hopper-v3`):
    ///    nil, so that no caller silently runs another version's dynamics;
    /// 3. a robot or a D4RL dataset name or file (`hopper`, `hopper-medium-v2`,
    ///    `hopper_medium-v2.hdf5`): the robot's task in `d4rlGymnasiumVersion` (v4).
    public static func named(_ name: String) -> LocomotionTask? {
        let dataset = DatasetName(name)
        let words = dataset.name.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init)
        if let task = all.first(where: { words.starts(with: $0.gymnasiumWords) }) { return task }
        if words.count > 1, isVersion(words[1]) { return nil }
        return all.first { $0.gymnasiumVersion == d4rlGymnasiumVersion && $0.datasetDomain == dataset.domain }
    }

    /// The names `named(_:)` accepts for each task, for error messages: the D4RL robots, then
    /// the other versions' ids, `hopper, walker2d, halfcheetah, ant, hopper-v5, …`.
    public static var knownNames: String {
        all.map { $0.gymnasiumVersion == d4rlGymnasiumVersion ? $0.datasetDomain : $0.gymnasiumID.lowercased() }
            .joined(separator: ", ")
    }

    /// The id's words in lower case: `["hopper", "v5"]`.
    private var gymnasiumWords: [String] { gymnasiumID.lowercased().split(separator: "-").map(String.init) }

    /// `v` followed by digits only: a gymnasium version such as `v3`.
    private static func isVersion(_ word: String) -> Bool {
        word.count > 1 && word.first == "v" && word.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
    }
}
