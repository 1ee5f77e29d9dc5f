import Foundation

/// Small SVG charts for the run report: stacked columns, horizontal (or diverging) bars, lines and a
/// waterfall. Every chart is an `<svg role="img">` with a `<title>` and `<desc>`, scales with its
/// container (`viewBox`), and draws one `rect.bar` per non-empty value (at least 1.5 units, so a small
/// count stays visible), with the value in the bar's own `<title>`. Aggregates only: a chart's size
/// depends on its bins and rows, never on the number of records or pairs.
struct SVGChart {
    let id: String
    let title: String
    let desc: String
    let labels: ReportLabels
    static let width = 720.0

    /// One stacked series of a column chart.
    struct Series {
        var name: String
        /// CSS class giving the fill (`s-match`, `s-review`, `s-non`, `s-plain`).
        var cls: String
        var values: [Int]
    }

    /// A vertical marker at `position` in bin units (0 = left edge of the first bin).
    struct Marker {
        var position: Double
        var label: String
    }

    private func open(height: Double, bars: Int, extra: String = "") -> String {
        "<svg class=\"chart\" id=\"\(id)\" viewBox=\"0 0 \(Self.width) \(f(height))\" role=\"img\" "
            + "aria-labelledby=\"\(id)-t \(id)-d\" data-bars=\"\(bars)\" font-size=\"13\"\(extra)>"
            + "<title id=\"\(id)-t\">\(esc(title))</title><desc id=\"\(id)-d\">\(esc(desc))</desc>"
    }

    /// Stacked columns, one per category, with optional markers (thresholds).
    func columns(
        categories: [String], series: [Series], markers: [Marker] = [], xLabel: String, yLabel: String,
        labelEvery: Int = 1
    ) -> String {
        let n = categories.count
        let totals = (0..<n).map { i in series.reduce(0) { $0 + $1.values[i] } }
        let top = Double(max(1, totals.max() ?? 1))
        let left = 64.0, right = 16.0, plotTop = markers.isEmpty ? 34.0 : 34.0 + 14 * Double(markers.count)
        let height = 266.0 + plotTop, bottom = 52.0
        let pw = Self.width - left - right, ph = height - plotTop - bottom
        let bw = pw / Double(max(1, n))
        var bars = 0, body = ""
        // Axis and grid.
        for tick in niceTicks(top) {
            let y = plotTop + ph - tick / top * ph
            body += "<line class=\"grid\" x1=\"\(f(left))\" x2=\"\(f(left + pw))\" y1=\"\(f(y))\" y2=\"\(f(y))\"/>"
            body += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(labels.int(Int(tick)))</text>"
        }
        for i in 0..<n {
            var y = plotTop + ph
            for s in series where s.values[i] > 0 {
                let h = max(1.5, Double(s.values[i]) / top * ph)
                y -= h
                bars += 1
                body += "<rect class=\"bar \(s.cls)\" x=\"\(f(left + Double(i) * bw + bw * 0.08))\" y=\"\(f(y))\" "
                    + "width=\"\(f(max(1.5, bw * 0.84)))\" height=\"\(f(h))\"><title>\(esc(categories[i])): "
                    + "\(esc(s.name)) \(labels.int(s.values[i]))</title></rect>"
            }
            if i % labelEvery == 0 {
                body += "<text x=\"\(f(left + (Double(i) + 0.5) * bw))\" y=\"\(f(plotTop + ph + 16))\" "
                    + "text-anchor=\"middle\">\(esc(categories[i]))</text>"
            }
        }
        body += "<line class=\"axis\" x1=\"\(f(left))\" x2=\"\(f(left + pw))\" y1=\"\(f(plotTop + ph))\" "
            + "y2=\"\(f(plotTop + ph))\"/>"
        for (k, m) in markers.enumerated() {
            let x = left + min(max(m.position, 0), Double(n)) * bw
            let labelY = 34.0 + Double(k) * 14
            body += "<line class=\"marker\" x1=\"\(f(x))\" x2=\"\(f(x))\" y1=\"\(f(labelY + 3))\" "
                + "y2=\"\(f(plotTop + ph))\"/>"
            let anchor = x > left + pw * 0.7 ? "end" : "start"
            body += "<text class=\"marker-label\" x=\"\(f(x + (anchor == "end" ? -4 : 4)))\" "
                + "y=\"\(f(labelY))\" text-anchor=\"\(anchor)\">\(esc(m.label))</text>"
        }
        body += "<text x=\"\(f(left + pw / 2))\" y=\"\(f(height - 10))\" text-anchor=\"middle\">\(esc(xLabel))</text>"
        body += "<text x=\"14\" y=\"\(f(plotTop + ph / 2))\" text-anchor=\"middle\" "
            + "transform=\"rotate(-90 14 \(f(plotTop + ph / 2)))\">\(esc(yLabel))</text>"
        body += legend(series.map { ($0.name, $0.cls) }, x: left, y: 14)
        return open(height: height, bars: bars) + body + "</svg>"
    }

