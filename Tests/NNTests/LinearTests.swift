import NN
import TestSupport
import Testing

/// L = ½ Σ (wᵢ·yᵢ)² for y = x·W + b; dL/dy = w²⊙y.
private struct LinearProblem {
    var parameters = Parameters()
    let layer: Linear
    let batch = 4
    let input: [Float]
    let weights: [Float]

    init() {
        layer = Linear(inputCount: 5, outputCount: 3, name: "dense", in: &parameters)
        parameters.values = normals(parameters.count, seed: 11, scale: 0.7)
        input = normals(batch * 5, seed: 12)
        weights = normals(batch * 3, seed: 13)
    }

    func output(values: [Float], input: [Float]) -> [Float] {
        var y = [Float](repeating: 0, count: batch * layer.outputCount)
        withPointers(values, input) { p, x in
            y.withUnsafeMutableBufferPointer { layer.forward(parameters: p, input: x, batch: batch, output: $0.baseAddress!) }
        }
        return y
    }

    func loss(values: [Float], input: [Float]) -> Double {
        zip(output(values: values, input: input), weights).reduce(0.0) { $0 + 0.5 * pow2(Double($1.0) * Double($1.1)) }
    }

    /// (dL/dθ, dL/dx) from `Linear.backward`, starting from a gradient buffer full of garbage.
    func analyticGradients() -> ([Float], [Float]) {
        let y = output(values: parameters.values, input: input)
        let dy = (0..<y.count).map { weights[$0] * weights[$0] * y[$0] }
        var gradients = [Float](repeating: 1e6, count: parameters.count)
        var dx = [Float](repeating: .nan, count: input.count)
        withPointers(parameters.values, input) { p, x in
            dy.withUnsafeBufferPointer { dy in
                gradients.withUnsafeMutableBufferPointer { g in
                    dx.withUnsafeMutableBufferPointer { dx in
                        layer.backward(parameters: p, gradients: g.baseAddress!, input: x, outputGradient: dy.baseAddress!,
                                       batch: batch, inputGradient: dx.baseAddress!)
                    }
                }
            }
        }
        return (gradients, dx)
    }
}

func pow2(_ x: Double) -> Double { x * x }

struct LinearTests {
    @Test("registers name/kernel [in, out] then name/bias [out]")
    func registration() {
        var parameters = Parameters()
        let layer = Linear(inputCount: 5, outputCount: 3, name: "q1/layer0", in: &parameters)
        #expect(parameters.tensors.map(\.name) == ["q1/layer0/kernel", "q1/layer0/bias"])
        #expect(layer.kernel.shape == [5, 3] && layer.bias.shape == [3] && layer.bias.offset == 15)
    }

    @Test("forward is x·W + b with W stored (in, out)")
    func forwardMatchesDefinition() {
        let problem = LinearProblem()
        let p = problem.parameters.values, x = problem.input
        let y = problem.output(values: p, input: x)
        var expected = [Double]()
        for r in 0..<problem.batch {
            for j in 0..<3 {
                var sum = Double(p[15 + j])
                for i in 0..<5 { sum += Double(x[r * 5 + i]) * Double(p[i * 3 + j]) }
                expected.append(sum)
            }
        }
        #expect(Tolerance.maxAbsoluteError(y, expected) < 1e-5)
    }

    @Test("backward matches central finite differences (parameters and input), overwriting old gradients")
    func backwardMatchesFiniteDifferences() {
        let problem = LinearProblem()
        let (gradients, dx) = problem.analyticGradients()
        let numericParameters = FiniteDifferences.gradient(of: { problem.loss(values: $0, input: problem.input) },
                                                           at: problem.parameters.values)
        let numericInput = FiniteDifferences.gradient(of: { problem.loss(values: problem.parameters.values, input: $0) },
                                                      at: problem.input)
        let parameterError = Tolerance.relativeError(gradients, numericParameters)
        let inputError = Tolerance.relativeError(dx, numericInput)
        print("Linear FD relative error: parameters \(parameterError), input \(inputError)")
        #expect(parameterError < 1e-3)
        #expect(inputError < 1e-3)
    }
}
