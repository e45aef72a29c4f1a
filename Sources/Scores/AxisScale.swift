import Core
import Foundation

/// A linear axis over "nice" round ticks: the tick spacing is 1, 2 or 5 × 10ᵏ, chosen so that
/// about five intervals cover [low, high], and the axis runs from the tick at or below `low`
/// to the tick at or above `high`.
///
/// `AxisScale(low: 3, high: 97)` has ticks 0, 20, 40, 60, 80, 100.
struct AxisScale {
    let ticks: [Double]
    var lower: Double { ticks.first! }
    var upper: Double { ticks.last! }

    init(low: Double, high: Double) {
        let (low, high) = high > low ? (low, high) : (low - 1, low + 1)
        let raw = (high - low) / 5
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let spacing = [1.0, 2, 5, 10].first { raw <= $0 * magnitude * (1 + 1e-9) }! * magnitude
        let first = (low / spacing).rounded(.down), last = (high / spacing).rounded(.up)
        ticks = (0...Int(last - first)).map { (first + Double($0)) * spacing }
    }

    /// Where `value` lies from 0 (`lower`) to 1 (`upper`).
    func fraction(_ value: Double) -> Double { (value - lower) / (upper - lower) }

    /// A short tick label: `%g`, with `k` and `M` for thousands and millions (`250k`, `1M`).
    static func label(_ value: Double) -> String {
        let size = abs(value)
        if size >= 1e6 { return String(format: "%gM", value / 1e6) }
        if size >= 1e3 { return String(format: "%gk", value / 1e3) }
        return String(format: "%g", value)
    }
}
