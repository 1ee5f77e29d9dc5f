import DubblettTestSupport
import Foundation
import Testing

@testable import Dubblett

@Suite("Scoring")
struct ScoringTests {
    static func model(blockU: [MatchModel.BlockConditionalU]? = nil) -> MatchModel {
        let specs = [ComparisonSpec(.lastName), ComparisonSpec(.phone)]
        var m = MatchModel(
            comparisons: specs, m: [[0, 0.8, 0.1, 0.05, 0.05], [0, 0.9, 0.1]],
            u: [[0, 0.01, 0.01, 0.03, 0.95], [0, 0.001, 0.999]], lambda: 0.001)
        m.blockU = blockU
        return m
    }

    @Test func weightIsPriorPlusLog2RatiosAndNullWeighsNothing() {
        let table = WeightTable(model: Self.model())
        let prior = log2(0.001 / 0.999)
        // last name exact (level 1), phone else (level 2)
        let w = Double(table.weight(1 | 2 << 4))
        #expect(abs(w - (prior + log2(0.8 / 0.01) + log2(0.1 / 0.999))) < 1e-4)
        // both null: only the prior
        #expect(abs(Double(table.weight(0)) - prior) < 1e-4)
    }

    @Test func rareSurnamesWeighMoreThanCommonOnes() {
        var f = FeatureTable()
        for i in 0..<200 {
            let last = i < 100 ? "andersson" : i < 102 ? "zetterqvist" : "name\(i)"
            f.append(
                SyntheticRegister.row(
                    first: "x", last: last, birth: 0, pnr: 0, phone: 0, email: 0, postal: 0,
                    street: "", number: 0))
        }
        let specs = [ComparisonSpec(.lastName)]
        let u = UEstimator.estimate(f, comparisons: specs, samples: 5000, seed: 1, linkOnly: false, workers: 1)
        let model = MatchModel(comparisons: specs, m: [[0, 0.9, 0.05, 0.03, 0.02]], u: u, lambda: 0.01)
        let tf = PairScorer.TermFrequencyColumns.compute(f, comparisons: specs, workers: 1)
        let pairs: [UInt64] = [0 << 32 | 1, 100 << 32 | 101]  // two Anderssons, two Zetterqvists
        let levels = f.compareAll(pairs, specs: specs, workers: 1)
        #expect(levels == [1, 1])
        let w = PairScorer.score(
            pairs: pairs, levels: levels, masks: [0, 0], tables: MaskedWeightTables(model: model),
            tf: tf, workers: 1)
        #expect(w[1] > w[0] + 3, "zetterqvist \(w[1]) vs andersson \(w[0])")
    }

    @Test func aBlockSessionsOwnUWeakensAgreementsHouseholdsShare() {
        // Inside block rule 0, non-matches share the phone half the time (a household landline).
        let session = MatchModel.BlockConditionalU(
            rule: 0, ruleName: "postal+surname", free: [false, true],
            u: [[0, 0, 0, 0, 0], [0, 0.5, 0.5]])
        let tables = MaskedWeightTables(model: Self.model(blockU: [session]))
        let levels: UInt32 = 1 | 1 << 4
        let outside = tables.weigh(levels, mask: 0) { _, _ in 0 }.weight
        let inside = tables.weigh(levels, mask: 1) { _, _ in 0 }.weight
        #expect(abs(Double(outside - inside) - (log2(0.9 / 0.001) - log2(0.9 / 0.5))) < 1e-3)
    }

    @Test func modelSurvivesJSONRoundTrip() throws {
        let session = MatchModel.BlockConditionalU(
            rule: 0, ruleName: "r", free: [true, false], u: [[0, 0.1, 0.1, 0.1, 0.7], [0, 0.5, 0.5]])
        let m = Self.model(blockU: [session])
        let path = NSTemporaryDirectory() + "dubblett-model-\(getpid()).json"
        try m.save(to: path)
        let back = try MatchModel.load(from: path)
        #expect(back.m == m.m && back.u == m.u && back.lambda == m.lambda)
        #expect(back.blockU?.first?.u == session.u)
    }
}

@Suite("WeightHistogram")
struct WeightHistogramTests {
    /// Identical records weigh more than the histogram's range: all weights above it (or all below)
    /// still give one bin holding every pair under its decision.
    @Test(arguments: [[Float](repeating: 75, count: 5), [-80, -70, -90], [12.5, -3, 0.2, 61, -61]])
    func weightsOutsideTheRangeAreCountedInTheEndBins(_ weights: [Float]) {
        let h = WeightHistogram(weights: weights, reviewThreshold: -6, matchThreshold: 0)
        #expect(h.bins >= 1)
        #expect(h.total == weights.count)
        #expect(h.match.reduce(0, +) == weights.filter { $0 >= 0 }.count)
        #expect(h.nonMatch.reduce(0, +) == weights.filter { $0 < -6 }.count)
    }
}
