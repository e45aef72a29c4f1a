import HDF5
import NN

extension LearnerState {
    /// The four networks' group names, as in checkpoints' `/params` and golden files' `/init`.
    static let networkNames = ["critic", "target_critic", "value", "actor"]

    /// Reads the four parameter sets from `group/critic`, `group/target_critic`,
    /// `group/value` and `group/actor` (tensor names as in `Learner`: `q1/layer0/kernel`,
    /// `layer0/bias`, `layers/layer2/kernel`, `log_std`, ...), with fresh Adam
    /// states and step 0. This is the layout of a checkpoint's `/params` and of
    /// a golden update file's `/init` and `/final`.
    public init(parametersIn group: Group, config: IQLConfig, observationDim: Int, actionDim: Int) throws(CheckpointError) {
        let layouts = Learner.layouts(config: config, observationDim: observationDim, actionDim: actionDim).parameters
        var networks = [layouts.critic, layouts.critic, layouts.value, layouts.actor]
        for (index, name) in Self.networkNames.enumerated() {
            let network = try checkpointIO { () throws(HDF5Error) in try group.group(name) }
            try networks[index].read(from: network)
        }
        let adam = Adam(beta1: config.adamBeta1, beta2: config.adamBeta2, epsilon: config.adamEpsilon)
        self.init(step: 0, critic: Trainable(parameters: networks[0], adam: adam), targetCritic: networks[1],
                  value: Trainable(parameters: networks[2], adam: adam), actor: Trainable(parameters: networks[3], adam: adam))
    }

    /// The four parameter sets in `networkNames` order.
    var networks: [Parameters] { [critic.parameters, targetCritic, value.parameters, actor.parameters] }

    /// Writes the four parameter sets below `group`, in the layout `init(parametersIn:…)` reads.
    public func writeParameters(to group: Group) throws(HDF5Error) {
        for (name, parameters) in zip(Self.networkNames, networks) {
            try parameters.write(to: try group.createGroup(name))
        }
    }
}
