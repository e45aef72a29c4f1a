import Core
import HDF5

/// Reads the episodes of a Minari `main_data.hdf5` with the checks of `MinariDataset`.
struct _MinariReader {
    let location: MinariLocation
    let metadata: MinariMetadata
    let requireFinite: Bool
    let root: Group
    /// `episode_<i>` for i in 0 ..< count, in order.
    let episodeNames: [String]
    private(set) var warnings: [String] = []
    private(set) var nonFinite: [String: Int] = [:]
    private(set) var actionDim = 0
    /// Bytes allocated so far, held against `MemoryBudget` before each read.
    private var allocated = 0

    var path: String { location.mainDataPath }

    init(location: MinariLocation, metadata: MinariMetadata, requireFinite: Bool, root opened: Group?) throws(MinariError) {
        self.location = location
        self.metadata = metadata
        self.requireFinite = requireFinite
        let root: Group
        if let opened { root = opened } else {
            do { root = try File(opening: location.mainDataPath).root() } catch { throw .unreadable(error) }
        }
        self.root = root
        let indices = try Self.unreadable { () throws(HDF5Error) in try root.children() }.compactMap { child -> Int? in
            guard child.name.hasPrefix("episode_"), let index = Int(child.name.dropFirst("episode_".count)), index >= 0,
                  "episode_\(index)" == child.name else { return nil }
            return index
        }.sorted()
        if let gap = indices.enumerated().first(where: { $0.offset != $0.element }) {
            throw .episode(path: location.mainDataPath, episode: "episode_\(gap.offset)",
                           reason: "missing: the file has \(indices.count) episodes up to episode_\(indices.last!) (episode ids must run 0, 1, 2, …)")
        }
        episodeNames = indices.map { "episode_\($0)" }
        if indices.count != metadata.totalEpisodes {
            warnings.append("metadata.json says \(metadata.totalEpisodes) episodes, main_data.hdf5 holds \(indices.count)")
        }
    }

    /// The observation leaves to read and their widths: `requested` in its order (a top-level key
    /// selects every leaf below it), or every leaf of the space. Without a recorded observation
    /// space, the first episode's layout is used (Dict keys then in name order, with a warning).
    mutating func selectKeys(_ requested: [String]?) throws(MinariError) -> ([String], [Int]) {
        let leaves: [(path: String, width: Int)]
        if let space = metadata.observationSpace {
            guard space.flatWidth != nil else {
                throw .metadata(path: location.metadataPath, reason: "the observation space \(space.summary) cannot be flattened to numbers")
            }
            leaves = space.leaves.map { ($0.path, $0.space.flatWidth!) }
        } else {
            leaves = try fileLeaves()
            if leaves.count > 1 { warnings.append("metadata.json has no observation_space: Dict keys taken in name order") }
        }
        guard let requested else { return (leaves.map(\.path), leaves.map(\.width)) }
        var chosen: [(path: String, width: Int)] = []
        for key in requested {
            let matching = leaves.filter { $0.path == key || $0.path.hasPrefix(key + "/") }
            guard !matching.isEmpty, !key.isEmpty else {
                throw .unknownObservationKey(path: location.metadataPath, key: key, known: leaves.map(\.path))
            }
            chosen += matching
        }
        return (chosen.map(\.path), chosen.map(\.width))
    }

    /// Every episode, checked and flattened.
    mutating func readEpisodes(keys: [String]) throws(MinariError) -> [MinariEpisode] {
        var episodes: [MinariEpisode] = []
        episodes.reserveCapacity(episodeNames.count)
        let layout = try observationLayout(of: episodeNames.first)
        var emptyEpisodes: [Int] = []
        for (index, name) in episodeNames.enumerated() {
            let episode = try readEpisode(index, name, keys: keys, layout: layout)
            if episode.length == 0 { emptyEpisodes.append(index) }
            episodes.append(episode)
        }
        if let first = emptyEpisodes.first {
            warnings.append("\(emptyEpisodes.count) episodes have no step (first: episode_\(first))")
        }
        let steps = episodes.reduce(0) { $0 + $1.length }
        if steps != metadata.totalSteps {
            warnings.append("metadata.json says \(metadata.totalSteps) steps, the episodes hold \(steps)")
        }
        return episodes
    }