    /// One row of a bar chart: a label and stacked segments (value, CSS class, text for the tooltip).
    struct Row {
        var label: String
        var segments: [(value: Double, cls: String, text: String)]
        /// Text drawn after the bar (the figure itself).
        var note: String
    }

    /// Horizontal bars, one row each; `diverging` draws negative values left of a zero line.
    func rows(_ rows: [Row], diverging: Bool = false, legend items: [(String, String)] = []) -> String {
        let labelWidth = 250.0, right = 70.0, rowHeight = 22.0, plotTop = items.isEmpty ? 8.0 : 30.0
        let height = plotTop + Double(rows.count) * rowHeight + 12
        let pw = Self.width - labelWidth - right
        var lo = 0.0, hi = 0.0
        for r in rows {
            let sum = r.segments.reduce(0) { $0 + $1.value }
            if diverging { lo = min(lo, r.segments.map(\.value).min() ?? 0) }
            hi = max(hi, diverging ? (r.segments.map(\.value).max() ?? 0) : sum)
        }
        if hi - lo <= 0 { hi = 1 }
        func x(_ v: Double) -> Double { labelWidth + (v - lo) / (hi - lo) * pw }
        var bars = 0, body = ""
        if diverging {
            body += "<line class=\"axis\" x1=\"\(f(x(0)))\" x2=\"\(f(x(0)))\" y1=\"\(f(plotTop - 4))\" "
                + "y2=\"\(f(height - 8))\"/>"
        }
        for (i, r) in rows.enumerated() {
            let y = plotTop + Double(i) * rowHeight
            let shown = truncated(r.label)
            body += "<text x=\"\(f(labelWidth - 8))\" y=\"\(f(y + 15))\" text-anchor=\"end\">"
                + "<title>\(esc(r.label))</title>\(esc(shown))</text>"
            var start = 0.0
            var end = x(0)
            for s in r.segments {
                let a = diverging ? min(0, s.value) : start, b = diverging ? max(0, s.value) : start + s.value
                guard diverging || s.value > 0 else { continue }
                var x0 = x(a), w = x(b) - x(a)
                if w < 1.5 {
                    if s.value < 0 { x0 -= 1.5 - w }
                    w = 1.5
                }
                bars += 1
                body += "<rect class=\"bar \(s.cls)\" x=\"\(f(x0))\" y=\"\(f(y + 3))\" width=\"\(f(w))\" height=\"16\">"
                    + "<title>\(esc(r.label)): \(esc(s.text))</title></rect>"
                start += s.value
                end = diverging ? (s.value < 0 ? x0 : x0 + w) : max(end, x0 + w)
            }
            // A negative bar's figure goes right of the zero line, clear of the labels.
            let textX = diverging && (r.segments.first?.value ?? 0) < 0 ? x(0) + 4 : end + 4
            body += "<text class=\"value\" x=\"\(f(textX))\" y=\"\(f(y + 15))\">\(esc(r.note))</text>"
        }
        body += legend(items, x: labelWidth, y: 14)
        return open(height: height, bars: bars) + body + "</svg>"
    }

