import Foundation

/// Expectation-maximisation of Fellegi–Sunter parameters over a pattern histogram, without labels.
///
/// Winkler, "Using the EM algorithm for weight computation in the Fellegi-Sunter model of record
/// linkage" (1988); the two-class latent model with conditionally independent fields. Only
/// `active` fields take part: fields a training block forces to agree carry no information in it
/// and are left out, as Splink does per blocking rule. The null level (0) is skipped for both
/// classes.
///
/// - Complexity: O(iterations × patterns × fields); allocates the per-iteration accumulators only.
public enum ExpectationMaximisation {
    /// The result of one EM run.
    public struct Estimate: Sendable {
        public var m: [[Double]]
        public var u: [[Double]]
        public var lambda: Double
        public var iterations: Int
    }

    /// Runs EM on the histogram entries selected by `include` (all when nil).
    /// - Parameters:
    ///   - estimateU: when false, u stays as given (only m and λ move).
    ///   - estimateM: when false, m stays as given (only λ, and u if asked, move).
    public static func run(
        _ h: PatternHistogram, include: ((Int) -> Bool)? = nil, active: [Bool],
        m m0: [[Double]], u u0: [[Double]], lambda l0: Double,
        estimateM: Bool = true, estimateU: Bool, maxIterations: Int = 40,
        tolerance: Double = 1e-5
    ) -> Estimate {
        var m = m0, u = u0, lambda = l0
        let fields = m.count
        let idx = (0..<h.levels.count).filter { include?($0) ?? true }
        var iter = 0
        while iter < maxIterations && !Parallel.isCancelled {
            iter += 1
            var mAcc = m.map { [Double](repeating: 0, count: $0.count) }
            var uAcc = mAcc
            var matchSum = 0.0, total = 0.0
            for i in idx {
                let v = h.levels[i], c = h.counts[i]
                var pm = lambda, pu = 1 - lambda
                for f in 0..<fields where active[f] {
                    let l = Int((v >> UInt32(4 * f)) & 0xF)
                    if l == 0 { continue }
                    pm *= m[f][l]
                    pu *= u[f][l]
                }
                let post = pm + pu > 0 ? pm / (pm + pu) : 0
                matchSum += post * c
                total += c
                for f in 0..<fields where active[f] {
                    let l = Int((v >> UInt32(4 * f)) & 0xF)
                    if l == 0 { continue }
                    mAcc[f][l] += post * c
                    uAcc[f][l] += (1 - post) * c
                }
            }
            if total == 0 { break }
            var change = abs(matchSum / total - lambda)
            lambda = min(max(matchSum / total, 1e-9), 1 - 1e-9)
            for f in 0..<fields where active[f] {
                if estimateM { change = max(change, normalise(&m[f], mAcc[f])) }
                if estimateU { change = max(change, normalise(&u[f], uAcc[f])) }
            }
            if change < tolerance { break }
        }
        return Estimate(m: m, u: u, lambda: lambda, iterations: iter)
    }

    /// Sets `p[1...]` to the smoothed proportions of `acc[1...]`; returns the largest change.
    static func normalise(_ p: inout [Double], _ acc: [Double]) -> Double {
        let levels = p.count - 1
        let sum = acc.dropFirst().reduce(0, +)
        if sum <= 0 { return 0 }
        let eps = 1e-6
        var change = 0.0
        for l in 1...levels {
            let v = (acc[l] + eps) / (sum + eps * Double(levels))
            change = max(change, abs(v - p[l]))
            p[l] = v
        }
        return change
    }
}
