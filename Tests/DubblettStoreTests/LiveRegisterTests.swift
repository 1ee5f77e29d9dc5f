import Dubblett
import Foundation
import GRDB
import Testing

@testable import DubblettStore

/// The rows of a CSV file as column → value.
func recordsOf(_ path: String) throws -> [[String: String]] {
    let store = try CSVReader.read(path: path, options: ReadOptions(workers: 1))
    let names = store.columns.map(\.name)
    return (0..<store.rowCount).map { r in
        var d: [String: String] = [:]
        for (c, n) in names.enumerated() { d[n] = store.string(row: r, column: c) }
        return d
    }
}

@Suite("LiveRegister")
struct LiveRegisterTests {
    let context = RunContext(workers: 2)

    /// What `match` finds for a record is exactly what a batch of that one record then stores as its pairs:
    /// the same register records with the same weights (the index blocks, compares and scores as the batch does).
    @Test func matchFindsWhatABatchOfTheRecordWouldPairItWith() throws {
        let g = try GeneratedRegister(rows: 1500, seed: 5)
        defer { g.cleanUp() }
        try RegisterStore(path: g.store, mode: .create).initialise(
            from: CSVFile(path: try g.file("init.csv", 0..<1300)), context: context)
        let live = try LiveRegister(path: g.store, workers: 2)
        let incoming = try recordsOf(try g.file("new.csv", 1300..<1500))
        var withCandidates = 0
        for record in incoming.prefix(60) {
            let found = try live.match(record, limit: 100)
            try live.upsert([record])
            let id = record[live.idColumn]!
            let stored = try live.store.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT o.id, p.weight FROM record n JOIN pair p ON p.a = n.slot OR p.b = n.slot
                        JOIN record o ON o.slot = (CASE WHEN p.a = n.slot THEN p.b ELSE p.a END) WHERE n.id = ?
                        """,
                    arguments: [id]
                ).map { ($0[0] as String, $0[1] as Double) }
            }
            #expect(Set(found.map(\.id)) == Set(stored.map(\.0)), "record \(id)")
            let weights = Dictionary(uniqueKeysWithValues: stored)
            for f in found {
                #expect(abs(f.weight - (weights[f.id] ?? .nan)) < 0.01)
                #expect(abs(f.fields.reduce(0) { $0 + $1.weight } + Double(live.config.model.priorWeight) - f.weight) < 1e-3)
            }
            if !found.isEmpty { withCandidates += 1 }
        }
        #expect(withCandidates > 5)
    }

    /// A register record asked about itself comes back first with a high probability; a record after an
    /// upsert is found by the next match (the snapshot moved on), and an erased one is not.
    @Test func matchSeesUpsertsAndErasures() throws {
        let g = try GeneratedRegister(rows: 800, seed: 9)
        defer { g.cleanUp() }
        try RegisterStore(path: g.store, mode: .create).initialise(
            from: CSVFile(path: try g.file("init.csv", 0..<700)), context: context)
        let live = try LiveRegister(path: g.store, workers: 2)
        let known = try recordsOf(try g.file("known.csv", 0..<5))
        for r in known {
            let hit = try live.match(r, limit: 3).first
            #expect(hit?.id == r[live.idColumn])
            #expect((hit?.probability ?? 0) > 0.99)
        }
        let fresh = try recordsOf(try g.file("fresh.csv", 700..<710))
        let summary = try live.upsert(fresh)
        #expect(summary.inserted == 10)
        #expect(live.recordCount == 710)
        let id = fresh[0][live.idColumn]!
        #expect(try live.match(fresh[0], limit: 20).contains { $0.id == id })
        #expect(try live.remove(ids: [id]).removed == 1)
        #expect(try live.match(fresh[0], limit: 100).allSatisfy { $0.id != id })
        #expect(live.recordCount == 709)
        #expect(try live.events(after: 0, limit: 100_000).contains { $0.kind == "removed" && $0.record == id })
        #expect(throws: RegisterStoreError.self) { try live.match(["no such column": "x"]) }
    }
}
