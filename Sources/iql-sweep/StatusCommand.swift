import ArgumentParser
import Foundation
import Sweeps

/// `iql-sweep status SWEEP.json`: where every run stands.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print a table of every run: missing, pending, running (step, latest score), done (final score) or failed.",
        discussion: """
            Reads the run directories and, when the sweep was submitted to Slurm and squeue is \
            there, Slurm's queue. A failed run shows its exit status and the last Error: line of \
            its stderr.log; 143, 130 and 129 are a signal (SIGTERM at a time limit, Ctrl-C, \
            SIGHUP) after which the checkpoint is resumed by `run`.
            """)

    @OptionGroup var sweep: SweepArgument

    func run() throws {
        let sweep = try self.sweep.load()
        let (states, queueWasRead) = sweep.states()
        let rows = Array(zip(sweep.runs, states))
        let width = max(3, sweep.runs.map(\.name.count).max() ?? 0)
        print("index  " + "run".padding(toLength: width, withPad: " ", startingAt: 0) + "  state")
        for (run, state) in rows {
            print(String(format: "%5d  ", run.index) + run.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + Self.text(state))
        }
        var counts: [String: Int] = [:]
        for (_, state) in rows { counts[Self.kind(state), default: 0] += 1 }
        print(["done", "running", "pending", "failed", "missing"].compactMap { kind in counts[kind].map { "\($0) \(kind)" } }
            .joined(separator: ", ") + (queueWasRead ? " (Slurm queue read)" : ""))
    }

    static func kind(_ state: RunState) -> String {
        switch state {
        case .missing: return "missing"
        case .pending: return "pending"
        case .running: return "running"
        case .done: return "done"
        case .failed: return "failed"
        }
    }

    static func text(_ state: RunState) -> String {
        switch state {
        case .missing, .pending: return kind(state)
        case .running(let step, let score):
            return "running" + (step.map { ", step \($0)" } ?? "") + (score.map { String(format: ", latest score %.1f", $0) } ?? "")
        case .done(let score): return "done" + (score.map { String(format: ", final score %.1f", $0) } ?? " (not evaluated)")
        case .failed(let status, let error):
            let signal = [129: " (SIGHUP: checkpointed)", 130: " (SIGINT: checkpointed)", 143: " (SIGTERM: checkpointed)"][status] ?? ""
            return (status < 0 ? "failed" : "failed, exit status \(status)\(signal)") + (error.map { ": \($0)" } ?? "")
        }
    }
}