    /// Lines over a numeric x axis (values 0…1 on the y axis), with vertical markers at x values.
    func lines(
        xs: [Double], series: [(name: String, cls: String, values: [Double])], markers: [(x: Double, label: String)],
        xLabel: String
    ) -> String {
        let left = 56.0, right = 16.0, plotTop = 34.0, height = 320.0, bottom = 50.0
        let pw = Self.width - left - right, ph = height - plotTop - bottom
        guard let lo = xs.first, let hi = xs.last else { return open(height: 40, bars: 0) + "</svg>" }
        let span = hi > lo ? hi - lo : 1
        func x(_ v: Double) -> Double { left + (v - lo) / span * pw }
        func y(_ v: Double) -> Double { plotTop + (1 - v) * ph }
        var body = ""
        for i in 0...5 {
            let v = Double(i) / 5
            body += "<line class=\"grid\" x1=\"\(f(left))\" x2=\"\(f(left + pw))\" y1=\"\(f(y(v)))\" y2=\"\(f(y(v)))\"/>"
            body += "<text x=\"\(f(left - 6))\" y=\"\(f(y(v) + 4))\" text-anchor=\"end\">\(labels.dec(v, 1))</text>"
        }
        let step = niceStep(span, count: 8)
        for t in stride(from: (lo / step).rounded(.up) * step, through: hi + 1e-9, by: step) {
            body += "<text x=\"\(f(x(t)))\" y=\"\(f(plotTop + ph + 16))\" text-anchor=\"middle\">"
                + "\(labels.dec(t, step >= 1 ? 0 : 1))</text>"
        }
        for s in series {
            let points = zip(xs, s.values).map { "\(f(x($0))),\(f(y($1)))" }.joined(separator: " ")
            body += "<polyline class=\"line \(s.cls)\" points=\"\(points)\"><title>\(esc(s.name))</title></polyline>"
        }
        for (k, m) in markers.enumerated() where m.x >= lo && m.x <= hi {
            body += "<line class=\"marker\" x1=\"\(f(x(m.x)))\" x2=\"\(f(x(m.x)))\" y1=\"\(f(plotTop - 4))\" "
                + "y2=\"\(f(plotTop + ph))\"/>"
            let anchor = x(m.x) > left + pw * 0.7 ? "end" : "start"
            body += "<text class=\"marker-label\" x=\"\(f(x(m.x) + (anchor == "end" ? -4 : 4)))\" "
                + "y=\"\(f(plotTop + 12 + Double(k) * 14))\" text-anchor=\"\(anchor)\">\(esc(m.label))</text>"
        }
        body += "<line class=\"axis\" x1=\"\(f(left))\" x2=\"\(f(left + pw))\" y1=\"\(f(plotTop + ph))\" "
            + "y2=\"\(f(plotTop + ph))\"/>"
        body += "<text x=\"\(f(left + pw / 2))\" y=\"\(f(height - 10))\" text-anchor=\"middle\">\(esc(xLabel))</text>"
        body += legend(series.map { ($0.name, $0.cls) }, x: left, y: 14, line: true)
        return open(height: height, bars: 0, extra: " data-lines=\"\(series.count)\"") + body + "</svg>"
    }

