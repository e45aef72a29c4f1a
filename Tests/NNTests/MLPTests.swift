import Core
import NN
import TestSupport
import Testing

/// An MLP under L = ½ Σ (wᵢ·yᵢ)², dL/dy = w²⊙y, evaluated with or without a dropout seed.
struct MLPProblem {
    var parameters = Parameters()
    let mlp: MLP
    let batch: Int
    let input: [Float]
    let weights: [Float]
    let workspace: MLP.Workspace

    init(sizes: [Int] = [5, 8, 7, 3], batch: Int = 6, dropoutRate: Float = 0, capacity: Int = 8) {
        mlp = MLP(sizes: sizes, prefix: "net/", dropoutRate: dropoutRate, in: &parameters)
        var generator = SplitMix64(seed: 21)
        mlp.initialize(&parameters, gain: Float(2).squareRoot(), using: &generator)
        for layer in mlp.layers {   // non-zero biases so ReLU boundaries are not all at x·W = 0
            parameters[layer.bias] = normals(layer.outputCount, seed: UInt64(layer.bias.offset), scale: 0.3)[...]
        }
        self.batch = batch
        input = normals(batch * sizes[0], seed: 22)
        weights = normals(batch * sizes.last!, seed: 23)
        workspace = MLP.Workspace(for: mlp, batchCapacity: capacity)
    }

    /// Forward (training forward with `SplitMix64(seed: dropoutSeed)` when given); returns y.
    func output(values: [Float], input: [Float], dropoutSeed: UInt64? = nil) -> [Float] {
        withPointers(values, input) { p, x in
            if let dropoutSeed {
                var generator = SplitMix64(seed: dropoutSeed)
                mlp.forward(parameters: p, input: x, batch: batch, workspace: workspace, dropoutUsing: &generator)
            } else {
                mlp.forward(parameters: p, input: x, batch: batch, workspace: workspace)
            }
        }
        return Array(UnsafeBufferPointer(start: workspace.output, count: batch * mlp.outputCount))
    }

    func loss(values: [Float], input: [Float], dropoutSeed: UInt64? = nil) -> Double {
        zip(output(values: values, input: input, dropoutSeed: dropoutSeed), weights)
            .reduce(0.0) { $0 + 0.5 * pow2(Double($1.0) * Double($1.1)) }
    }

    /// (dL/dθ, dL/dx) from `MLP.backward` after one forward pass; the gradient buffer starts as
    /// garbage. With `threads`, the backward pass runs step by step with each step's parts on the
    /// two threads (`backwardStep`: dW beside dL/dh, a one-unit head's columns in halves).
    func analyticGradients(dropoutSeed: UInt64? = nil, wantInputGradient: Bool = true, threads: ThreadPair? = nil) -> ([Float], [Float]) {
        var gradients = [Float](repeating: -3e7, count: parameters.count)
        var dx = [Float](repeating: .nan, count: input.count)
        input.withUnsafeBufferPointer { x in
            // Forward and backward must see the same input pointer.
            parameters.values.withUnsafeBufferPointer { p in
                if let dropoutSeed {
                    var generator = SplitMix64(seed: dropoutSeed)
                    mlp.forward(parameters: p.baseAddress!, input: x.baseAddress!, batch: batch, workspace: workspace,
                                dropoutUsing: &generator)
                } else {
                    mlp.forward(parameters: p.baseAddress!, input: x.baseAddress!, batch: batch, workspace: workspace)
                }
                let y = workspace.output
                let dy = (0..<(batch * mlp.outputCount)).map { weights[$0] * weights[$0] * y[$0] }
                dy.withUnsafeBufferPointer { dy in
                    gradients.withUnsafeMutableBufferPointer { g in
                        dx.withUnsafeMutableBufferPointer { dx in
                            let inputGradient = wantInputGradient ? dx.baseAddress! : nil
                            func step(_ l: Int, _ part: MLP.BackwardPart, _ share: ProductShare?) {
                                mlp.backwardStep(l, part, parameters: p.baseAddress!, gradients: g.baseAddress!, input: x.baseAddress!,
                                                 outputGradient: dy.baseAddress!, batch: batch, workspace: workspace,
                                                 inputGradient: inputGradient, sharing: share)
                            }
                            guard let threads else {
                                return mlp.backward(parameters: p.baseAddress!, gradients: g.baseAddress!, input: x.baseAddress!,
                                                    outputGradient: dy.baseAddress!, batch: batch, workspace: workspace,
                                                    inputGradient: inputGradient)
                            }
                            for l in stride(from: mlp.layers.count - 1, through: 0, by: -1) {
                                if mlp.hasUnitStep(l, workspace: workspace) {
                                    threads.split(mlp.layers[l].inputCount) { step(l, .unitColumns($0), nil) }
                                } else {
                                    threads.run({ step(l, .parameterGradients, $0) }, { step(l, .inputGradient, $0) })
                                }
                            }
                        }
                    }
                }
            }
        }
        return (gradients, dx)
    }
}

