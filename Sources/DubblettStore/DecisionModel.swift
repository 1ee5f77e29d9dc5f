import Dubblett
import Foundation

/// Re-estimates a register's model from people's same / not-same decisions.
///
/// The decided pairs are labelled examples from exactly the band where the model is unsure, so they are
/// used to re-weigh the model's own evidence rather than to replace it: a logistic regression of the
/// decision on each field's weight under the base model,
///
/// ```
/// logit P(same) = β₀ + Σ_f β_f · w_f + ln 2 · (w_rest − T)
/// ```
///
/// where `w_f` is field f's log2(m/u) for the pair's level, `w_rest` the rest of the pair's weight (prior,
/// term-frequency and block adjustments, kept as they are) and `T` the match threshold. The fit is
/// penalised (ridge, strength `ridge`) towards β₀ = 0, β_f = ln 2, which is the base model itself
/// (logit = ln 2 · (w − T): the threshold is where P = ½), so a few decisions move the model a little and
/// many move it more. The result is folded back into an ordinary `MatchModel`: field f's level weights are
/// scaled by a_f = β_f / ln 2 (m' = u · 2^(a_f · w_f), so every block session's u keeps its place) and
/// the prior moves by β₀ / ln 2. Every pair, decided or not, is then scored with it, so the decisions
/// move the pairs like them across the threshold, not only the decided ones.
///
/// When: at least `minimum` decisions with at least `minimumPerSide` of each kind, and again after every
/// `every` further decisions. A logistic regression wants about ten events of the rarer outcome per free
/// parameter (Peduzzi et al., J Clin Epidemiol 1996); with 8–12 fields that would be 80–120 of each. The
/// ridge towards the base model is what makes fewer safe: with 50 decisions the penalty still outweighs
/// the data on any field the decisions hardly vary, so such a field keeps its base weight, while fields
/// the decisions do vary on move. Fewer than 10 of one kind cannot say where the threshold lies. Waiting
/// for `every` more between fits keeps a review session from re-scoring the register on every key press.
public enum DecisionModel {
    /// Decisions (same and not same) before the first re-estimation.
    public static let minimum = 50
    /// Decisions of each kind before the first re-estimation.
    public static let minimumPerSide = 10
    /// Further decisions between re-estimations.
    public static let every = 25
    /// Ridge strength towards the base model (in units of the log-likelihood of one decision).
    public static let ridge = 4.0

    /// One decided pair under the base model.
    public struct Sample: Sendable {
        /// The pair's level vector (4 bits per field).
        public var levels: UInt32
        /// The pair's whole weight under the base model.
        public var weight: Float
        public var same: Bool

        public init(levels: UInt32, weight: Float, same: Bool) {
            self.levels = levels
            self.weight = weight
            self.same = same
        }
    }

    /// Whether a re-estimation is due with these decision counts (`atLastFit`: decisions at the last one).
    public static func isDue(same: Int, notSame: Int, atLastFit: Int) -> Bool {
        same + notSame >= minimum && same >= minimumPerSide && notSame >= minimumPerSide
            && same + notSame - atLastFit >= (atLastFit == 0 ? 0 : every)
    }

