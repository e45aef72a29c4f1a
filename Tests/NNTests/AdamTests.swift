import NN
import TestSupport
import Testing

struct AdamTests {
    @Test("constant gradient: m̂ = g, v̂ = g², so each step moves θ by −lr·g/(|g| + ε)")
    func constantGradient() {
        let adam = Adam()
        let gradient: [Float] = [0.5, -2, 1e-3, 0, 40]
        var theta: [Float] = [1, 1, 1, 1, 1]
        var state = adam.makeState(count: 5)
        let lr: Float = 0.01
        for step in 1...5 {
            let before = theta
            gradient.withUnsafeBufferPointer { adam.update(&theta, gradients: $0.baseAddress!, state: &state, learningRate: lr) }
            #expect(state.step == step)
            for i in 0..<5 {
                let g = Double(gradient[i])
                let expected = -Double(lr) * g / (abs(g) + 1e-8)
                let moved = Double(theta[i]) - Double(before[i])
                // θ ≈ 1, so a Float step is resolved to ~6e-8.
                #expect(abs(moved - expected) < 2e-7, "step \(step) component \(i): \(moved) vs \(expected)")
            }
        }
    }

    @Test("three steps with changing gradients and rates match an independent float32 numpy run")
    func threeStepsMatchNumpy() {
        // Literals printed by /tmp/nnref/adam_ref.py (run while writing this test): a numpy-only
        // float32 re-implementation of optax.adam — mu = (1 - b1) * g + b1 * mu and
        // nu = (1 - b2) * (g * g) + b2 * nu with Python-float b (NEP 50 weak scalars, so
        // (1 - 0.9) is Float(0.1)), bias corrections 1 - float32(b)**float32(t), updates
        // mu_hat / (sqrt(nu_hat) + 1e-8) scaled by -lr, for lr = 0.1, 0.05, 0.2.
        let gradients: [[Float]] = [[0.1, -0.2, 3.0, 1e-4, -5.0], [-0.3, -0.2, 1.0, 0.0, 2.5], [0.05, 0.4, -2.0, -1e-4, 0.0]]
        let rates: [Float] = [0.1, 0.05, 0.2]
        let expectedTheta: [Float] = [0.4802093505859375, -1.1151310205459595, 1.8110030889511108, -0.1163157969713211, 0.1574917435646057]
        let expectedM: [Float] = [-0.013900000602006912, 0.005800001323223114, 0.13300000131130219, -1.9000008251168765e-06, -0.17999997735023499]
        let expectedV: [Float] = [0.00010239001858280972, 0.0002398800861556083, 0.013981008902192116, 1.998000723202331e-11, 0.031193774193525314]

        let adam = Adam()
        var theta: [Float] = [0.5, -1.25, 2.0, 0.0, 3e-3]
        var state = adam.makeState(count: 5)
        for (g, lr) in zip(gradients, rates) {
            g.withUnsafeBufferPointer { adam.update(&theta, gradients: $0.baseAddress!, state: &state, learningRate: lr) }
        }
        #expect(state.step == 3)
        var ulps: [Int] = []
        for (actual, expected) in [(theta, expectedTheta), (state.firstMoment, expectedM), (state.secondMoment, expectedV)] {
            for i in 0..<5 { ulps.append(Tolerance.ulps(actual[i], expected[i])) }
        }
        print("Adam vs numpy, ulps (θ, m, v): \(ulps)")
        #expect(ulps.allSatisfy { $0 <= 2 }, "\(theta) \(state)")
    }

    @Test("makeState is zero moments at step 0")
    func initialState() {
        let state = Adam().makeState(count: 3)
        #expect(state == Adam.State(firstMoment: [0, 0, 0], secondMoment: [0, 0, 0], step: 0))
    }
}
