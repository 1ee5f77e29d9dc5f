import Dubblett
import DubblettDatasets
import Foundation
import Testing

@testable import DubblettStore

/// A generated register (synthetic people, no real person's data) split into files for batches.
struct GeneratedRegister {
    let dir: String
    let header: String
    let lines: [String]

    init(rows: Int, seed: UInt64) throws {
        dir = NSTemporaryDirectory() + "dubblett-store-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let bytes = try RegisterGenerator(seed: seed).generateInMemory(rows: rows).register
        var all = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        header = all.removeFirst()
        lines = all
    }

    /// Writes `lines[range]` under the header to a file and returns its path.
    func file(_ name: String, _ range: Range<Int>) throws -> String {
        let path = dir + "/" + name
        try ([header] + lines[range]).joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    var store: String { dir + "/register.dubblett" }

    func cleanUp() { try? FileManager.default.removeItem(atPath: dir) }
}

/// Pairs of records (by id) that share a cluster.
func clusteredPairs(_ assignments: [(id: String, cluster: String)]) -> Set<String> {
    var members: [String: [String]] = [:]
    for a in assignments where !a.cluster.isEmpty { members[a.cluster, default: []].append(a.id) }
    var out = Set<String>()
    for m in members.values where m.count >= 2 {
        let s = m.sorted()
        for i in s.indices { for j in (i + 1)..<s.count { out.insert(s[i] + "|" + s[j]) } }
    }
    return out
}

@Suite("RegisterStore")
struct RegisterStoreTests {
    let context = RunContext(workers: 2)

    @Test func initStoresTheRegisterAndStatusCountsIt() throws {
        let g = try GeneratedRegister(rows: 1500, seed: 3)
        defer { g.cleanUp() }
        let store = try RegisterStore(path: g.store, mode: .create)
        let summary = try store.initialise(from: CSVFile(path: try g.file("all.csv", 0..<g.lines.count)), context: context)
        #expect(summary.inserted == g.lines.count)
        let status = try store.status()
        #expect(status.records == g.lines.count)
        #expect(status.clusters > 50)
        #expect(status.batches.count == 1)
        #expect(status.schemaVersion == 1)
        #expect(status.bytesPerRecord < 2048)
        #expect(try store.integrityCheck() == "ok")
        #expect(throws: RegisterStoreError.alreadyInitialised(g.store)) {
            try store.initialise(from: CSVFile(path: try g.file("again.csv", 0..<10)), context: context)
        }
    }

    @Test func aSecondWriterIsToldTheStoreIsInUse() throws {
        let g = try GeneratedRegister(rows: 50, seed: 4)
        defer { g.cleanUp() }
        let first = try RegisterStore(path: g.store, mode: .create)
        #expect(throws: RegisterStoreError.inUse(g.store)) { _ = try RegisterStore(path: g.store, mode: .write) }
        #expect(RegisterStoreError.inUse(g.store).exitCode == 75)
        _ = first
    }

