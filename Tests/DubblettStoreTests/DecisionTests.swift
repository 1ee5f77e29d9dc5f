import Dubblett
import Foundation
import Testing

@testable import DubblettStore

/// The first `rows` records of the bundled sample (synthetic people) and their truth, in a fresh directory.
struct SampleRegister {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    let dir: String
    let lines: [String]
    let header: String
    /// Record id → entity id.
    let entity: [String: String]

    init(rows: Int) throws {
        dir = NSTemporaryDirectory() + "dubblett-decisions-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var all = try String(contentsOfFile: Self.root + "/datasets/sample/register.csv", encoding: .utf8)
            .split(separator: "\n").map(String.init)
        header = all.removeFirst()
        lines = Array(all.prefix(rows))
        var e: [String: String] = [:]
        for l in try String(contentsOfFile: Self.root + "/datasets/sample/truth.csv", encoding: .utf8)
            .split(separator: "\n").dropFirst()
        {
            let p = l.split(separator: ",")
            e[String(p[0])] = String(p[1])
        }
        entity = e
    }

    func file(_ name: String, _ range: Range<Int>) throws -> String {
        let path = dir + "/" + name
        try ([header] + lines[range]).joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func same(_ a: String, _ b: String) -> Bool { entity[a] != nil && entity[a] == entity[b] }

    func cleanUp() { try? FileManager.default.removeItem(atPath: dir) }
}

@Suite("Decisions that last")
struct DecisionTests {
    let context = RunContext(workers: 2)

    @Test func notTheSameHoldsThroughAChainAndInLaterBatches() throws {
        let g = try SampleRegister(rows: 3000)
        defer { g.cleanUp() }
        let store = try RegisterStore(path: g.dir + "/r.sqlite", mode: .create)
        try store.initialise(from: CSVFile(path: try g.file("init.csv", 0..<2500)), context: context)
        var members: [Int64: [String]] = [:]
        for x in try store.assignments() where x.cluster != 0 { members[x.cluster, default: []].append(x.id) }
        // A cluster of three or more: its first and last members stay joined through the others unless
        // the clusterer keeps them apart as a group.
        let big = try #require(members.values.filter { $0.count >= 3 }.sorted { $0[0] < $1[0] }.first)
        let (a, b) = (big[0], big[big.count - 1])
        try store.decide([.init(idA: a, idB: b, same: false)], context: context)
        let ca = try store.clusterID(ofRecord: a), cb = try store.clusterID(ofRecord: b)
        #expect(ca == nil || cb == nil || ca != cb)
        try store.add(CSVFile(path: try g.file("more.csv", 2500..<3000)), context: context)
        let la = try store.clusterID(ofRecord: a), lb = try store.clusterID(ofRecord: b)
        #expect(la == nil || lb == nil || la != lb)
        // The export (a clustering of everything from the stored pairs) obeys it too.
        let out = g.dir + "/export"
        let files = try store.export(to: out)
        #expect(files.contains("summary.json") && files.contains("stable_ids.csv"))
        let clusters = try String(contentsOfFile: out + "/clusters.csv", encoding: .utf8).split(separator: "\n")
        let header = clusters[0].split(separator: ",").map(String.init)
        let idc = try #require(header.firstIndex(of: "id")), cc = try #require(header.firstIndex(of: "cluster_id"))
        var cluster: [String: String] = [:]
        for l in clusters.dropFirst() {
            let p = l.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            cluster[p[idc]] = p[cc]
        }
        #expect(cluster[a] != nil && cluster[a] != cluster[b])
        // summary.json describes the same clustering, with the stored model.
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json")))
                as? [String: Any])
        let report = try #require(summary["report"] as? [String: Any])
        #expect(report["records"] as? Int == cluster.count)
        var sizes: [String: Int] = [:]
        for c in cluster.values { sizes[c, default: 0] += 1 }
        #expect(report["multiRecordClusters"] as? Int == sizes.values.filter { $0 >= 2 }.count)
        #expect((report["model"] as? [Any])?.isEmpty == false)
    }

    @Test func enoughDecisionsReestimateTheModelAndMoveUndecidedPairs() throws {
        let g = try SampleRegister(rows: 4000)
        defer { g.cleanUp() }
        let store = try RegisterStore(path: g.dir + "/r.sqlite", mode: .create)
        try store.initialise(from: CSVFile(path: try g.file("init.csv", 0..<4000)), context: context)
        let before = try store.reviewProgress()
        #expect(before.reestimations == 0)
        // One decision at a time, as the review page sends them, from the truth, until the first re-estimation.
        var decided = 0, same = 0
        while decided < 200, try store.reviewProgress().reestimations == 0 {
            guard let p = try store.reviewQueue(limit: 1).first else { break }
            let s = g.same(p.idA, p.idB)
            #expect(DecisionModel.isDue(same: same, notSame: decided - same, atLastFit: 0) == false)
            try store.decide([.init(idA: p.idA, idB: p.idB, same: s)], context: context)
            decided += 1
            if s { same += 1 }
        }
        #expect(decided >= DecisionModel.minimum)
        #expect(same >= DecisionModel.minimumPerSide && decided - same >= DecisionModel.minimumPerSide)
        let after = try store.reviewProgress()
        #expect(after.reestimations == 1)
        #expect(after.decisionsAtLastFit == decided)
        #expect(after.same == same && after.notSame == decided - same)
        // Re-estimation moved pairs nobody decided (the decided ones are obeyed whatever their weight).
        #expect(after.movedUp + after.movedDown > 0)
        #expect(try store.status().decisions == decided)
    }

