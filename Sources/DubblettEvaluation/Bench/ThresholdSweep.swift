import Dubblett
import Foundation

/// Precision, recall and F1 of scored candidate pairs across match thresholds.
///
/// A user picks a match threshold with eyes open: for each threshold `t`, the pairs with
/// `score ≥ t` are predicted matches; precision is the share of them that are true pairs, recall the
/// share of *all* true pairs in the truth (including those blocking never generated, so recall here
/// is capped by pair completeness). This is the pairwise view before clustering: transitive closure
/// can add pairs, which the end-to-end evaluation measures separately.
public struct ThresholdSweep: Sendable, Codable {
    /// One row of the sweep.
    public struct Point: Sendable, Codable, Equatable {
        public var threshold: Double
        public var predictedPairs: Int
        public var truePositives: Int
        public var precision: Double
        public var recall: Double
        public var f1: Double

        public init(threshold: Double, predictedPairs: Int, truePositives: Int, precision: Double, recall: Double, f1: Double) {
            self.threshold = threshold
            self.predictedPairs = predictedPairs
            self.truePositives = truePositives
            self.precision = precision
            self.recall = recall
            self.f1 = f1
        }
    }

    public var points: [Point]
    public var totalTruePairs: Int

    /// The point with the highest F1 (the first of equals, i.e. the lowest threshold).
    public var best: Point? { points.max { $0.f1 < $1.f1 } }

    /// Computes the sweep at `thresholds` (ascending or not; output is ascending).
    /// - Parameters:
    ///   - scores: one score per scored pair.
    ///   - isTrue: whether that pair is a true duplicate pair according to the truth.
    ///   - totalTruePairs: the number of true pairs in the whole truth (the recall denominator).
    /// - Complexity: O(p log p + t) for p pairs and t thresholds; allocates the sorted copy.
    public init(scores: [Double], isTrue: [Bool], totalTruePairs: Int, thresholds: [Double]) {
        precondition(scores.count == isTrue.count, "one truth flag per score")
        self.totalTruePairs = totalTruePairs
        // Sort pairs by score descending; walk thresholds descending, accumulating counts.
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var result: [Point] = []
        var taken = 0
        var tp = 0
        for t in thresholds.sorted(by: >) {
            while taken < order.count, scores[order[taken]] >= t {
                if isTrue[order[taken]] { tp += 1 }
                taken += 1
            }
            let p = taken == 0 ? 1.0 : Double(tp) / Double(taken)
            let r = totalTruePairs == 0 ? 1.0 : Double(tp) / Double(totalTruePairs)
            let f = p + r == 0 ? 0 : 2 * p * r / (p + r)
            result.append(Point(threshold: t, predictedPairs: taken, truePositives: tp, precision: p, recall: r, f1: f))
        }
        points = result.reversed()
    }

    /// Evenly spaced thresholds from `lower` to `upper` inclusive.
    public static func grid(from lower: Double, to upper: Double, steps: Int) -> [Double] {
        precondition(steps >= 1 && upper >= lower)
        return (0...steps).map { lower + (upper - lower) * Double($0) / Double(steps) }
    }

    /// The sweep as CSV: `threshold,predicted_pairs,true_positives,precision,recall,f1`.
    public func csv() -> String {
        var out = "threshold,predicted_pairs,true_positives,precision,recall,f1\n"
        for p in points {
            out += "\(fmt(p.threshold)),\(p.predictedPairs),\(p.truePositives),"
            out += "\(fmt(p.precision)),\(fmt(p.recall)),\(fmt(p.f1))\n"
        }
        return out
    }