    /// Reads one episode after checking every array's shape (T rows of actions, rewards,
    /// terminations and truncations, T + 1 of each observation key) and that all of them fit the
    /// memory budget together, so a damaged shape is refused before anything is allocated.
    private mutating func readEpisode(_ index: Int, _ name: String, keys: [String], layout: [String]) throws(MinariError) -> MinariEpisode {
        let group = try Self.unreadable { () throws(HDF5Error) in try root.group(name) }
        func fail(_ reason: String) -> MinariError { .episode(path: path, episode: name, reason: reason) }
        let here = try observationLayout(of: name)
        guard here == layout else {
            throw fail("observation keys \(here.joined(separator: ", ")) differ from episode_0's \(layout.joined(separator: ", "))")
        }
        let rewards = try dataset(group, "rewards", episode: name)
        guard rewards.shape.count == 1 || (rewards.shape.count == 2 && rewards.shape[1] == 1) else {
            throw fail("rewards has shape \(rewards.shape), expected (T,)")
        }
        let steps = rewards.shape[0]
        func vector(_ key: String) throws(MinariError) -> Dataset {
            let stored = try dataset(group, key, episode: name)
            guard stored.shape.count == 1 || stored.shape == [steps, 1], stored.shape.first == steps else {
                throw fail("\(key) has shape \(stored.shape), expected (\(steps),) like rewards")
            }
            return stored
        }
        let terminations = try vector("terminations"), truncations = try vector("truncations")
        let actions = try dataset(group, "actions", episode: name)
        guard (1...2).contains(actions.shape.count) else { throw fail("actions has shape \(actions.shape), expected (T,) or (T, A)") }
        guard actions.shape[0] == steps else { throw fail("actions has \(actions.shape[0]) rows, rewards \(steps)") }
        let width = actions.shape.count == 2 ? actions.shape[1] : 1
        if index == 0 { actionDim = width }
        guard width == actionDim else { throw fail("actions has \(width) columns, episode_0's \(actionDim)") }
        if let recorded = try? group.attribute("total_steps", as: Int64.self), recorded != Int64(steps) {
            warnings.append("\(name)@total_steps is \(recorded), its arrays hold \(steps) steps")
        }
        var leaves: [(key: String, dataset: Dataset)] = []
        for key in keys {
            let label = "observations" + (key.isEmpty ? "" : "/" + key)
            let leaf = try dataset(group, label, episode: name)
            guard leaf.shape.first == steps + 1 else { throw fail("\(label) has \(leaf.shape.first ?? 0) rows, expected T + 1 = \(steps + 1)") }
            leaves.append((label, leaf))
        }
        try reserve(leaves.map(\.dataset) + [actions, terminations, truncations], floats: true)
        try reserve([rewards], floats: false)
        var columns: [(values: [Float], width: Int)] = []
        for leaf in leaves {
            let values: [Float] = try read(leaf.dataset, key: leaf.key)
            columns.append((values, values.count / (steps + 1)))
        }
        let seed = try? group.attribute("seed", as: Int64.self)
        return MinariEpisode(index: index, seed: seed, observations: Self.interleave(columns, rows: steps + 1),
                             actions: try read(actions, key: "actions"), rewards: try read(rewards, key: "rewards"),
                             terminations: (try read(terminations, key: "terminations") as [Float]).map { $0 != 0 },
                             truncations: (try read(truncations, key: "truncations") as [Float]).map { $0 != 0 })
    }

    private func observationLayout(of name: String?) throws(MinariError) -> [String] {
        guard let name else { return [] }
        let group = try Self.unreadable { () throws(HDF5Error) in try root.group(name) }
        return try Self.unreadable { () throws(HDF5Error) in try Self.leaves(of: group, at: "observations") }
    }

