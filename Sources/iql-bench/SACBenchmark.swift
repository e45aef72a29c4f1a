import ArgumentParser
import Core
import Environments
import Foundation
import NN
import Online
import SAC
import ToolSupport

/// `iql-bench sac`: environment steps per second of the whole SAC loop (acting, simulating,
/// storing, one update per step), optionally beside CleanRL's SAC, interleaved.
struct SACBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sac",
        abstract: "Time the SAC loop (environment steps/s, learning included) beside CleanRL's SAC.",
        discussion: """
            Each round runs a fresh SAC run (batch 256, 2×256 networks, one update per step) in the \
            simulator: --random-steps uniform random steps untimed, then --steps timed learning steps, \
            on --threads threads. With --reference, tools/cleanrl_sac_speed.py runs CleanRL's \
            sac_continuous_action (PyTorch on CPU, one thread) on the same gymnasium task for the same \
            steps, alternating with ours for --rounds rounds; the ratio is ours / CleanRL. CleanRL \
            is not installed by this tool:
              python3 -m venv cleanrl-venv && cleanrl-venv/bin/pip install --no-deps --ignore-requires-python -r tools/requirements-cleanrl.txt
            """)

    @Option(help: "Simulator: hopper, halfcheetah, walker2d, ant (gymnasium v4).")
    var env = "hopper"

    @Option(help: "Timed learning steps per round.")
    var steps = 2000

    @Option(help: "Untimed uniform random steps before learning starts, as in a run.")
    var randomSteps = 5000

    @Option(help: "Rounds (alternating ours and the reference).")
    var rounds = 3

    @Option(help: "Threads of our update: 1 or 2 (the policy's and the critics' gradients side by side). CleanRL runs on one.")
    var threads = 1

    @Flag(help: "Also run CleanRL's SAC.")
    var reference = false

    @Option(help: "CleanRL's policy_frequency for the reference: 2 (CleanRL's default, two delayed policy updates every other step) or 1 (one policy update per step, as ours).")
    var policyFrequency = 2

    @Option(help: "Python with CleanRL for the reference (default: cleanrl-venv/bin/python, else python3).")
    var python: String?

    func validate() throws {
        guard let task = LocomotionTask.named(env), task.gymnasiumVersion == LocomotionTask.d4rlGymnasiumVersion else {
            throw ValidationError("--env \(env) is not a gymnasium v4 simulator here (hopper, halfcheetah, walker2d, ant)")
        }
        try requireFlag(steps, "--steps", "≥ 100") { $0 >= 100 }
        try requireFlag(randomSteps, "--random-steps", "≥ 256") { $0 >= 256 }
        try requireFlag(rounds, "--rounds", "≥ 1") { $0 >= 1 }
        try requireFlag(threads, "--threads", "1 or 2") { $0 == 1 || $0 == 2 }
        try requireFlag(policyFrequency, "--policy-frequency", "1 or 2") { $0 == 1 || $0 == 2 }
    }

    func run() throws {
        let task = LocomotionTask.named(env)!
        let tools = try PythonTools.locate()
        var ours: [Double] = [], theirs: [Double] = []
        for round in 1...rounds {
            note("round \(round)/\(rounds): ours")
            ours.append(try stepsPerSecond(task, seed: UInt64(round)))
            if reference {
                note("round \(round)/\(rounds): CleanRL")
                theirs.append(try tools.cleanRLStepsPerSecond(
                    python: python, environment: task.gymnasiumID, steps: steps, learningStarts: randomSteps, seed: round,
                    policyFrequency: policyFrequency))
            }
        }
        func summary(_ values: [Double]) -> String {
            String(format: "%.1f ", values.reduce(0, +) / Double(values.count)) + "[" + values.map { String(format: "%.0f", $0) }.joined(separator: ", ") + "]"
        }
        print("SAC in \(task.gymnasiumID), \(steps) learning steps after \(randomSteps) random ones, ours on \(threads == 2 ? "two threads" : "one thread"), \(BuildInfo.blasKernels) kernels")
        print("ours: \(summary(ours)) environment steps/s")
        if !theirs.isEmpty {
            let ratio = (ours.reduce(0, +) / Double(ours.count)) / (theirs.reduce(0, +) / Double(theirs.count))
            print("CleanRL sac_continuous_action (policy_frequency \(policyFrequency)): \(summary(theirs)) environment steps/s")
            print(String(format: "ours / CleanRL: %.2f×", ratio))
        }
        print("CPU: \(Self.cpuModel)")
    }

    /// One fresh run: `randomSteps` untimed, then `steps` timed.
    private func stepsPerSecond(_ task: LocomotionTask, seed: UInt64) throws -> Double {
        BLAS.setThreadCount(1)
        let environment = try LocomotionEnvironment(task)
        var generator = SplitMix64(seed: seed)
        let learner = SACLearner(config: SACConfig(), observationDim: environment.observationDim, actionDim: environment.actionDim,
                                 using: &generator, twoThreads: threads == 2)
        let replay = try ReplayBuffer(capacity: randomSteps + steps, observationDim: environment.observationDim, actionDim: environment.actionDim)
        let run = OnlineRun(agent: learner, environment: environment, replay: replay, randomSteps: randomSteps, seed: seed, generator: generator)
        for _ in 0..<(randomSteps - 1) { _ = run.step() }
        let started = Date()
        for _ in 0..<steps { _ = run.step() }
        return Double(steps) / Date().timeIntervalSince(started)
    }

    /// The CPU's model name from /proc/cpuinfo.
    static var cpuModel: String {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        return info.split(separator: "\n").first { $0.hasPrefix("model name") }.map { String($0.split(separator: ":", maxSplits: 1)[1]).trimmingCharacters(in: .whitespaces) } ?? "unknown"
    }

    private func note(_ message: String) {
        FileHandle.standardError.write(Data("iql-bench: \(message)\n".utf8))
    }
}
