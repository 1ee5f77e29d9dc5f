import Dubblett
import Foundation
import GRDB

/// A register store opened for serving: its buckets in memory for one-record matching, its writes
/// serialised through the store's own batches.
///
/// ```swift
/// let live = try LiveRegister(path: "data/registers/kunder.sqlite")
/// let hits = try live.match(["fornamn": "Anna", "efternamn": "Berg", "personnummer": "…"], limit: 5)
/// try live.upsert([["kundnummer": "K1", "fornamn": "Anna", …]])   // a batch: ids, events, clusters
/// ```
///
/// `match` reads an immutable snapshot (`RegisterIndex` plus ids and clusters per slot) and never waits
/// for a write; `upsert` and `remove` run one at a time, each one `RegisterStore` batch (one transaction),
/// then publish a new snapshot: the index is extended by the batch's rows, not rebuilt. The store file is
/// held open for writing (another process gets `RegisterStoreError.inUse`).
public final class LiveRegister: @unchecked Sendable {
    /// The store (for status, clusters and events).
    public let store: RegisterStore
    /// The register's column names, in stored order.
    public let columns: [String]
    /// The column holding each record's id.
    public let idColumn: String
    let config: RegisterConfig
    let workers: Int
    /// The register's columns and roles, no rows: a query record is laid into it without CSV parsing.
    let template: RecordStore
    private let stateLock = NSLock()
    private let writeLock = NSLock()
    private var state: Snapshot

    /// What `match` reads: the index and, per slot, its record's id ("" for a retired slot) and cluster (0: none).
    struct Snapshot {
        var index: RegisterIndex
        var ids: [String]
        var clusters: [Int64]
    }

    /// One register record a query may be the same person as.
    public struct Match: Sendable, Codable, Equatable {
        /// The record's register id.
        public var id: String
        /// Its stable cluster id, when it is in a cluster of two or more.
        public var cluster: Int64?
        /// Match weight (log2 Bayes factor, prior included).
        public var weight: Double
        public var probability: Double
        /// Per compared field: level and weight.
        public var fields: [Field]

        public struct Field: Sendable, Codable, Equatable {
            public var field: String
            public var level: String
            public var weight: Double
        }
    }

