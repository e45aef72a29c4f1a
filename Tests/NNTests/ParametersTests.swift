import NN
import TestSupport
import Testing

struct ParametersTests {
    @Test("append lays tensors out back to back, zero-filled, in order")
    func appendOffsets() {
        var parameters = Parameters()
        let kernel = parameters.append("layer0/kernel", shape: [3, 4])
        let bias = parameters.append("layer0/bias", shape: [4])
        let scalar = parameters.append("log_std", shape: [])
        #expect(kernel.offset == 0 && kernel.count == 12 && kernel.shape == [3, 4])
        #expect(bias.offset == 12 && bias.count == 4)
        #expect(scalar.offset == 16 && scalar.count == 1)
        #expect(parameters.count == 17 && parameters.values == [Float](repeating: 0, count: 17))
        #expect(parameters.tensors.map(\.name) == ["layer0/kernel", "layer0/bias", "log_std"])
        #expect(parameters.tensor(named: "layer0/bias") == bias)
        #expect(parameters.tensor(named: "layer1/bias") == nil)
    }

    @Test("subscript reads and writes exactly the tensor's range")
    func subscriptGetSet() {
        var parameters = Parameters()
        let a = parameters.append("a", shape: [2])
        let b = parameters.append("b", shape: [3])
        let c = parameters.append("c", shape: [1])
        parameters[b] = [1, 2, 3]
        #expect(parameters.values == [0, 0, 1, 2, 3, 0])
        #expect(Array(parameters[b]) == [1, 2, 3])
        parameters[a] = [7, 8][...]
        parameters[c] = [9]
        #expect(parameters.values == [7, 8, 1, 2, 3, 9])
        #expect(Array(parameters[a]) == [7, 8] && Array(parameters[c]) == [9])
    }

    @Test("assigning the wrong number of values traps")
    func subscriptCountPrecondition() async {
        await #expect(processExitsWith: .failure) {
            var parameters = Parameters()
            let a = parameters.append("a", shape: [2])
            parameters[a] = [1, 2, 3]
        }
    }

    @Test("moveTowards: θ ← rate·source + (1 − rate)·θ", arguments: [Float(0.005), 0.5, 0, 1])
    func softUpdate(rate: Float) {
        func layout() -> Parameters {
            var parameters = Parameters()
            parameters.append("w", shape: [2, 3])
            parameters.append("b", shape: [3])
            return parameters
        }
        var target = layout(), source = layout()
        target.values = normals(9, seed: 1)
        source.values = normals(9, seed: 2)
        let before = target.values
        target.moveTowards(source, rate: rate)
        let expected = (0..<9).map { Double(rate) * Double(source.values[$0]) + (1 - Double(rate)) * Double(before[$0]) }
        let error = Tolerance.maxAbsoluteError(target.values, expected)
        #expect(error < 1e-6, "max |error| \(error) at rate \(rate)")
        if rate == 1 { #expect(target.values == source.values) }
        if rate == 0 { #expect(target.values == before) }
        #expect(target.tensors == source.tensors)
    }
}
