import Testing
@testable import Dubblett
@testable import DubblettEvaluation
import DubblettDatasets

@Suite("ThresholdSweep")
struct ThresholdSweepTests {
    // Five scored pairs; truth holds 4 true pairs in all, one of which blocking never produced.
    let scores: [Double] = [0.95, 0.90, 0.80, 0.60, 0.30]
    let isTrue: [Bool] = [true, true, false, true, false]

    @Test func countsMatchHandComputedValues() {
        let sweep = ThresholdSweep(scores: scores, isTrue: isTrue, totalTruePairs: 4, thresholds: [0.5, 0.85, 1.0])
        #expect(sweep.points.map(\.threshold) == [0.5, 0.85, 1.0])
        // t = 0.5: pairs 0.95, 0.90, 0.80, 0.60 → 3 true of 4 predicted; recall 3/4.
        #expect(sweep.points[0].predictedPairs == 4)
        #expect(sweep.points[0].truePositives == 3)
        #expect(sweep.points[0].precision == 0.75)
        #expect(sweep.points[0].recall == 0.75)
        #expect(abs(sweep.points[0].f1 - 0.75) < 1e-12)
        // t = 0.85: two predicted, both true; recall 2/4.
        #expect(sweep.points[1].precision == 1.0)
        #expect(sweep.points[1].recall == 0.5)
        #expect(abs(sweep.points[1].f1 - 2.0 / 3.0) < 1e-12)
        // t = 1.0: nothing predicted: precision defined as 1, recall 0, F1 0.
        #expect(sweep.points[2].predictedPairs == 0)
        #expect(sweep.points[2].f1 == 0)
        #expect(sweep.best?.threshold == 0.5)
    }

    @Test func csvAndSVGCarryEveryPoint() {
        let sweep = ThresholdSweep(scores: scores, isTrue: isTrue, totalTruePairs: 4,
                                   thresholds: ThresholdSweep.grid(from: 0, to: 1, steps: 10))
        let csv = sweep.csv().split(separator: "\n")
        #expect(csv.count == 12)
        #expect(csv[0] == "threshold,predicted_pairs,true_positives,precision,recall,f1")
        let svg = sweep.svg(title: "a <b> & c")
        #expect(svg.contains("<polyline"))
        #expect(svg.contains("a &lt;b&gt; &amp; c"))
        #expect(svg.components(separatedBy: "<polyline").count == 4)
    }
}
import Foundation

@Suite("BenchHistory")
struct BenchHistoryTests {
    @Test func appendsOneLinePerRunAndReadsThemBack() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hist-\(getpid()).jsonl").path
        unlink(path)
        defer { unlink(path) }
        try BenchHistory.append(figures: ["f1": 0.9], commit: "abc", to: path)
        try BenchHistory.append(figures: ["f1": 0.95, "records_per_s": 1e6], commit: "def", to: path)
        let entries = try BenchHistory.read(path: path)
        #expect(entries.map(\.commit) == ["abc", "def"])
        #expect(entries[1].figures["records_per_s"] == 1e6)
        #expect(entries[0].machine.cores >= 1)
    }

    @Test func medianOfOddEvenAndEmpty() {
        #expect(median([3, 1, 2]) == 2)
        #expect(median([4, 1, 3, 2]) == 2.5)
        #expect(median([]) == nil)
    }
}

@Suite("TextTable")
struct TextTableTests {
    @Test func alignsTextLeftAndNumbersRight() {
        let t = TextTable.render(headers: ["name", "n"], rows: [["a", "1"], ["bbb", "100"]])
        #expect(t == "name    n\n----  ---\na       1\nbbb   100\n")
    }
}
