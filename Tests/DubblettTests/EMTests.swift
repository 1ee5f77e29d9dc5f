import DubblettTestSupport
import Testing

@testable import Dubblett

@Suite("ExpectationMaximisation")
struct EMTests {
    /// Pairs drawn from a known two-class model; EM must recover m, u and λ without labels.
    @Test(arguments: [21, 22, 23])
    func recoversAKnownModel(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let trueM: [[Double]] = [[0, 0.9, 0.07, 0.03], [0, 0.85, 0.1, 0.05], [0, 0.95, 0.05], [0, 0.8, 0.15, 0.05]]
        let trueU: [[Double]] = [[0, 0.02, 0.08, 0.9], [0, 0.05, 0.15, 0.8], [0, 0.01, 0.99], [0, 0.1, 0.2, 0.7]]
        let lambda = 0.3
        func draw(_ p: [Double]) -> Int {
            var x = Double.random(in: 0..<1, using: &rng)
            for l in 1..<p.count { x -= p[l]; if x < 0 { return l } }
            return p.count - 1
        }
        var levels: [UInt32] = []
        for _ in 0..<40_000 {
            let match = Double.random(in: 0..<1, using: &rng) < lambda
            var v: UInt32 = 0
            for f in 0..<4 { v |= UInt32(draw(match ? trueM[f] : trueU[f])) << UInt32(4 * f) }
            levels.append(v)
        }
        let h = PatternHistogram(levels: levels, masks: levels.map { _ in 1 }, workers: 2)
        #expect(h.pairCount == 40_000)
        let startM = trueM.map { ModelTrainer.initialM(.init(levels: $0.count)) }
        let startU = trueU.map { p in p.indices.map { $0 == 0 ? 0 : 1 / Double(p.count - 1) } }
        let est = ExpectationMaximisation.run(
            h, active: [true, true, true, true], m: startM, u: startU, lambda: 0.5,
            estimateU: true, maxIterations: 200, tolerance: 1e-8)
        #expect(abs(est.lambda - lambda) < 0.02, "seed \(seed): λ \(est.lambda)")
        for f in 0..<4 {
            for l in 1..<trueM[f].count {
                #expect(abs(est.m[f][l] - trueM[f][l]) < 0.03, "seed \(seed) m[\(f)][\(l)] \(est.m[f][l])")
                #expect(abs(est.u[f][l] - trueU[f][l]) < 0.03, "seed \(seed) u[\(f)][\(l)] \(est.u[f][l])")
            }
        }
    }

    @Test func histogramIsTheSameForAnyWorkerCount() {
        var rng = SeededGenerator(seed: 5)
        let levels = (0..<10_000).map { _ in UInt32.random(in: 0..<64, using: &rng) }
        let masks = (0..<10_000).map { _ in UInt16.random(in: 0..<4, using: &rng) }
        let a = PatternHistogram(levels: levels, masks: masks, workers: 1)
        let b = PatternHistogram(levels: levels, masks: masks, workers: 2)
        #expect(a.levels == b.levels && a.masks == b.masks && a.counts == b.counts)
    }
}

extension ComparisonField {
    /// A field with `levels` levels, for tests of level-count-generic code.
    init(levels: Int) { self = levels == 5 ? .firstName : levels == 4 ? .birthDate : .phone }
}
