import Core
import Environments
import Foundation
import HDF5
import IQL
import NN
import SAC

extension SACPolicy {
    public static let fileFormat = "d4rl-sac-policy"
    public static let fileVersion = 1

    /// A policy file: what `d4rl-collect --policy stochastic:FILE` and `deterministic:FILE` act with.
    ///
    ///     /@format = "d4rl-sac-policy", @version = 1, @task (gymnasium id), @observation_dim,
    ///      @action_dim, @hidden_dims, @environment_steps, @evaluation_return (NaN: not evaluated),
    ///      @content_hash
    ///     /actor/<tensor>   (layers/layer0/kernel, …; float32)
    ///
    /// Written atomically; an existing file is replaced only when `overwrite` is true.
    public func write(to path: String, task: LocomotionTask, environmentSteps: Int, evaluationReturn: Double?,
                      overwrite: Bool) throws(CheckpointError) {
        if !overwrite && FileManager.default.fileExists(atPath: path) {
            throw .incompatible(file: path, reason: "exists; pass --overwrite to replace it")
        }
        try writeCheckpointFile(to: path) { root in
            try root.setAttribute("format", Self.fileFormat)
            try root.setAttribute("version", Int64(Self.fileVersion))
            try root.setAttribute("task", task.gymnasiumID)
            try root.setAttribute("observation_dim", Int64(observationDim))
            try root.setAttribute("action_dim", Int64(actionDim))
            try root.setAttribute("hidden_dims", hiddenDims.map(Int64.init))
            try root.setAttribute("environment_steps", Int64(environmentSteps))
            try root.setAttribute("evaluation_return", evaluationReturn ?? .nan)
            try root.setAttribute("content_hash", Self.contentHash(task: task.gymnasiumID, hiddenDims: hiddenDims, actor: actor))
            try actor.write(to: try root.createGroup("actor"))
        }
    }

    /// Whether the HDF5 file at `path` says it is a SAC policy file (`@format`); false for other
    /// HDF5 files, e.g. behaviour policies.
    /// - Throws: `CheckpointError.unreadable` when the file cannot be opened as HDF5.
    public static func isPolicyFile(_ path: String) throws(CheckpointError) -> Bool {
        let root = try checkpointIO { () throws(HDF5Error) in try File(opening: path).root() }
        return (try? root.stringAttribute("format")) == fileFormat
    }

    /// Reads and verifies a policy file; `task` is the gymnasium id it was trained in. Widths are
    /// checked against `MemoryBudget` before the network is allocated.
    public init(contentsOf path: String) throws(CheckpointError) {
        let root = try openCheckpointFile(path, format: Self.fileFormat, version: Self.fileVersion, kind: "SAC policy file")
        let (o, a) = (try root.integer("observation_dim", in: 1...(1 << 20)), try root.integer("action_dim", in: 1...(1 << 20)))
        guard case .integers(let hidden) = try checkpointIO({ () throws(HDF5Error) in try root.attribute("hidden_dims") }),
              (1...SACConfig.maximumHiddenLayers).contains(hidden.count),
              hidden.allSatisfy({ (1...Int64(SACConfig.maximumLayerWidth)).contains($0) }) else {
            throw .incompatible(file: path, reason: "@hidden_dims is not 1 to \(SACConfig.maximumHiddenLayers) widths in 1...\(SACConfig.maximumLayerWidth)")
        }
        let hiddenDims = hidden.map { Int($0) }
        let floats = SACConfig.parameterCount(sizes: [o] + hiddenDims + [2 * a])
        if let reason = MemoryBudget.refusal(floats.flatMap { MemoryBudget.byteCount($0, elementBytes: 4) }) {
            throw .incompatible(file: path, reason: "its policy network \(reason)")
        }
        var actor = Self.layout(hiddenDims: hiddenDims, observationDim: o, actionDim: a)
        try actor.read(from: try root.child("actor"))
        let task = try checkpointIO { () throws(HDF5Error) in try root.stringAttribute("task") }
        let stored = try checkpointIO { () throws(HDF5Error) in try root.stringAttribute("content_hash") }
        let computed = Self.contentHash(task: task, hiddenDims: hiddenDims, actor: actor)
        guard stored == computed else { throw .corrupted(file: path, reason: "contents hash to \(computed), the file says \(stored)") }
        self.init(hiddenDims: hiddenDims, observationDim: o, actionDim: a, actor: actor, task: task)
    }

    private static func contentHash(task: String, hiddenDims: [Int], actor: Parameters) -> String {
        var hash = ContentHash()
        hash.combine(task)
        hash.combine(hiddenDims)
        hash.combine(actor.values)
        return hash.hex
    }
}