    /// Opens the store at `path` for writing and loads its buckets (about 1.5 s per million records).
    /// - Throws: `RegisterStoreError` (`notFound`, `inUse`, `notInitialised`, …).
    public init(path: String, workers: Int = Parallel.defaultWorkers) throws {
        let store = try RegisterStore(path: path, mode: .write)
        self.store = store
        self.workers = workers
        let (config, features, inactive) = try store.read { db in
            let config = try store.loadConfig(db)
            let features = try store.loadFeatures(db)
            return (config, features, try store.inactiveFlags(count: features.count, db))
        }
        self.config = config
        columns = config.columns
        guard let id = config.roles[FieldRole.id.rawValue] else { throw RegisterStoreError.noIDColumn(path) }
        idColumn = id
        template = try store.recordStore(lines: [], config: config, workers: 1)
        let matcher = IncrementalMatcher(settings: config.settings, model: config.model)
        let index = RegisterIndex(matcher: matcher, features: features, inactive: inactive, workers: workers)
        var ids = [String](repeating: "", count: features.count)
        var clusters = [Int64](repeating: 0, count: features.count)
        try store.read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT slot, id, cluster FROM record")
            while let row = try rows.next() {
                let slot: Int = row[0]
                guard slot < ids.count else { continue }
                let id: String = row[1]
                let cluster: Int64? = row[2]
                ids[slot] = id
                clusters[slot] = cluster ?? 0
            }
        }
        state = Snapshot(index: index, ids: ids, clusters: clusters)
    }

    /// The number of live records.
    public var recordCount: Int {
        let s = snapshot()
        return s.ids.reduce(0) { $0 + ($1.isEmpty ? 0 : 1) }
    }

    func snapshot() -> Snapshot {
        stateLock.lock()
        defer { stateLock.unlock() }
        return state
    }

    // MARK: - Matching

    /// The register records `record` (column → value; missing columns are empty) may be the same person
    /// as, best first: weight at or above `minimumWeight` (nil: the register's review threshold), at most
    /// `limit`.
    /// - Throws: `RegisterStoreError.columnsDiffer` naming columns the register does not have.
    public func match(_ record: [String: String], minimumWeight: Double? = nil, limit: Int = 10) throws -> [Match] {
        let features = try features(of: record)
        let s = snapshot()
        let threshold = Float(minimumWeight ?? config.settings.reviewThreshold)
        return s.index.match(features, minimumWeight: threshold, limit: limit).map { c in
            Match(
                id: s.ids[c.row], cluster: s.clusters[c.row] == 0 ? nil : s.clusters[c.row], weight: Double(c.weight),
                probability: c.probability,
                fields: c.fields.map { Match.Field(field: $0.field, level: $0.level, weight: $0.weight) })
        }
    }

    /// The features of one record, with the register's columns and roles.
    func features(of record: [String: String]) throws -> FeatureTable {
        let extra = record.keys.filter { !columns.contains($0) }
        if !extra.isEmpty { throw RegisterStoreError.columnsDiffer("record", missing: [], extra: extra.sorted()) }
        let row = RecordStore.single(fields: columns.map { Array((record[$0] ?? "").utf8) }, like: template)
        return FeatureBuilder.build(row, workers: 1, settings: config.settings)
    }

    /// A record as a stored line (every field quoted), its values in the register's column order.
    func line(of record: [String: String]) throws -> Data {
        let extra = record.keys.filter { !columns.contains($0) }
        if !extra.isEmpty { throw RegisterStoreError.columnsDiffer("record", missing: [], extra: extra.sorted()) }
        var out: [UInt8] = []
        for (i, name) in columns.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            for b in (record[name] ?? "").utf8 {
                // A line break inside a value would end the stored line: a space takes its place.
                let c = b == 0x0A || b == 0x0D ? UInt8(ascii: " ") : b
                if c == UInt8(ascii: "\"") { out.append(c) }
                out.append(c)
            }
            out.append(UInt8(ascii: "\""))
        }
        return Data(out)
    }

    // MARK: - Writes

    /// Adds or updates `records` by id as one batch (`RegisterStore.add`): incremental matching, stable
    /// cluster ids, events. Writes run one at a time; matching goes on meanwhile against the last snapshot.
    /// - Throws: `columnsDiffer`, `badIDs` (lines are 2 + the record's index), store errors.
    @discardableResult
    public func upsert(_ records: [[String: String]], source: String = "<api>") throws -> BatchSummary {
        writeLock.lock()
        defer { writeLock.unlock() }
        let lines = try records.map { try line(of: $0) }
        let before = snapshot()
        let batch = StoredLines(lines: lines, columns: columns, name: source)
        let summary = try store.add(batch, context: RunContext(workers: workers), cachedFeatures: before.index.features)
        try publish(after: before, erased: [])
        return summary
    }

    /// Removes and erases the records with `ids` (`RegisterStore.remove`).
    @discardableResult
    public func remove(ids: [String], source: String = "<api>") throws -> BatchSummary {
        writeLock.lock()
        defer { writeLock.unlock() }
        let before = snapshot()
        var slots: [Int] = []
        for id in ids { if let i = before.ids.firstIndex(of: id), !id.isEmpty { slots.append(i) } }
        let summary = try store.remove(ids: ids, source: source, context: RunContext(workers: workers))
        try publish(after: before, erased: slots)
        return summary
    }

    /// Reads what the last batch changed and publishes the next snapshot.
    private func publish(after before: Snapshot, erased: [Int]) throws {
        let first = before.index.count
        let store = self.store
        let (added, inactive, clusterRows, newIDs) = try store.read { db in
            let added = try store.loadFeatures(db, from: first)
            let inactive = try store.inactiveFlags(count: first + added.count, db)
            var clusters: [(Int, Int64)] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT slot, cluster FROM record WHERE cluster IS NOT NULL")
            while let r = try rows.next() {
                let slot: Int = r[0], cluster: Int64 = r[1]
                clusters.append((slot, cluster))
            }
            let ids = try Row.fetchAll(db, sql: "SELECT slot, id FROM record WHERE slot >= ?", arguments: [first])
                .map { ($0[0] as Int, $0[1] as String) }
            return (added, inactive, clusters, ids)
        }
        var retired: [Int] = []
        for r in 0..<first where inactive[r] && !before.index.inactive[r] { retired.append(r) }
        let index = before.index.appending(added, retired: retired, erased: erased, workers: workers)
        var ids = before.ids + [String](repeating: "", count: added.count)
        for r in retired { ids[r] = "" }
        for (slot, id) in newIDs where slot < ids.count { ids[slot] = id }
        var clusters = [Int64](repeating: 0, count: ids.count)
        for (slot, c) in clusterRows where slot < clusters.count { clusters[slot] = c }
        stateLock.lock()
        state = Snapshot(index: index, ids: ids, clusters: clusters)
        stateLock.unlock()
    }

    // MARK: - Reading

    /// A stable cluster: its members' ids (sorted), size and the batches that created or retired it.
    public struct Cluster: Sendable, Codable, Equatable {
        public var id: Int64
        public var size: Int
        public var createdBatch: Int64
        public var retiredBatch: Int64?
        public var members: [String]
    }

    /// The cluster with `id`, or nil when there never was one.
    public func cluster(_ id: Int64) throws -> Cluster? {
        try store.read { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT size, created_batch, retired_batch FROM cluster WHERE id = ?", arguments: [id])
            else { return nil }
            let members = try String.fetchAll(db, sql: "SELECT id FROM record WHERE cluster = ? ORDER BY id", arguments: [id])
            return Cluster(id: id, size: row[0], createdBatch: row[1], retiredBatch: row[2], members: members)
        }
    }

    /// Up to `limit` events after sequence number `after`, in order.
    public func events(after: Int64, limit: Int) throws -> [RegisterStore.Event] {
        try store.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT seq, batch, kind, cluster, other_cluster, record FROM event WHERE seq > ? ORDER BY seq LIMIT ?",
                arguments: [after, limit]
            ).map { r in
                RegisterStore.Event(
                    sequence: r[0], batch: r[1], kind: r[2], cluster: r[3], otherCluster: r[4], record: r[5])
            }
        }
    }
}

/// Stored lines (the register's columns, every field quoted) as a batch source.
struct StoredLines: RecordSource {
    var lines: [Data]
    var columns: [String]
    var name: String

    func recordStore(_ options: ReadOptions) throws -> RecordStore {
        let bytes = RegisterStore.csv(columns: columns, lines: lines)
        var o = options
        o.delimiter = UInt8(ascii: ",")
        return try CSVReader.read(bytes: bytes, name: name, options: o)
    }
}