    @Test func skipLeavesTheQueueAndUndoBringsThePairBack() throws {
        let g = try SampleRegister(rows: 1500)
        defer { g.cleanUp() }
        let store = try RegisterStore(path: g.dir + "/r.sqlite", mode: .create)
        try store.initialise(from: CSVFile(path: try g.file("init.csv", 0..<1500)), context: context)
        let first = try #require(try store.reviewQueue(limit: 1).first)
        let left = try store.reviewProgress().remaining
        try store.skip(idA: first.idA, idB: first.idB)
        #expect(try store.reviewQueue(limit: 1).first?.idA != first.idA || store.reviewQueue(limit: 1).first?.idB != first.idB)
        #expect(try store.reviewProgress().skipped == 1)
        #expect(try store.reviewProgress().remaining == left - 1)
        try store.decide([.init(idA: first.idB, idB: first.idA, same: true)])
        #expect(try store.reviewProgress().same == 1)
        #expect(try store.reviewProgress().skipped == 0)
        let undone = try #require(try store.undoLastDecision())
        #expect(undone.idA == min(first.idA, first.idB))
        #expect(try store.reviewProgress().remaining == left)
        #expect(try store.reviewQueue(limit: 1).first?.idA == first.idA)
        #expect(try store.undoLastDecision() == nil)
        // Both records' values come with the pair, in the register's column order.
        #expect(first.columns.first == "id" && first.valuesA.first == first.idA && first.valuesB.first == first.idB)
        #expect(first.fields.count > 3)
    }
}

@Suite("DecisionModel")
struct DecisionModelTests {
    /// Two fields with levels null, exact, close, else; the base model trusts both equally.
    let base = MatchModel(
        comparisons: [ComparisonSpec(.firstName, termFrequency: false), ComparisonSpec(.lastName, termFrequency: false)],
        m: [[0, 0.7, 0.2, 0.1], [0, 0.7, 0.2, 0.1]], u: [[0, 0.01, 0.04, 0.95], [0, 0.01, 0.04, 0.95]], lambda: 0.001)

    func weight(_ model: MatchModel, _ levels: UInt32) -> Double {
        let w = model.levelWeights
        return model.priorWeight + w[0][Int(levels & 0xF)] + w[1][Int(levels >> 4 & 0xF)]
    }

    /// Log-likelihood of the decisions under P(same) = ½ at the threshold.
    func fitQuality(_ model: MatchModel, _ samples: [DecisionModel.Sample], threshold: Double) -> Double {
        samples.reduce(0) { sum, s in
            let p = 1 / (1 + pow(2, -(weight(model, s.levels) - threshold)))
            return sum + log(s.same ? p : 1 - p)
        }
    }

    @Test func decisionsReweighTheFieldThatDecides() {
        // People say: same whenever the first name is exact, whatever the last name; never otherwise.
        var samples: [DecisionModel.Sample] = []
        for first: UInt32 in 1...3 {
            for last: UInt32 in 1...3 {
                let levels = first | last << 4
                for _ in 0..<10 {
                    samples.append(.init(levels: levels, weight: Float(weight(base, levels)), same: first == 1))
                }
            }
        }
        let threshold = 0.0
        let fitted = DecisionModel.fit(base: base, samples: samples, threshold: threshold)
        #expect(fitQuality(fitted, samples, threshold: threshold) > fitQuality(base, samples, threshold: threshold) + 10)
        let gain = { (m: MatchModel, f: Int) in m.levelWeights[f][1] - m.levelWeights[f][3] }
        #expect(gain(fitted, 0) / gain(fitted, 1) > gain(base, 0) / gain(base, 1) * 1.5)
        // Exact first name with a different last name now matches; it did not before.
        #expect(weight(base, 1 | 3 << 4) < threshold && weight(fitted, 1 | 3 << 4) > threshold)
    }

    @Test func withoutDecisionsTheModelStays() {
        let fitted = DecisionModel.fit(base: base, samples: [], threshold: 2)
        for f in 0..<2 {
            for l in 1...3 { #expect(abs(fitted.levelWeights[f][l] - base.levelWeights[f][l]) < 1e-9) }
        }
        #expect(abs(fitted.priorWeight - base.priorWeight) < 1e-9)
    }

    @Test func dueOnlyWithEnoughOfEachKind() {
        #expect(!DecisionModel.isDue(same: 49, notSame: 0, atLastFit: 0))
        #expect(!DecisionModel.isDue(same: 45, notSame: 9, atLastFit: 0))
        #expect(DecisionModel.isDue(same: 40, notSame: 10, atLastFit: 0))
        #expect(!DecisionModel.isDue(same: 50, notSame: 20, atLastFit: 50))
        #expect(DecisionModel.isDue(same: 55, notSame: 20, atLastFit: 50))
    }
}
