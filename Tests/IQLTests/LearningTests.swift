import Core
import Scores
import D4RL
import Environments
import Foundation
import HDF5
import IQL
import TestSupport
import Testing

/// IQL learns from mixed data what behaviour cloning cannot: on the point-mass fixture (150
/// episodes of a good controller, 150 of uniform random actions), the IQL policy must beat the
/// BC policy by a clear margin after a few thousand updates, evaluated in `PointMass` itself.
struct LearningTests {
    static let path = Fixtures.path("d4rl/pointmass-wind-v0.hdf5")
    static let updates = 3000

    /// Mean return over 50 evaluation episodes of a policy trained with `algorithm`.
    static func trainAndEvaluate(_ algorithm: IQLConfig.Algorithm) throws -> Double {
        var config = IQLConfig()
        config.algorithm = algorithm
        config.hiddenDims = [64, 64]
        config.maxSteps = updates
        let data = try PreprocessedData(try D4RLDataset(contentsOf: path))
        let trainer = Trainer(data: data, preprocessing: PreprocessingOptions(), dataset: try DatasetIdentity(fileAt: path),
                              config: config, seed: 0, targetSteps: updates)
        while trainer.step < updates { trainer.train() }
        var environment = PointMass()
        let evaluation = Evaluation(policy: TrainedPolicy(trainer.checkpoint), environment: &environment, episodes: 50, seed: 1000)
        return evaluation.meanReturn
    }

    @Test("IQL beats BC on mixed good/random point-mass data")
    func iqlBeatsBehaviourCloning() throws {
        let root = try File(opening: Self.path).root()
        let reference = ReferenceScore(name: "pointmass-wind-v0", randomReturn: try root.attribute("ref_min_score", as: Double.self),
                                       expertReturn: try root.attribute("ref_max_score", as: Double.self))
        let iql = reference.normalize(try Self.trainAndEvaluate(.iql))
        let bc = reference.normalize(try Self.trainAndEvaluate(.bc))
        print("point mass after \(Self.updates) updates: IQL normalised score \(iql), BC \(bc)")
        #expect(iql >= bc + 15, "IQL \(iql) does not beat BC \(bc) by 15 points")
        #expect(iql >= 80, "IQL reaches only \(iql) of the good controller's return")
    }
}