    /// The base model re-weighed by the decisions in `samples` (see the type's description).
    public static func fit(base: MatchModel, samples: [Sample], threshold: Double) -> MatchModel {
        let table = base.levelWeights
        let fields = table.count
        let d = fields + 1
        let ln2 = log(2.0)
        var x = [Double](repeating: 0, count: samples.count * d)
        var offset = [Double](repeating: 0, count: samples.count)
        for (i, s) in samples.enumerated() {
            x[i * d] = 1
            var v = s.levels, sum = 0.0
            for f in 0..<fields {
                let level = Int(v & 0xF)
                let w = level < table[f].count ? table[f][level] : 0
                x[i * d + 1 + f] = w
                sum += w
                v >>= 4
            }
            offset[i] = ln2 * (Double(s.weight) - sum - threshold)
        }
        let prior = [0.0] + [Double](repeating: ln2, count: fields)
        // The penalised negative log-likelihood; Newton steps are halved until it falls, because a plain
        // Newton step from the base model overshoots when decisions contradict it strongly (pairs the
        // base model puts far on the wrong side have p(1−p) ≈ 0 and hardly curve the objective).
        func objective(_ beta: [Double]) -> Double {
            var sum = 0.0
            for k in 0..<d { sum += ridge / 2 * (beta[k] - prior[k]) * (beta[k] - prior[k]) }
            for (i, s) in samples.enumerated() {
                var eta = offset[i]
                for k in 0..<d { eta += beta[k] * x[i * d + k] }
                // −log σ(±η), computed without overflow.
                let z = s.same ? -eta : eta
                sum += z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))
            }
            return sum
        }
        var beta = prior
        var current = objective(beta)
        for _ in 0..<100 {
            var g = (0..<d).map { ridge * (beta[$0] - prior[$0]) }
            var h = [Double](repeating: 0, count: d * d)
            for k in 0..<d { h[k * d + k] = ridge }
            for (i, s) in samples.enumerated() {
                var eta = offset[i]
                for k in 0..<d { eta += beta[k] * x[i * d + k] }
                let p = 1 / (1 + exp(-max(-40, min(40, eta))))
                let r = p - (s.same ? 1 : 0), w = p * (1 - p)
                for k in 0..<d where x[i * d + k] != 0 {
                    g[k] += r * x[i * d + k]
                    for l in 0..<d { h[k * d + l] += w * x[i * d + k] * x[i * d + l] }
                }
            }
            guard let step = solve(h, g, d) else { break }
            var scale = 1.0, next = beta, value = current
            while scale > 1e-6 {
                next = (0..<d).map { beta[$0] - scale * step[$0] }
                value = objective(next)
                if value <= current { break }
                scale /= 2
            }
            guard value <= current else { break }
            let largest = (0..<d).reduce(0.0) { max($0, abs(next[$1] - beta[$1])) }
            beta = next
            current = value
            if largest < 1e-7 { break }
        }
        // Fold back: scale each field's level weights, move the prior.
        var model = base
        for f in 0..<fields {
            let a = max(0, min(4, beta[1 + f] / ln2))
            for l in 1..<max(1, model.m[f].count) where l < table[f].count && l < model.u[f].count {
                model.m[f][l] = model.u[f][l] * pow(2, a * table[f][l])
            }
            if f < model.mSource.count { model.mSource[f] = "decisions" }
        }
        let p = base.priorWeight + beta[0] / ln2
        model.lambda = max(1e-12, min(1 - 1e-12, pow(2, p) / (1 + pow(2, p))))
        return model
    }

    /// Solves h · s = g (h symmetric positive definite, d × d) by Gaussian elimination with pivoting.
    static func solve(_ h: [Double], _ g: [Double], _ d: Int) -> [Double]? {
        var a = h, b = g
        for c in 0..<d {
            var pivot = c
            for r in (c + 1)..<d where abs(a[r * d + c]) > abs(a[pivot * d + c]) { pivot = r }
            guard abs(a[pivot * d + c]) > 1e-12 else { return nil }
            if pivot != c {
                for k in 0..<d { a.swapAt(c * d + k, pivot * d + k) }
                b.swapAt(c, pivot)
            }
            for r in (c + 1)..<d {
                let f = a[r * d + c] / a[c * d + c]
                if f == 0 { continue }
                for k in c..<d { a[r * d + k] -= f * a[c * d + k] }
                b[r] -= f * b[c]
            }
        }
        var s = [Double](repeating: 0, count: d)
        for c in stride(from: d - 1, through: 0, by: -1) {
            var v = b[c]
            for k in (c + 1)..<d { v -= a[c * d + k] * s[k] }
            s[c] = v / a[c * d + c]
        }
        return s
    }
}