    /// A self-contained SVG line chart of precision, recall and F1 against the threshold, with the
    /// best-F1 threshold marked (dashed grey) and, when given, the configured threshold `marker`
    /// (dotted red). Opens in any browser.
    public func svg(title: String, marker: Double? = nil) -> String {
        let w = 720.0, h = 420.0, left = 60.0, right = 150.0, top = 40.0, bottom = 50.0
        let pw = w - left - right, ph = h - top - bottom
        guard let lo = points.first?.threshold, let hi = points.last?.threshold else {
            return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"40\">"
                + "<text x=\"10\" y=\"25\">no points</text></svg>"
        }
        let span = hi > lo ? hi - lo : 1
        func x(_ t: Double) -> Double { left + (t - lo) / span * pw }
        func y(_ v: Double) -> Double { top + (1 - v) * ph }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" "
        s += "font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        s += "<text x=\"\(left)\" y=\"22\" font-size=\"15\">\(escapeXML(title))</text>\n"
        for i in 0...10 {
            let v = Double(i) / 10
            s += "<line x1=\"\(left)\" x2=\"\(left + pw)\" y1=\"\(y(v))\" y2=\"\(y(v))\" stroke=\"#e4e4e4\"/>"
            s += "<text x=\"\(left - 8)\" y=\"\(y(v) + 4)\" text-anchor=\"end\">\(fmt(v, digits: 1))</text>\n"
        }
        // Ticks at a round step (1, 2 or 5 × 10^k) giving at most ten labels.
        let base = pow(10, log10(span / 10).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * base }.first { span / $0 <= 10 } ?? 10 * base
        for tick in stride(from: (lo / step).rounded(.up) * step, through: hi + step * 1e-9, by: step) {
            let t = abs(tick) < step * 1e-9 ? 0 : tick
            s += "<line x1=\"\(x(t))\" x2=\"\(x(t))\" y1=\"\(top)\" y2=\"\(top + ph)\" stroke=\"#f0f0f0\"/>"
            s += "<text x=\"\(x(t))\" y=\"\(top + ph + 18)\" text-anchor=\"middle\">\(fmt(t, digits: 2))</text>\n"
        }
        s += "<text x=\"\(left + pw / 2)\" y=\"\(h - 10)\" text-anchor=\"middle\">match threshold</text>\n"
        let series: [(String, String, KeyPath<Point, Double>)] = [
            ("precision", "#1f77b4", \.precision), ("recall", "#ff7f0e", \.recall), ("F1", "#2ca02c", \.f1),
        ]
        for (i, (name, colour, key)) in series.enumerated() {
            let path = points.map { "\(fmt(x($0.threshold))),\(fmt(y($0[keyPath: key])))" }.joined(separator: " ")
            s += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(path)\"/>\n"
            let ly = top + 20 + Double(i) * 20
            s += "<line x1=\"\(left + pw + 15)\" x2=\"\(left + pw + 40)\" y1=\"\(ly)\" y2=\"\(ly)\" "
            s += "stroke=\"\(colour)\" stroke-width=\"2\"/>"
            s += "<text x=\"\(left + pw + 46)\" y=\"\(ly + 4)\">\(name)</text>\n"
        }
        if let b = best {
            s += "<line x1=\"\(x(b.threshold))\" x2=\"\(x(b.threshold))\" y1=\"\(top)\" y2=\"\(top + ph)\" "
            s += "stroke=\"#555\" stroke-dasharray=\"4 3\"/>\n"
            s += "<line x1=\"\(left + pw + 15)\" x2=\"\(left + pw + 40)\" y1=\"\(top + 76)\" y2=\"\(top + 76)\" "
            s += "stroke=\"#555\" stroke-dasharray=\"4 3\"/>\n"
            s += "<text x=\"\(left + pw + 15)\" y=\"\(top + 100)\">best F1 \(fmt(b.f1, digits: 4))</text>\n"
            s += "<text x=\"\(left + pw + 15)\" y=\"\(top + 116)\">at \(fmt(b.threshold, digits: 2))</text>\n"
        }
        if let m = marker, m >= lo, m <= hi {
            s += "<line x1=\"\(x(m))\" x2=\"\(x(m))\" y1=\"\(top)\" y2=\"\(top + ph)\" "
            s += "stroke=\"#d62728\" stroke-dasharray=\"2 3\"/>\n"
            s += "<text x=\"\(left + pw + 15)\" y=\"\(top + 140)\" fill=\"#d62728\">"
            s += "configured \(fmt(m, digits: 2))</text>\n"
        }
        s += "</svg>\n"
        return s
    }
}

private func fmt(_ v: Double, digits: Int = 4) -> String {
    var s = String(v.rounded(toPlaces: digits))
    if s.hasSuffix(".0") { s.removeLast(2) }
    return s
}

private extension Double {
    func rounded(toPlaces n: Int) -> Double {
        var m = 1.0
        for _ in 0..<n { m *= 10 }
        return (self * m).rounded() / m
    }
}

private func escapeXML(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;")
}
