import Foundation
import NN
import TestSupport
import Testing

struct CosineDecayTests {
    @Test("value(t) = init·½(1 + cos(π·min(t, T)/T)) at t = 0, T/4, T/2, T, 2T")
    func closedForm() {
        let schedule = CosineDecay(initialValue: 3e-4, decaySteps: 1000)
        let initial = Double(Float(3e-4))
        let cases: [(Int, Double)] = [
            (0, initial), (250, initial * (2 + 2.0.squareRoot()) / 4), (500, initial / 2), (1000, 0), (2000, 0),
        ]
        for (step, expected) in cases {
            let value = Double(schedule.value(atStep: step))
            #expect(abs(value - expected) <= 1e-7 * initial, "t = \(step): \(value) vs \(expected)")
        }
        #expect(schedule.value(atStep: 1) < schedule.value(atStep: 0))
    }
}