    @Test func incrementalBatchesAgreeWithOneBatchRun() throws {
        let g = try GeneratedRegister(rows: 3000, seed: 7)
        defer { g.cleanUp() }
        let n = g.lines.count, head = n * 9 / 10
        let store = try RegisterStore(path: g.store, mode: .create)
        try store.initialise(from: CSVFile(path: try g.file("init.csv", 0..<head)), context: context)
        let step = (n - head + 2) / 3
        var start = head
        while start < n {
            let end = min(n, start + step)
            let s = try store.add(CSVFile(path: try g.file("b\(start).csv", start..<end)), context: context)
            #expect(s.inserted == end - start)
            #expect(s.candidates > 0)
            start = end
        }
        let incremental = clusteredPairs(try store.assignments().map { ($0.id, $0.cluster == 0 ? "" : "C\($0.cluster)") })
        let batch = try Pipeline.run(.dedupe(CSVFile(path: try g.file("all.csv", 0..<n))), context: context)
        var batchAssignments: [(id: String, cluster: String)] = []
        for r in 0..<batch.recordCount where batch.clusterSize(ofRecord: r) >= 2 {
            batchAssignments.append((batch.id(ofRecord: r), batch.clusterID(ofRecord: r)))
        }
        let reference = clusteredPairs(batchAssignments)
        let common = Double(incremental.intersection(reference).count)
        let f1 = 2 * common / Double(incremental.count + reference.count)
        #expect(reference.count > 100)
        #expect(f1 > 0.97, "pairwise agreement of incremental and batch clusterings: \(f1)")
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func rerunningABatchChangesNothingAndUntouchedIdsStay() throws {
        let g = try GeneratedRegister(rows: 1200, seed: 11)
        defer { g.cleanUp() }
        let store = try RegisterStore(path: g.store, mode: .create)
        try store.initialise(from: CSVFile(path: try g.file("init.csv", 0..<1000)), context: context)
        let before = try store.assignments()
        let batch = try g.file("batch.csv", 1000..<g.lines.count)
        let first = try store.add(CSVFile(path: batch), context: context)
        let after = try store.assignments()
        // Clusters no event of the batch names keep their id and members.
        let touched = Set(try store.events().filter { $0.batch == first.batch }.flatMap { [$0.cluster, $0.otherCluster] }
            .compactMap { $0 })
        let afterByID = Dictionary(uniqueKeysWithValues: after.map { ($0.id, $0.cluster) })
        for b in before where b.cluster != 0 && !touched.contains(b.cluster) { #expect(afterByID[b.id] == b.cluster) }
        let eventsBefore = try store.events().count
        let again = try store.add(CSVFile(path: batch), context: context)
        #expect(again.unchanged == g.lines.count - 1000)
        #expect(again.events == 0 && again.inserted == 0 && again.updated == 0)
        #expect(try store.assignments().map(\.cluster) == after.map(\.cluster))
        #expect(try store.events().count == eventsBefore)
    }

    @Test func anUpdatedRecordKeepsItsClusterAndReplacesItsValues() throws {
        let g = try GeneratedRegister(rows: 600, seed: 12)
        defer { g.cleanUp() }
        let store = try RegisterStore(path: g.store, mode: .create)
        try store.initialise(from: CSVFile(path: try g.file("init.csv", 0..<g.lines.count)), context: context)
        let assignments = try store.assignments()
        guard let clustered = assignments.firstIndex(where: { $0.cluster != 0 }) else {
            Issue.record("no cluster")
            return
        }
        // The same record with one field changed (a trailing field edit keeps the person recognisable).
        let index = g.lines.firstIndex { $0.hasPrefix(assignments[clustered].id + ",") }!
        let changed = g.lines[index] + ""
        var fields = changed.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[fields.count - 1] = ""
        let path = g.dir + "/update.csv"
        try (g.header + "\n" + fields.joined(separator: ",") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let s = try store.add(CSVFile(path: path), context: context)
        #expect(s.updated == 1 && s.inserted == 0)
        #expect(try store.status().records == g.lines.count)
        #expect(try store.status().deadSlots == 1)
    }

    @Test func removeErasesTheRecordsValuesFromTheFile() throws {
        let g = try GeneratedRegister(rows: 400, seed: 13)
        defer { g.cleanUp() }
        let store = try RegisterStore(path: g.store, mode: .create)
        try store.initialise(from: CSVFile(path: try g.file("init.csv", 0..<g.lines.count)), context: context)
        // An e-mail address only one record has: its bytes must leave the file.
        let emailColumn = g.header.split(separator: ",").firstIndex { $0.contains("post") && !$0.contains("nummer") && !$0.contains("ort") }
        var target: (id: String, email: String)?
        for line in g.lines {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard let c = emailColumn, c < f.count, f[c].count > 8, f.count == g.header.split(separator: ",").count else { continue }
            if g.lines.filter({ $0.contains(f[c]) }).count == 1 { target = (f[0], f[c]); break }
        }
        let t = try #require(target)
        func fileHolds(_ text: String) throws -> Bool {
            var found = false
            for p in [g.store, g.store + "-wal"] where FileManager.default.fileExists(atPath: p) {
                let data = try Data(contentsOf: URL(fileURLWithPath: p))
                if data.range(of: Data(text.utf8)) != nil { found = true }
            }
            return found
        }
        #expect(try fileHolds(t.email))
        let s = try store.remove(ids: [t.id, "no-such-id"])
        #expect(s.removed == 1 && s.unchanged == 1)
        #expect(try !fileHolds(t.email))
        #expect(try store.status().records == g.lines.count - 1)
        let removed = try store.events().filter { $0.kind == "removed" }
        #expect(removed.map(\.record) == [t.id])
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func decisionsAreObeyedAndKeptForLaterBatches() throws {
        let g = try GeneratedRegister(rows: 800, seed: 14)
        defer { g.cleanUp() }
        let store = try RegisterStore(path: g.store, mode: .create)
        try store.initialise(from: CSVFile(path: try g.file("init.csv", 0..<700)), context: context)
        let a = try store.assignments()
        var members: [Int64: [String]] = [:]
        for x in a where x.cluster != 0 { members[x.cluster, default: []].append(x.id) }
        let pair = try #require(members.values.first { $0.count == 2 })
        let singles = a.filter { $0.cluster == 0 }.prefix(2).map(\.id)
        try store.decide([
            .init(idA: pair[0], idB: pair[1], same: false), .init(idA: singles[0], idB: singles[1], same: true),
        ])
        #expect(try store.clusterID(ofRecord: pair[0]) == nil)
        let joined = try #require(try store.clusterID(ofRecord: singles[0]))
        #expect(try store.clusterID(ofRecord: singles[1]) == joined)
        try store.add(CSVFile(path: try g.file("more.csv", 700..<g.lines.count)), context: context)
        // A "not the same" decision keeps the two apart as groups: a record of the new batch that matches both
        // must not join them through a chain.
        let a0 = try store.clusterID(ofRecord: pair[0]), a1 = try store.clusterID(ofRecord: pair[1])
        #expect(a0 == nil || a0 != a1)
        #expect(try store.clusterID(ofRecord: singles[0]) == store.clusterID(ofRecord: singles[1]))
    }
}

@Suite("StableClusters")
struct StableClustersTests {
    /// Labels from groups of rows (each group's smallest row is its root).
    func clustering(_ n: Int, _ groups: [[Int]]) -> (labels: [Int32], sizes: [Int32]) {
        var labels = (0..<n).map { Int32($0) }, sizes = [Int32](repeating: 1, count: n)
        for g in groups {
            let root = g.min()!
            for r in g { labels[r] = Int32(root) }
            sizes[root] = Int32(g.count)
        }
        return (labels, sizes)
    }

    @Test func theSameClusteringKeepsEveryIdWithoutEvents() {
        let c = clustering(6, [[0, 1], [3, 4, 5]])
        let first = StableClusters.reconcile(labels: c.labels, sizes: c.sizes, old: [Int64](repeating: 0, count: 6), nextID: 1)
        #expect(first.created == [1, 2])
        let again = StableClusters.reconcile(labels: c.labels, sizes: c.sizes, old: first.ids, nextID: first.nextID)
        #expect(again.ids == first.ids && again.events.isEmpty && again.sizes.isEmpty)
    }

    @Test func aMergeKeepsTheOlderIdAndASplitKeepsItForTheLargerPart() {
        let old: [Int64] = [5, 5, 0, 9, 9, 9, 0]
        let merged = clustering(7, [[0, 1, 3, 4, 5]])
        let m = StableClusters.reconcile(labels: merged.labels, sizes: merged.sizes, old: old, nextID: 10)
        #expect(m.ids == [5, 5, 0, 5, 5, 5, 0])
        #expect(m.events.contains(.init(kind: .merged, cluster: 5, other: 9)))
        #expect(m.sizes[9] == 0 && m.sizes[5] == 5)
        let split = clustering(7, [[0, 1], [3, 4], [5, 6]])
        let oldSplit: [Int64] = [5, 5, 5, 5, 0, 0, 0]
        let s = StableClusters.reconcile(labels: split.labels, sizes: split.sizes, old: oldSplit, nextID: 10)
        #expect(s.ids[0] == 5 && s.ids[1] == 5)
        #expect(s.ids[3] == 10)
        #expect(s.events.contains(.init(kind: .split, cluster: 10, other: 5)))
        #expect(s.events.contains(.init(kind: .left, cluster: 5, row: 2)))
        #expect(s.events.contains(.init(kind: .created, cluster: 11)))
    }

    @Test func aClusterWhoseMembersAllLeaveIsDissolved() {
        let c = clustering(3, [])
        let r = StableClusters.reconcile(labels: c.labels, sizes: c.sizes, old: [4, 4, 0], nextID: 5)
        #expect(r.ids == [0, 0, 0])
        #expect(r.events.filter { $0.kind == .dissolved } == [.init(kind: .dissolved, cluster: 4)])
        #expect(r.sizes == [4: 0])
    }
}

@Suite("FeatureTable bytes")
struct FeatureTableBytesTests {
    @Test func rowsRoundTripThroughBytes() throws {
        var t = FeatureTable()
        for i in 0..<5 {
            var row = FeatureTable.Row()
            row.firstFolded = Array("anna\(i)".utf8)
            row.lastFolded = Array("berg".utf8)
            row.personnummer = 190_001_010_000 + Int64(i)
            row.postalCode = 11_453
            t.append(row)
        }
        let back = try t.serialized(rows: 1..<4).withUnsafeBytes { try FeatureTable(serialized: $0) }
        #expect(back.count == 3)
        #expect(back.personnummer == Array(t.personnummer[1..<4]))
        #expect(back.firstFolded.row(0) == Array("anna1".utf8))
        var erased = back
        erased.erase(row: 1)
        #expect(erased.firstFolded.row(1).allSatisfy { $0 == 0 } && erased.personnummer[1] == 0)
        #expect(throws: FeatureTableFormatError.self) { try [UInt8](repeating: 0, count: 12).withUnsafeBytes { try FeatureTable(serialized: $0) } }
    }
}