/// The MLP's function in Double with plain loops: relu between layers, none after the last.
private func referenceForward(_ problem: MLPProblem) -> [Double] {
    let p = problem.parameters.values
    var h = problem.input.map(Double.init)
    for (l, layer) in problem.mlp.layers.enumerated() {
        var next = [Double](repeating: 0, count: problem.batch * layer.outputCount)
        for r in 0..<problem.batch {
            for j in 0..<layer.outputCount {
                var z = Double(p[layer.bias.offset + j])
                for i in 0..<layer.inputCount {
                    z += h[r * layer.inputCount + i] * Double(p[layer.kernel.offset + i * layer.outputCount + j])
                }
                next[r * layer.outputCount + j] = l < problem.mlp.layers.count - 1 ? max(z, 0) : z
            }
        }
        h = next
    }
    return h
}

struct MLPTests {
    @Test("registers prefix+layerN/kernel, /bias in order; sizes and counts")
    func registration() {
        var parameters = Parameters()
        let mlp = MLP(sizes: [17, 256, 256, 1], prefix: "value/", in: &parameters)
        #expect(parameters.tensors.map(\.name) == [
            "value/layer0/kernel", "value/layer0/bias", "value/layer1/kernel", "value/layer1/bias",
            "value/layer2/kernel", "value/layer2/bias",
        ])
        #expect(mlp.inputCount == 17 && mlp.outputCount == 1 && mlp.layers.count == 3)
        #expect(parameters.count == 17 * 256 + 256 + 256 * 256 + 256 + 256 + 1)
    }

    @Test("forward equals a Double reference (ReLU on hidden layers only)")
    func forwardMatchesReference() {
        let problem = MLPProblem()
        let y = problem.output(values: problem.parameters.values, input: problem.input)
        let error = Tolerance.maxAbsoluteError(y, referenceForward(problem))
        #expect(error < 1e-5, "max |error| \(error)")
    }

    @Test("backward matches central finite differences", arguments: [(6, 8), (3, 8), (8, 8)])
    func backwardMatchesFiniteDifferences(batch: Int, capacity: Int) {
        let problem = MLPProblem(batch: batch, capacity: capacity)
        let (gradients, dx) = problem.analyticGradients()
        let numericParameters = FiniteDifferences.gradient(of: { problem.loss(values: $0, input: problem.input) },
                                                           at: problem.parameters.values)
        let numericInput = FiniteDifferences.gradient(of: { problem.loss(values: problem.parameters.values, input: $0) },
                                                      at: problem.input)
        let parameterError = Tolerance.relativeError(gradients, numericParameters)
        let inputError = Tolerance.relativeError(dx, numericInput)
        print("MLP FD relative error (batch \(batch)): parameters \(parameterError), input \(inputError)")
        #expect(parameterError < 1e-3)
        #expect(inputError < 1e-3)
    }

    @Test("a one-unit head's backward (dw and dL/dh in one pass, columns split over two threads) matches finite differences",
          arguments: [false, true])
    func unitHeadBackwardMatchesFiniteDifferences(twoThreads: Bool) {
        let problem = MLPProblem(sizes: [5, 8, 65, 1])  // the head reads 65 columns: split 64 + 1
        let (gradients, dx) = problem.analyticGradients(threads: twoThreads ? ThreadPair() : nil)
        let numericParameters = FiniteDifferences.gradient(of: { problem.loss(values: $0, input: problem.input) },
                                                           at: problem.parameters.values)
        let numericInput = FiniteDifferences.gradient(of: { problem.loss(values: problem.parameters.values, input: $0) },
                                                      at: problem.input)
        #expect(Tolerance.relativeError(gradients, numericParameters) < 1e-3)
        #expect(Tolerance.relativeError(dx, numericInput) < 1e-3)
    }

    @Test("backward with dropout (fixed mask) matches finite differences")
    func dropoutBackwardMatchesFiniteDifferences() {
        let problem = MLPProblem(dropoutRate: 0.3)
        let seed: UInt64 = 77
        let (gradients, dx) = problem.analyticGradients(dropoutSeed: seed)
        let numericParameters = FiniteDifferences.gradient(
            of: { problem.loss(values: $0, input: problem.input, dropoutSeed: seed) }, at: problem.parameters.values)
        let numericInput = FiniteDifferences.gradient(
            of: { problem.loss(values: problem.parameters.values, input: $0, dropoutSeed: seed) }, at: problem.input)
        let parameterError = Tolerance.relativeError(gradients, numericParameters)
        let inputError = Tolerance.relativeError(dx, numericInput)
        print("MLP+dropout FD relative error: parameters \(parameterError), input \(inputError)")
        #expect(parameterError < 1e-3)
        #expect(inputError < 1e-3)
        // The mask matters: without dropout the gradients differ.
        let (plain, _) = problem.analyticGradients()
        #expect(Tolerance.relativeError(plain, numericParameters) > 1e-2)
    }

    @Test("parameter gradients do not depend on whether dx is requested")
    func inputGradientOptional() {
        let problem = MLPProblem()
        let (with, _) = problem.analyticGradients(wantInputGradient: true)
        let (without, dx) = problem.analyticGradients(wantInputGradient: false)
        #expect(with == without)
        #expect(dx.allSatisfy { $0.isNaN })   // untouched
    }

    @Test("backward writes only this MLP's slices (twin networks in one Parameters)")
    func twinNetworksShareOneBuffer() {
        var parameters = Parameters()
        let first = MLP(sizes: [3, 4, 1], prefix: "q1/", in: &parameters)
        let second = MLP(sizes: [3, 4, 1], prefix: "q2/", in: &parameters)
        var generator = SplitMix64(seed: 5)
        first.initialize(&parameters, gain: 1, using: &generator)
        second.initialize(&parameters, gain: 1, using: &generator)
        let workspace = MLP.Workspace(for: first, batchCapacity: 2)
        let input = normals(6, seed: 6), dy: [Float] = [1, -1]
        var gradients = [Float](repeating: 42, count: parameters.count)
        withPointers(parameters.values, input) { p, x in
            first.forward(parameters: p, input: x, batch: 2, workspace: workspace)
            dy.withUnsafeBufferPointer { dy in
                gradients.withUnsafeMutableBufferPointer { g in
                    first.backward(parameters: p, gradients: g.baseAddress!, input: x, outputGradient: dy.baseAddress!,
                                   batch: 2, workspace: workspace, inputGradient: nil)
                }
            }
        }
        let secondStart = second.layers[0].kernel.offset
        #expect(gradients[secondStart...].allSatisfy { $0 == 42 })
        #expect(gradients[..<secondStart].contains { $0 != 42 })
    }
}
