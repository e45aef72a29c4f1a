import ArgumentParser
import D4RL
import IQL

extension IQLConfig.Algorithm: ExpressibleByArgument {}
extension IQLConfig.Preset: ExpressibleByArgument {}
extension RewardTransform: ExpressibleByArgument {}
