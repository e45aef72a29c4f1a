import Core
import HDF5
import IQL
import NN
import SAC

extension SACConfig {
    /// `@hidden_dims`, `@batch_size`, `@discount`, `@target_update_rate`, `@learning_rate`.
    func write(to group: Group) throws(HDF5Error) {
        try group.setAttribute("hidden_dims", hiddenDims.map(Int64.init))
        try group.setAttribute("batch_size", Int64(batchSize))
        try group.setAttribute("discount", discount)
        try group.setAttribute("target_update_rate", targetUpdateRate)
        try group.setAttribute("learning_rate", learningRate)
    }

    /// Reads what `write(to:)` wrote and requires every field in its domain.
    init(readingFrom group: Group) throws(CheckpointError) {
        self.init()
        guard case .integers(let hidden) = try checkpointIO({ () throws(HDF5Error) in try group.attribute("hidden_dims") }) else {
            throw .incompatible(file: group.location.file, reason: "\(group.path)@hidden_dims is not a list of integers")
        }
        hiddenDims = hidden.map { Int(clamping: $0) }
        batchSize = try group.integer("batch_size")
        discount = try group.scalar("discount", as: Float.self)
        targetUpdateRate = try group.scalar("target_update_rate", as: Float.self)
        learningRate = try group.scalar("learning_rate", as: Float.self)
        if let violation = violations().first { throw .incompatible(file: group.location.file, reason: "config: \(violation)") }
    }

    /// Refuses a learner that would not fit in `MemoryBudget` at these widths.
    func requireMemory(observationDim: Int, actionDim: Int, file: String) throws(CheckpointError) {
        if let reason = MemoryBudget.refusal(memoryRequirement(observationDim: observationDim, actionDim: actionDim)) {
            throw .incompatible(file: file, reason: "its networks \(reason)")
        }
    }

    func combine(into hash: inout ContentHash) {
        hash.combine([hiddenDims.count] + hiddenDims + [batchSize])
        hash.combine([discount, targetUpdateRate, learningRate])
    }
}

extension SACState {
    /// `group/params/{critic, target_critic, actor, log_alpha}/<tensor>`,
    /// `group/optimizers/{critic, actor, log_alpha}` and `group@step`.
    func write(to group: Group) throws(HDF5Error) {
        try group.setAttribute("step", Int64(step))
        let params = try group.createGroup("params"), optimizers = try group.createGroup("optimizers")
        for (name, parameters) in zip(Self.networkNames, networks) { try parameters.write(to: try params.createGroup(name)) }
        for (name, optimizer) in zip(Self.optimizerNames, self.optimizers) { try optimizer.write(to: try optimizers.createGroup(name)) }
    }

    /// Reads what `write(to:)` wrote into the layouts of `config` at these widths.
    init(readingFrom group: Group, config: SACConfig, observationDim: Int, actionDim: Int) throws(CheckpointError) {
        let layouts = SACLearner.layouts(config: config, observationDim: observationDim, actionDim: actionDim).parameters
        var networks = [layouts.critic, layouts.critic, layouts.actor, layouts.logTemperature]
        let params = try group.child("params"), optimizerGroup = try group.child("optimizers")
        for (index, name) in Self.networkNames.enumerated() { try networks[index].read(from: try params.child(name)) }
        var optimizers: [Adam.State] = []
        for (name, index) in zip(Self.optimizerNames, [0, 2, 3]) {
            optimizers.append(try Adam.State(readingFrom: try optimizerGroup.child(name), count: networks[index].count))
        }
        self.init(step: try group.integer("step", in: 0...Int.max / 2),
                  critic: Trainable(parameters: networks[0], optimizer: optimizers[0]), targetCritic: networks[1],
                  actor: Trainable(parameters: networks[2], optimizer: optimizers[1]),
                  logTemperature: Trainable(parameters: networks[3], optimizer: optimizers[2]))
    }

    func combine(into hash: inout ContentHash) {
        hash.combine([step])
        for parameters in networks { hash.combine(parameters.values) }
        for optimizer in optimizers { optimizer.combine(into: &hash) }
    }
}
