import Core
import NN

extension TrainedPolicy {
    /// A single-thread copy of the policy that reuses one workspace for every action, for
    /// rollouts (`Evaluation(episodes:seed:makeEnvironment:makePolicy:)` makes one per thread).
    ///
    /// Workers run side by side on several threads, each calling BLAS, so this sets BLAS to one
    /// thread per call, as `Trainer` does (SPEC §6: multi-threaded OpenBLAS is unreliable here).
    public func worker() -> Worker {
        BLAS.setThreadCount(1)
        return Worker(policy: self)
    }

    /// A `TrainedPolicy` with its own forward-pass workspace: the same actions, bit for bit,
    /// without allocating network buffers at every step. Not thread-safe; make one per thread.
    public final class Worker: Policy {
        public let policy: TrainedPolicy
        private let workspace: MLP.Workspace

        init(policy: TrainedPolicy) {
            self.policy = policy
            workspace = policy.makeWorkspace(batchCapacity: 1)
        }

        public func action(for observation: [Float]) -> [Float] {
            policy.actions(for: observation, count: 1, workspace: workspace)
        }
    }
}
