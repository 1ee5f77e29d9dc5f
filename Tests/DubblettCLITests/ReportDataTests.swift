import Dubblett
import Foundation
import Testing

@testable import DubblettReport

/// `ReportData.load(directory:)` on small hand-written result files, and the page's size bins.
@Suite("Run report data")
struct ReportDataTests {
    func directory(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-data-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        return dir
    }

    static let header = "id_a,id_b,match_weight,match_probability,blocking_rule,name_level,name_weight,pnr_level,pnr_weight\n"

    @Test func aggregatesClustersPairsRulesAndTruthWithoutASummary() throws {
        let dir = try directory([
            // Clusters {1,2,3} and {4,5}; 6 alone.
            "clusters.csv": "id,cluster_id,cluster_size\n1,1,3\n2,1,3\n3,1,3\n4,4,2\n5,4,2\n6,6,1\n",
            "pairs.csv": Self.header + "1,2,12.50,0.9998,pnr,exact,3.00,exact,9.50\n2,3,0.40,0.57,name,exact,3.00,null,0.00\n"
                + "4,5,-0.25,0.46,name,\"jw,0.9\",-0.25,null,0.00\n",
            "review.csv": Self.header + "1,6,-3.00,0.11,name,exact,3.00,else,-6.00\n",
            "truth.csv": "id,entity_id\n1,a\n2,a\n3,b\n4,c\n5,c\n6,a\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let data = try ReportData.load(directory: dir, options: .init(truthPath: dir + "/truth.csv", workers: 1))
        #expect(data.missing == ["summary.json", "splits.csv"])
        #expect(data.clusterSizes == [3: 1, 2: 1, 1: 1])
        #expect(data.matchPairs == 3 && data.reviewPairs == 1)
        #expect(data.rules.map(\.rule) == ["pnr", "name"])
        #expect(data.rules.map(\.matches) == [1, 2] && data.rules.map(\.review) == [0, 1])
        #expect(data.rules.allSatisfy { $0.candidates == nil })
        // Without a summary the match threshold is taken as 0: the pairs nearest it come first in distance,
        // and the page lists them by weight.
        #expect(data.examples.map(\.weight) == [12.5, 0.4, -0.25, -3])
        #expect(data.examples[2].fields.map(\.level) == ["jw,0.9", "null"])
        #expect(data.examples[3].decision == .review)
        // Histogram of the listed pairs only (no summary): -3 … 12 in bins of 1.
        let h = try #require(data.weights)
        #expect(!data.weightsIncludeNonMatches)
        #expect(h.lower == -3 && h.bins == 16 && h.total == 4)
        // Truth: 1-2 and 4-5 are true, 2-3 and 1-6 … 1-6 is true too (both a); true pairs in all: a has 3 ids → 3, c → 1.
        let curve = try #require(data.curve)
        #expect(curve.totalTruePairs == 4)
        let atZero = try #require(curve.points.first { $0.threshold == 0 })
        #expect(atZero.predictedPairs == 2 && atZero.truePositives == 1)
    }

    @Test func examplesAreTheFiftyNearestTheThreshold() throws {
        var rows = ""
        for i in 0..<120 { rows += "\(i),\(i + 1000),\(i - 60).00,0.5,r,exact,1.00,null,0.00\n" }
        let dir = try directory(["pairs.csv": Self.header + rows])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let data = try ReportData.load(directory: dir, options: .init(workers: 2))
        #expect(data.examples.count == ReportData.exampleLimit)
        #expect(data.examples.allSatisfy { abs($0.weight) <= 25 })
        let html = ReportHTML.render(data, language: .en)
        #expect(html.components(separatedBy: "<details class=\"pair\"").count - 1 == 50)
        #expect(html.contains("summary.json, clusters.csv, review.csv, splits.csv"))
    }

    @Test func sizeBinsGroupLargeClusters() {
        let bins = ReportHTML.sizeBins([1: 100, 2: 40, 5: 3, 14: 2, 19: 1, 400: 1])
        #expect(bins.map(\.label) == ["2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13–20", "21–50",
                                      "51–100", "101+"])
        #expect(bins.map(\.count) == [40, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 1])
    }

    @Test func numbersFromBytes() {
        func d(_ s: String) -> Double? { Array(s.utf8).withUnsafeBytes { ByteNumber.double($0) } }
        func i(_ s: String) -> Int? { Array(s.utf8).withUnsafeBytes { ByteNumber.int($0) } }
        #expect(d("-12.34") == -12.34 && d("0.00") == 0 && d("7") == 7 && d("1e3") == 1000)
        #expect(d("") == nil && d("x") == nil && d("-") == nil)
        #expect(i("42") == 42 && i("-3") == -3 && i("") == nil && i("4x") == nil)
    }

    @Test func emptyAndMissingDirectoriesAreErrors() throws {
        let dir = try directory([:])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: ReportError.self) { try ReportData.load(directory: dir) }
        #expect(throws: ReportError.self) { try ReportData.load(directory: dir + "/none") }
    }
}
