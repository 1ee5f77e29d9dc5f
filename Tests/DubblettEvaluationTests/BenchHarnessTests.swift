import Foundation
import Testing
@testable import Dubblett
@testable import DubblettEvaluation
import DubblettDatasets

@Suite("Benchmark harness")
struct BenchHarnessTests {
    static func result(records: Int = 100, candidates: Int = 40, seconds: [String: Double], trueCandidates: Int = 9)
        -> BenchCell.Result
    {
        BenchCell.Result(
            records: records, seconds: seconds, stages: ["read", "features", "blocking"], candidatePairs: candidates,
            truePairs: 10, trueCandidatePairs: trueCandidates, matchPairs: 8, clusters: 90, multiRecordClusters: 8,
            pairwise: .init(precision: 1, recall: 0.8), bcubed: .init(precision: 1, recall: 0.9), blockingRules: [], ruleTruePairs: [],
            enginePeakMemoryBytes: nil,
            sweepBest: nil)
    }

    static func run(_ seconds: Double, memory: Int) -> BenchHarness.Run {
        BenchHarness.Run(result: result(seconds: ["read": seconds, "features": 2 * seconds, "blocking": 1]),
                         peakMemoryBytes: memory, processSeconds: 4 * seconds, cpuSeconds: 1)
    }

    @Test func derivedFiguresFollowTheirDefinitions() {
        let r = Self.result(seconds: ["read": 1, "features": 2, "blocking": 3])
        #expect(r.totalSeconds == 6)
        #expect(abs(r.reductionRatio - (1 - 40.0 / 4950)) < 1e-12)
        #expect(r.pairCompleteness == 0.9)
        #expect(Self.result(records: 1, candidates: 0, seconds: [:]).reductionRatio == 1)
    }

    @Test func summaryTakesMediansOfTimeAndMemory() {
        let s = BenchHarness.CellSummary(dataset: "d", strategy: "default", workers: 2,
                                         runs: [Self.run(3, memory: 300), Self.run(1, memory: 100),
                                                Self.run(2, memory: 900)])
        #expect(s.runs == 3)
        #expect(s.stageSeconds["read"] == 2 && s.stageSeconds["features"] == 4)
        #expect(s.totalSeconds == 7)  // per-run totals 10, 4, 7
        #expect(s.recordsPerSecond == 100.0 / 7)
        #expect(s.stageRecordsPerSecond["read"] == 50)
        #expect(s.peakMemoryBytes == 300)
        #expect(s.processSeconds == 8)
        #expect(s.runSeconds == [10, 4, 7])
        #expect(s.pairCompleteness == 0.9)
    }

    @Test func scalingGrowthIsAgainstThePreviousSize() throws {
        func cell(_ name: String, records: Int, seconds: Double, memory: Int) -> BenchHarness.CellSummary {
            var r = BenchHarness.Run(result: Self.result(records: records, seconds: ["read": seconds]),
                                     peakMemoryBytes: memory, processSeconds: seconds, cpuSeconds: seconds)
            r.result.stages = ["read"]
            return BenchHarness.CellSummary(dataset: name, strategy: "default", workers: 1, runs: [r])
        }
        let results = BenchResults(cells: [cell("100k", records: 100_000, seconds: 1, memory: 100),
                                           cell("1m", records: 1_000_000, seconds: 12, memory: 500)], scaling: true)
        let steps = try #require(results.scaling)
        #expect(steps[0].timeGrowth == nil)
        #expect(steps[1].recordsGrowth == 10 && steps[1].timeGrowth == 12 && steps[1].memoryGrowth == 5)
        let text = results.tables()
        #expect(text.contains("Scaling") && text.contains("12.00×"))
        let decoded = try JSONDecoder().decode(BenchResults.self, from: Data(try results.json().utf8))
        #expect(decoded.cells.count == 2 && decoded.scaling?.count == 2)
        #expect(results.historyFigures()["1m/default/totalSeconds"] == 12)
    }

    @Test func datasetArgumentsAcceptADirectoryOrAPairOfFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bench-ds-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: BenchError.self) { try BenchHarness.Dataset.parse(dir) }
        for f in ["register.csv", "truth.csv", "kunder.csv"] {
            _ = FileManager.default.createFile(atPath: dir + "/" + f, contents: Data("id\n".utf8))
        }
        let d = try BenchHarness.Dataset.parse(dir + "/")
        #expect(d.registerPath == dir + "/register.csv" && d.truthPath == dir + "/truth.csv")
        #expect(d.name == (dir as NSString).lastPathComponent)
        let pair = try BenchHarness.Dataset.parse(dir + "/kunder.csv:" + dir + "/truth.csv")
        #expect(pair.name == "kunder" && pair.truthPath == dir + "/truth.csv")
        #expect(throws: BenchError.self) { try BenchHarness.Dataset.parse(dir + "/nope.csv") }
        #expect(throws: BenchError.self) { try BenchHarness.Dataset.parse(dir + "/nope.csv:" + dir + "/truth.csv") }
    }

    @Test(arguments: [(100_000, "100k"), (1_000_000, "1m"), (10_000_000, "10m"), (1500, "1500"), (2_500_000, "2500k")])
    func sizeLabelsMatchTheGeneratedFolders(rows: Int, label: String) {
        #expect(BenchHarness.sizeLabel(rows) == label)
    }

    @Test func ratesAreShownWithThreeSignificantDigits() {
        #expect(BenchFormat.rate(812_345) == "812 k")
        #expect(BenchFormat.rate(1_234_567) == "1.23 M")
        #expect(BenchFormat.rate(45_600_000) == "45.6 M")
        #expect(BenchFormat.rate(12) == "12.0")
        #expect(BenchFormat.rate(999_700) == "1.00 M")
    }

    @Test func sweepGridSpansTrueAndFalsePairs() {
        let weights: [Float] = [-20, -10, 2, 5, 9, 30]
        let isTrue = [false, false, true, true, true, true]
        let grid = BenchCell.sweepGrid(weights: weights, isTrue: isTrue)
        #expect(grid.first! <= -20 && grid.last! >= 30)
        #expect(abs(grid[1] - grid[0] - 0.25) < 1e-9)
    }
}
