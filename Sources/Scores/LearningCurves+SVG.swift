import Core
import Foundation

/// The curves as an SVG image: one panel per dataset (three per row), each with its title, a
/// mean line with dots and a shaded band per algorithm, x axis "training step" and y axis
/// "normalised score" with round ticks, and one legend for all panels.
extension LearningCurves {
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]
    static let panelWidth = 360.0, panelHeight = 270.0, legendHeight = 30.0
    /// Plot area inside a panel: left, top, right, bottom margins.
    static let margins = (left: 58.0, top: 30.0, right: 14.0, bottom: 46.0)

    public func svg() -> String {
        let columns = max(min(panels.count, 3), 1)
        let width = Double(columns) * Self.panelWidth
        let height = Self.legendHeight + Double((panels.count + columns - 1) / columns) * Self.panelHeight
        var parts = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" "
                + "viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" font-family=\"sans-serif\" font-size=\"11\">",
            Self.element("rect", ["width": "100%", "height": "100%", "fill": "white"]),
        ]
        parts += legend()
        for (index, panel) in panels.enumerated() {
            let x = Double(index % columns) * Self.panelWidth, y = Self.legendHeight + Double(index / columns) * Self.panelHeight
            parts.append("<g transform=\"translate(\(Self.number(x)),\(Self.number(y)))\">")
            parts += self.panel(panel)
            parts.append("</g>")
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n") + "\n"
    }

    /// A coloured swatch and name per algorithm, and what the band shows.
    private func legend() -> [String] {
        var parts: [String] = [], x = 12.0
        for (index, algorithm) in algorithms.enumerated() {
            parts.append(Self.element("rect", ["x": x, "y": 10.0, "width": 14.0, "height": 10.0, "fill": Self.colour(index)]))
            parts.append(Self.element("text", ["x": x + 18, "y": 19.0], text: algorithm))
            x += 26 + 7 * Double(algorithm.count)
        }
        let bandText = band == .minmax ? "line: mean over seeds; band: min–max" : "line: mean over seeds; band: ±1 std"
        parts.append(Self.element("text", ["x": x + 8, "y": 19.0, "fill": "#555"], text: bandText))
        return parts
    }

    /// One dataset's title, axes, bands and lines, in panel coordinates.
    private func panel(_ panel: Panel) -> [String] {
        let m = Self.margins
        let plot = (width: Self.panelWidth - m.left - m.right, height: Self.panelHeight - m.top - m.bottom)
        let xs = AxisScale(low: 0, high: Double(panel.series.flatMap(\.steps).max() ?? 1))
        let ys = AxisScale(low: panel.series.flatMap(\.lower).min() ?? 0, high: panel.series.flatMap(\.upper).max() ?? 100)
        func point(_ step: Int, _ score: Double) -> (x: Double, y: Double) {
            (m.left + xs.fraction(Double(step)) * plot.width, m.top + (1 - ys.fraction(score)) * plot.height)
        }
        var parts = [Self.element(
            "text", ["x": m.left + plot.width / 2, "y": 18.0, "text-anchor": "middle", "font-weight": "bold"], text: panel.dataset)]
        parts += axes(xs: xs, ys: ys, plot: plot)
        for series in panel.series {
            let colour = Self.colour(algorithms.firstIndex(of: series.algorithm)!)
            let band = zip(series.steps, series.upper).map(point) + zip(series.steps, series.lower).reversed().map(point)
            parts.append(Self.element("polygon", ["points": Self.points(band), "fill": colour, "fill-opacity": "0.2", "stroke": "none"]))
            let line = zip(series.steps, series.mean).map(point)
            parts.append(Self.element("polyline", ["points": Self.points(line), "fill": "none", "stroke": colour, "stroke-width": "1.5"]))
            parts += line.map { Self.element("circle", ["cx": $0.x, "cy": $0.y, "r": "2", "fill": colour]) }
        }
        return parts
    }

    /// The frame, grid lines, tick labels and axis titles of a plot area.
    private func axes(xs: AxisScale, ys: AxisScale, plot: (width: Double, height: Double)) -> [String] {
        let m = Self.margins, bottom = m.top + plot.height
        var parts = [Self.element("rect", ["x": m.left, "y": m.top, "width": plot.width, "height": plot.height, "fill": "none", "stroke": "#333"])]
        for tick in xs.ticks {
            let x = m.left + xs.fraction(tick) * plot.width
            parts.append(Self.element("line", ["x1": x, "y1": bottom, "x2": x, "y2": bottom + 4, "stroke": "#333"]))
            parts.append(Self.element("text", ["x": x, "y": bottom + 16, "text-anchor": "middle"], text: AxisScale.label(tick)))
        }
        for tick in ys.ticks {
            let y = m.top + (1 - ys.fraction(tick)) * plot.height
            parts.append(Self.element("line", ["x1": m.left, "y1": y, "x2": m.left + plot.width, "y2": y, "stroke": "#ddd"]))
            parts.append(Self.element(
                "text", ["x": m.left - 6, "y": y, "text-anchor": "end", "dominant-baseline": "middle"], text: AxisScale.label(tick)))
        }
        parts.append(Self.element("text", ["x": m.left + plot.width / 2, "y": bottom + 36, "text-anchor": "middle"], text: "training step"))
        parts.append(Self.element(
            "text", ["transform": "translate(16,\(Self.number(m.top + plot.height / 2))) rotate(-90)", "text-anchor": "middle"],
            text: "normalised score"))
        return parts
    }

    /// `<name a="v" …/>`, or `<name …>text</name>` with `text` escaped; `Double` values get one decimal.
    static func element(_ name: String, _ attributes: KeyValuePairs<String, Any>, text: String? = nil) -> String {
        let list = attributes.map { key, value in " \(key)=\"\((value as? Double).map(number) ?? "\(value)")\"" }.joined()
        return text.map { "<\(name)\(list)>\(escaped($0))</\(name)>" } ?? "<\(name)\(list)/>"
    }

    static func colour(_ index: Int) -> String { palette[index % palette.count] }

    /// An SVG point list: `x,y x,y …`.
    static func points(_ points: [(x: Double, y: Double)]) -> String {
        points.map { number($0.x) + "," + number($0.y) }.joined(separator: " ")
    }

    /// A coordinate with one decimal.
    static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
