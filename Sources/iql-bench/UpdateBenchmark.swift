import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import IQL
import NN

/// `iql-bench updates`: the real learner's updates per second on a synthetic 1M-transition
/// buffer (sampling included), optionally beside the JAX reference, interleaved.
struct UpdateBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "updates",
        abstract: "Time IQL updates (batch 256, 256×256 networks) beside the JAX reference.",
        discussion: """
            Each size (hopper: observation 11, action 3; halfcheetah: 17, 6) trains on a synthetic \
            1,000,000-transition buffer: --warmup updates, then --iterations updates timed in blocks \
            of 250 whose median updates/s is reported, with the matrix GFLOP/s that implies and the \
            process's peak resident memory. Each round also times 256×256×256 matrix products alone on \
            the same threads: the update's FLOPs at that rate give its matrix-only limit, the updates/s \
            of an implementation that did nothing but these products. With --reference, \
            ../shared/bench/iql_jax.py (the same update in jitted JAX, host sampling) runs with the \
            same sizes, alternating with ours for \
            --rounds rounds so that machine noise hits both; the ratio is ours / reference. JAX is not \
            installed by this tool:
              python3 -m venv jaxref-venv && jaxref-venv/bin/pip install jax==0.10.2 jaxlib==0.10.2 numpy
            """)

    @Option(help: "Sizes to run: hopper, halfcheetah (comma-separated).")
    var sizes = "hopper,halfcheetah"

    @Option(help: "Timed updates per round.")
    var iterations = 2000

    @Option(help: "Untimed updates before timing.")
    var warmup = 100

    @Option(help: "Rounds per size (alternating ours and the reference).")
    var rounds = 4

    @Option(help: """
        Threads: 2 (ours on two threads, JAX with its default thread pool) or 1 (ours on one \
        thread; JAX pinned to CPU 0 with XLA's multi-threading off).
        """)
    var threads = 2

    @Flag(help: "Also run the JAX reference.")
    var reference = false

    @Flag(help: "Also time ours with every matrix product on OpenBLAS instead of the own kernel, alternating with it.")
    var blas = false

    @Option(help: "Python with JAX for the reference (default: $IQL_JAX_PYTHON, else jaxref-venv/bin/python, else python3).")
    var python: String?

    @Option(help: "The reference script.")
    var referenceScript = "../shared/bench/iql_jax.py"

    func validate() throws {
        guard iterations >= 250, warmup >= 0, rounds >= 1 else {
            throw ValidationError("--iterations must be at least 250 (one block), --warmup ≥ 0, --rounds ≥ 1")
        }
        guard threads == 1 || threads == 2 else { throw ValidationError("--threads must be 1 or 2") }
        for name in sizes.split(separator: ",") where UpdateSize(rawValue: String(name)) == nil {
            throw ValidationError("unknown size '\(name)'; use hopper or halfcheetah")
        }
    }

    func run() throws {
        let reference = self.reference ? try JAXReference(python: python, script: referenceScript) : nil
        var rows: [UpdateReport.Row] = []
        for size in sizes.split(separator: ",").compactMap({ UpdateSize(rawValue: String($0)) }) {
            let learner = try SwiftUpdateTiming(size: size, twoThreads: threads == 2)
            let ceiling = MatrixCeilingTiming(twoThreads: threads == 2)
            var ours: [Double] = [], onBLAS: [Double] = [], theirs: [Double] = [], matrixGigaflops: [Double] = []
            for round in 1...rounds {
                note("\(size.rawValue) round \(round)/\(rounds): matrix products alone")
                matrixGigaflops.append(ceiling.gigaflopsPerSecond())
                note("\(size.rawValue) round \(round)/\(rounds): ours")
                ours.append(learner.updatesPerSecond(warmup: warmup, iterations: iterations))
                if blas && BLAS.hasOwnKernel {
                    note("\(size.rawValue) round \(round)/\(rounds): ours on OpenBLAS")
                    BLAS.usesOwnKernel = false
                    onBLAS.append(learner.updatesPerSecond(warmup: warmup, iterations: iterations))
                    BLAS.usesOwnKernel = true
                }
                if let reference {
                    note("\(size.rawValue) round \(round)/\(rounds): JAX reference")
                    theirs.append(try reference.updatesPerSecond(size: size, warmup: warmup, iterations: iterations, oneThread: threads == 1))
                }
            }
            rows.append(UpdateReport.Row(size: size, ours: ours, reference: theirs, onBLAS: onBLAS,
                                         matrixGigaflopsPerSecond: matrixGigaflops, gigaflopsPerUpdate: size.gigaflopsPerUpdate))
        }
        print(UpdateReport(rows: rows, peakResidentMegabytes: peakResidentMegabytes()).text)
    }

    private func note(_ message: String) {
        FileHandle.standardError.write(Data("iql-bench: \(message)\n".utf8))
    }
}

/// The robot sizes the benchmark runs.
enum UpdateSize: String {
    case hopper, halfcheetah

    var observationDim: Int { self == .hopper ? 11 : 17 }
    var actionDim: Int { self == .hopper ? 3 : 6 }

    /// Matrix FLOPs of one update at batch 256, hidden 256×256, counting 2·m·k·n per product:
    /// value 2 Q forwards + V forward/backward, actor V forward + π forward/backward, critic V
    /// forward + 2 Q forward/backward (backward = 2× forward, minus the first layer's dx).
    var gigaflopsPerUpdate: Double {
        let batch = 256.0, hidden = 256.0
        func layers(_ input: Int, _ output: Int) -> [(Double, Double)] {
            [(Double(input), hidden), (hidden, hidden), (hidden, Double(output))]
        }
        func forward(_ l: [(Double, Double)]) -> Double { l.reduce(0) { $0 + 2 * batch * $1.0 * $1.1 } }
        func backward(_ l: [(Double, Double)]) -> Double { 2 * forward(l) - 2 * batch * l[0].0 * l[0].1 }
        let v = layers(observationDim, 1), q = layers(observationDim + actionDim, 1), p = layers(observationDim, actionDim)
        let value = 2 * forward(q) + forward(v) + backward(v)
        let actor = forward(v) + forward(p) + backward(p)
        let critic = forward(v) + 2 * forward(q) + 2 * backward(q)
        return (value + actor + critic) / 1e9
    }
}

/// Peak resident set size of this process (`getrusage`: kilobytes on Linux, bytes on macOS), in MB.
func peakResidentMegabytes() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
    #else
    getrusage(RUSAGE_SELF, &usage)
    return Double(usage.ru_maxrss) / (1024 * 1024)
    #endif
}
