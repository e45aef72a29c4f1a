import Scores
import Core
import Environments
import Foundation
import IQL

/// What `iql-eval` prints: the checkpoint, the simulator, each episode and the score.
struct EvaluationReport: Encodable {
    var checkpoint: String
    var dataset: String
    var step: Int
    /// The robot, e.g. `Hopper`.
    var environment: String
    /// The gymnasium version simulated, e.g. `Hopper-v5`.
    var gymnasiumID: String
    var mujoco: String
    var seed: UInt64
    /// The reference pair's D4RL name and returns.
    var reference: String
    var randomReturn: Double
    var expertReturn: Double
    var referenceNote: String?
    var seconds: Double
    /// Step, returns, lengths, mean ± std and normalised score, as in `result.json`.
    var evaluation: RunResult.Evaluation

    init(checkpoint: String, saved: Checkpoint, evaluator: LocomotionEvaluator, evaluation: Evaluation, seconds: Double) {
        self.checkpoint = checkpoint
        dataset = saved.dataset.name
        step = saved.state.step
        environment = evaluator.task.name
        gymnasiumID = evaluator.task.gymnasiumID
        mujoco = Simulation.version
        seed = evaluator.seed
        reference = evaluator.reference.name
        randomReturn = evaluator.reference.randomReturn
        expertReturn = evaluator.reference.expertReturn
        referenceNote = evaluator.referenceNote
        self.seconds = seconds
        self.evaluation = RunResult.Evaluation(step: saved.state.step, evaluation: evaluation, reference: evaluator.reference)
    }

    enum CodingKeys: String, CodingKey {
        case checkpoint, dataset, step, environment, mujoco, seed, reference, seconds, evaluation
        case randomReturn = "random_return", expertReturn = "expert_return", referenceNote = "reference_note"
        case gymnasiumID = "gymnasium_id"
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    func text() -> String {
        var lines = ["\(checkpoint): \(dataset), step \(step); \(gymnasiumID) on MuJoCo \(mujoco), seeds \(seed) + k"]
        for (index, (value, length)) in zip(evaluation.returns, evaluation.episodeLengths).enumerated() {
            lines.append(String(format: "episode %2d  return %9.2f  length %4d", index, value, length))
        }
        lines.append(String(format: "mean return %.2f ± %.2f over %d episodes (%.1f s)",
                            evaluation.meanReturn, evaluation.stdReturn, evaluation.returns.count, seconds))
        lines.append(String(format: "normalised score %.2f", evaluation.normalizedScore)
                     + " (reference \(reference): random \(randomReturn), expert \(expertReturn))")
        if let referenceNote { lines.append("note: \(referenceNote)") }
        return lines.joined(separator: "\n")
    }
}
