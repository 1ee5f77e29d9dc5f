import DubblettTestSupport
import Foundation
import Testing

@testable import Dubblett
import DubblettDatasets
import DubblettEvaluation

/// End-to-end deduplication on a generated register: read, features, pipeline, writers, evaluation.
@Suite("Dedupe")
struct DedupeTests {
    struct Run {
        var result: MatchResult
        var output: Pipeline.Output { result.output }
        var store: RecordStore { result.stores[0] }
        var messages: [String]
    }

    final class Messages: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [String] = []
        func add(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
    }

    static func register(rows: Int, seed: UInt64) throws -> (register: String, truth: String) {
        let dir = NSTemporaryDirectory() + "dubblett-dedupe-\(getpid())-\(seed)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let reg = dir + "/register.csv", truth = dir + "/truth.csv"
        if !FileManager.default.fileExists(atPath: reg) {
            _ = try RegisterGenerator(seed: seed).generate(rows: rows, registerPath: reg, truthPath: truth, workers: 2)
        }
        return (reg, truth)
    }

    static func run(_ path: String, workers: Int) throws -> Run {
        let messages = Messages()
        let context = RunContext(workers: workers, progress: { if let d = $0.detail { messages.add(d) } })
        let result = try Pipeline.run(.dedupe(CSVFile(path: path)), context: context)
        return Run(result: result, messages: messages.all)
    }

    @Test func findsTheGeneratedDuplicatesAccurately() throws {
        let (reg, truth) = try Self.register(rows: 2500, seed: 3)
        let r = try Self.run(reg, workers: 2)
        let labels = try Evaluation.truthEntities(truthPath: truth, register: r.store, workers: 2).labels
        let report = Evaluation.evaluate(truthEntity: labels, predictedCluster: r.output.clustering.labels)
        #expect(report.pairwise.f1 > 0.95, "pairwise P \(report.pairwise.precision) R \(report.pairwise.recall)")
        #expect(report.pairwise.precision > 0.97)
    }

    @Test func oneAndTwoWorkersWriteIdenticalFiles() throws {
        let (reg, _) = try Self.register(rows: 1500, seed: 4)
        var contents: [[Data]] = []
        for workers in [1, 2] {
            let r = try Self.run(reg, workers: workers)
            let dir = NSTemporaryDirectory() + "dubblett-out-\(getpid())-\(workers)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let files = try MatchWriters.write(r.result, to: dir, workers: workers)
            #expect(files == ["clusters.csv", "pairs.csv", "review.csv", "splits.csv"])
            #expect(r.result.pairs(.match).count == r.output.report.matchPairs)
            contents.append(
                try ["clusters.csv", "pairs.csv"].map { try Data(contentsOf: URL(fileURLWithPath: dir + "/" + $0)) })
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".tmp-") }
            #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
        }
        #expect(contents[0] == contents[1])
        let header = String(decoding: contents[0][1].prefix(80), as: UTF8.self)
        #expect(header.hasPrefix("id_a,id_b,match_weight,match_probability,blocking_rule,first_name_level"))
    }

    @Test func progressNeverShowsPersonalData() throws {
        let (reg, _) = try Self.register(rows: 2000, seed: 5)
        let r = try Self.run(reg, workers: 2)
        let pnrColumn = try #require(r.store.column(for: .personnummer))
        let lastColumn = try #require(r.store.column(for: .lastName))
        let text = r.messages.joined(separator: "\n")
        // Whole words of the progress text: a surname such as "Person" must not be confused with the
        // rule name "personnummer", which is part of the report's own vocabulary.
        let words = Set(text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init))
        #expect(!r.messages.isEmpty)
        for row in 0..<200 {
            let pnr = r.store.string(row: row, column: pnrColumn)
            if pnr.count >= 10 { #expect(!text.contains(pnr)) }
            let last = r.store.string(row: row, column: lastColumn).lowercased()
            // Surnames that are also words of the report ("preset: person") cannot be told apart by text.
            if last.count >= 4 && !["person", "company"].contains(last) {
                #expect(!words.contains(last), "surname in progress output")
            }
        }
    }

    @Test func linkGivesEachRecordOfAItsBestMatchInB() throws {
        let (reg, truth) = try Self.register(rows: 2000, seed: 6)
        let store = try CSVReader.read(path: reg, options: ReadOptions(workers: 2))
        var f = FeatureBuilder.build(store, workers: 2)
        for i in 0..<f.count { f.source[i] = UInt8(i % 2) }
        let out = try Pipeline.match(f, settings: MatchSettings(), linkOnly: true, context: RunContext(workers: 2))
        let labels = try Evaluation.truthEntities(truthPath: truth, register: store, workers: 2).labels
        let best = try #require(out.bestMatch)
        var linked = 0, correct = 0
        for a in 0..<f.count where best[a] >= 0 {
            #expect(f.source[a] == 0 && f.source[Int(best[a])] == 1)
            linked += 1
            if labels[a] == labels[Int(best[a])] { correct += 1 }
        }
        #expect(linked > 100)
        #expect(Double(correct) / Double(linked) > 0.97, "\(correct) of \(linked) links correct")
        for p in out.pairs { #expect(f.source[Int(p >> 32)] != f.source[Int(p & 0xFFFF_FFFF)]) }
    }
}
