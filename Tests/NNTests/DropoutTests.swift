import Core
import NN
import TestSupport
import Testing

/// An MLP [w, w, w] with identity kernels and zero biases: with positive inputs the output is the
/// dropped-out hidden layer itself, one unit per element.
private struct IdentityNetwork {
    var parameters = Parameters()
    let mlp: MLP
    let workspace: MLP.Workspace
    let batch: Int
    let input: [Float]

    init(width: Int, batch: Int, rate: Float) {
        mlp = MLP(sizes: [width, width, width], prefix: "", dropoutRate: rate, in: &parameters)
        for layer in mlp.layers {
            for i in 0..<width { parameters.values[layer.kernel.offset + i * width + i] = 1 }
        }
        workspace = MLP.Workspace(for: mlp, batchCapacity: batch)
        self.batch = batch
        input = [Float](repeating: 1, count: batch * width)
    }

    func trainingOutput(_ generator: inout SplitMix64) -> [Float] {
        withPointers(parameters.values, input) { p, x in
            mlp.forward(parameters: p, input: x, batch: batch, workspace: workspace, dropoutUsing: &generator)
        }
        return Array(UnsafeBufferPointer(start: workspace.output, count: batch * mlp.outputCount))
    }
}

struct DropoutTests {
    @Test("rate 0: the training forward draws nothing and equals the plain forward")
    func rateZero() {
        let problem = MLPProblem(dropoutRate: 0)
        let plain = problem.output(values: problem.parameters.values, input: problem.input)
        var generator = SplitMix64(seed: 5)
        let trained = withPointers(problem.parameters.values, problem.input) { p, x in
            problem.mlp.forward(parameters: p, input: x, batch: problem.batch, workspace: problem.workspace, dropoutUsing: &generator)
            return Array(UnsafeBufferPointer(start: problem.workspace.output, count: problem.batch * problem.mlp.outputCount))
        }
        #expect(trained == plain)
        #expect(generator == SplitMix64(seed: 5))
    }

    @Test("keeps ≈ (1 − rate) of the units and divides kept ones by 1 − rate", arguments: [Float(0.5), 0.1])
    func keepsAndScales(rate: Float) {
        let network = IdentityNetwork(width: 64, batch: 256, rate: rate)
        var generator = SplitMix64(seed: 1)
        let output = network.trainingOutput(&generator)
        let keep = 1 - rate
        let kept = output.filter { $0 != 0 }
        #expect(kept.allSatisfy { $0 == 1 / keep }, "kept values \(Set(kept))")
        let fraction = Double(kept.count) / Double(output.count)
        let sigma = (Double(keep) * Double(rate) / Double(output.count)).squareRoot()
        #expect(abs(fraction - Double(keep)) < 5 * sigma, "kept fraction \(fraction), expected \(keep) ± \(sigma)")
        // One draw from the caller's generator per training forward pass.
        var expected = SplitMix64(seed: 1)
        _ = expected.next()
        #expect(generator == expected)
    }

    @Test("the mask is a function of the generator state; the plain forward applies none")
    func masksFollowTheGenerator() {
        let network = IdentityNetwork(width: 16, batch: 8, rate: 0.5)
        var a = SplitMix64(seed: 3), b = SplitMix64(seed: 3)
        let first = network.trainingOutput(&a)
        #expect(first == network.trainingOutput(&b))
        #expect(first != network.trainingOutput(&a))   // next state, next mask
        withPointers(network.parameters.values, network.input) { p, x in
            network.mlp.forward(parameters: p, input: x, batch: network.batch, workspace: network.workspace)
        }
        #expect(UnsafeBufferPointer(start: network.workspace.output, count: 128).allSatisfy { $0 == 1 })
    }
}