    /// A waterfall: a start bar, one floating bar per step, and the end bar, with vertical markers.
    func waterfall(
        start: (label: String, value: Double), steps: [(label: String, value: Double, text: String)],
        end: String, markers: [(x: Double, label: String)]
    ) -> String {
        let labelWidth = 250.0, right = 60.0, rowHeight = 22.0, plotTop = 8.0 + 14 * Double(markers.count)
        let rowsCount = steps.count + 2
        let height = plotTop + Double(rowsCount) * rowHeight + 10
        var running = [start.value]
        for s in steps { running.append(running[running.count - 1] + s.value) }
        let total = running[running.count - 1]
        var lo = min(0, running.min() ?? 0), hi = max(0, running.max() ?? 0)
        for m in markers {
            lo = min(lo, m.x)
            hi = max(hi, m.x)
        }
        lo = (lo - 1).rounded(.down)
        hi = (hi + 1).rounded(.up)
        let pw = Self.width - labelWidth - right
        func x(_ v: Double) -> Double { labelWidth + (v - lo) / (hi - lo) * pw }
        var body = "", bars = 0
        func bar(_ row: Int, _ label: String, _ a: Double, _ b: Double, _ cls: String, _ text: String) {
            let y = plotTop + Double(row) * rowHeight
            var x0 = x(min(a, b)), w = abs(x(b) - x(a))
            if w < 1.5 {
                x0 -= (1.5 - w) / 2
                w = 1.5
            }
            bars += 1
            body += "<text x=\"\(f(labelWidth - 8))\" y=\"\(f(y + 15))\" text-anchor=\"end\"><title>\(esc(label))</title>"
                + "\(esc(truncated(label)))</text>"
            body += "<rect class=\"bar \(cls)\" x=\"\(f(x0))\" y=\"\(f(y + 3))\" width=\"\(f(w))\" height=\"16\">"
                + "<title>\(esc(label)): \(esc(text))</title></rect>"
            body += "<text class=\"value\" x=\"\(f(x0 + w + 4))\" y=\"\(f(y + 15))\">\(esc(text))</text>"
        }
        bar(0, start.label, 0, start.value, "s-plain", labels.dec(start.value))
        for (i, s) in steps.enumerated() {
            bar(i + 1, s.label, running[i], running[i + 1], s.value >= 0 ? "s-pos" : "s-neg", s.text)
        }
        bar(rowsCount - 1, end, 0, total, "s-total", labels.dec(total))
        body += "<line class=\"axis\" x1=\"\(f(x(0)))\" x2=\"\(f(x(0)))\" y1=\"\(f(plotTop))\" y2=\"\(f(height - 6))\"/>"
        for (k, m) in markers.enumerated() {
            let labelY = 12.0 + Double(k) * 14
            body += "<line class=\"marker\" x1=\"\(f(x(m.x)))\" x2=\"\(f(x(m.x)))\" y1=\"\(f(labelY + 3))\" "
                + "y2=\"\(f(height - 6))\"/>"
            let anchor = x(m.x) > labelWidth + pw * 0.6 ? "end" : "start"
            body += "<text class=\"marker-label\" x=\"\(f(x(m.x) + (anchor == "end" ? -4 : 4)))\" y=\"\(f(labelY))\" "
                + "text-anchor=\"\(anchor)\">\(esc(m.label))</text>"
        }
        return open(height: height, bars: bars) + body + "</svg>"
    }

    private func legend(_ items: [(String, String)], x: Double, y: Double, line: Bool = false) -> String {
        var out = "", at = x
        for (name, cls) in items {
            out += line
                ? "<line class=\"line \(cls)\" x1=\"\(f(at))\" x2=\"\(f(at + 18))\" y1=\"\(f(y - 4))\" y2=\"\(f(y - 4))\"/>"
                : "<rect class=\"\(cls)\" x=\"\(f(at))\" y=\"\(f(y - 10))\" width=\"12\" height=\"12\"/>"
            out += "<text x=\"\(f(at + (line ? 22 : 16)))\" y=\"\(f(y))\">\(esc(name))</text>"
            at += Double(name.count) * 7.5 + 40
        }
        return out
    }
}

/// A label short enough for the 250-unit label column (the whole label stays in the element's `<title>`).
func truncated(_ label: String) -> String { label.count > 31 ? String(label.prefix(30)) + "…" : label }

/// A round tick step (1, 2 or 5 × 10^k) giving at most `count` ticks over `span`.
func niceStep(_ span: Double, count: Int = 5) -> Double {
    guard span > 0 else { return 1 }
    let base = pow(10, (log10(span / Double(count))).rounded(.down))
    return [1.0, 2, 5, 10].map { $0 * base }.first { span / $0 <= Double(count) } ?? 10 * base
}

/// Ticks from 0 to `top` at a round step.
func niceTicks(_ top: Double, count: Int = 5) -> [Double] {
    let step = max(1, niceStep(top, count: count))
    return Array(stride(from: 0, through: top + 1e-9, by: step))
}

/// A coordinate with at most one decimal.
@inline(__always)
func f(_ v: Double) -> String {
    let r = (v * 10).rounded() / 10
    return r == r.rounded() ? String(Int(r)) : String(r)
}

/// Text escaped for HTML and SVG (`& < > "`).
func esc(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for c in s.unicodeScalars {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        default: out.unicodeScalars.append(c)
        }
    }
    return out
}