    private func fileLeaves() throws(MinariError) -> [(path: String, width: Int)] {
        guard let first = episodeNames.first else { return [] }
        let group = try Self.unreadable { () throws(HDF5Error) in try root.group(first) }
        return try observationLayout(of: first).map { key throws(MinariError) in
            let leaf = try dataset(group, key.isEmpty ? "observations" : "observations/" + key, episode: first)
            return (key, leaf.shape.dropFirst().reduce(1, *))
        }
    }

    /// Dataset paths below `path` in `group`, relative to it, in name order.
    private static func leaves(of group: Group, at path: String) throws(HDF5Error) -> [String] {
        guard try group.contains(path) else { return [] }
        if try group.children().first(where: { $0.name == path })?.kind == .dataset { return [""] }
        var found: [String] = []
        for child in try group.group(path).children() {
            switch child.kind {
            case .dataset: found.append(child.name)
            case .group: found += try leaves(of: group, at: path + "/" + child.name).map { child.name + "/" + $0 }
            default: continue
            }
        }
        return found
    }

    private func dataset(_ group: Group, _ key: String, episode: String) throws(MinariError) -> Dataset {
        do {
            guard try group.contains(key) else { throw MinariError.episode(path: path, episode: episode, reason: "no '\(key)'") }
            let dataset = try group.dataset(key)
            guard dataset.elementType.isNumeric, !dataset.shape.isEmpty else {
                throw MinariError.episode(path: path, episode: episode, reason: "'\(key)' is \(dataset.declaration), expected numbers per step")
            }
            return dataset
        } catch let error as MinariError {
            throw error
        } catch let error as HDF5Error {
            throw .unreadable(error)
        } catch {
            throw .episode(path: path, episode: episode, reason: "\(error)")
        }
    }

    /// Adds what `datasets` take as Float (`floats`) or Double to the running total of bytes read,
    /// refusing it when the total passes `MemoryBudget`.
    private mutating func reserve(_ datasets: [Dataset], floats: Bool) throws(MinariError) {
        let elementBytes = floats ? MemoryLayout<Float>.stride : MemoryLayout<Double>.stride
        var total: Int? = allocated
        for dataset in datasets {
            let bytes = MemoryBudget.byteCount(dataset.elementCount, elementBytes: elementBytes)
            total = total.flatMap { total in bytes.flatMap { total.addingReportingOverflow($0).overflow ? nil : total + $0 } }
        }
        if let reason = MemoryBudget.refusal(total) { throw .tooLarge(path: path, reason: reason) }
        allocated = total ?? allocated
    }

    /// Reads `dataset` as `T` (its bytes already reserved), counting (or refusing) NaN/±Inf under `key`.
    private mutating func read<T: HDF5Scalar & BinaryFloatingPoint>(_ dataset: Dataset, key: String) throws(MinariError) -> [T] {
        let values = try Self.unreadable { () throws(HDF5Error) in try dataset.read(as: T.self) }
        let bad = values.reduce(0) { $0 + ($1.isFinite ? 0 : 1) }
        if bad > 0 {
            if requireFinite { throw .episode(path: path, episode: dataset.path.split(separator: "/").first.map(String.init) ?? "",
                                              reason: "'\(key)' holds \(bad) NaN/Inf values") }
            nonFinite[key, default: 0] += bad
        }
        return values
    }

    /// Columns of `rows` rows each, side by side.
    private static func interleave(_ columns: [(values: [Float], width: Int)], rows: Int) -> [Float] {
        if columns.count == 1 { return columns[0].values }
        let width = columns.reduce(0) { $0 + $1.width }
        var result = [Float](repeating: 0, count: rows * width)
        var offset = 0
        for column in columns {
            for row in 0..<rows {
                for j in 0..<column.width { result[row * width + offset + j] = column.values[row * column.width + j] }
            }
            offset += column.width
        }
        return result
    }

    private static func unreadable<T>(_ body: () throws(HDF5Error) -> T) throws(MinariError) -> T {
        do { return try body() } catch { throw .unreadable(error) }
    }
}
