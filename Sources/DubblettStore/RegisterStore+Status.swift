import Dubblett
import Foundation
import GRDB

/// A store's state at a glance: counts, the model's age, the batches (no field value).
public struct RegisterStatus: Sendable, Codable {
    /// One batch of the history.
    public struct Batch: Sendable, Codable {
        public var id: Int64
        public var kind: String
        /// The batch file's name as given.
        public var source: String
        public var started: String
        public var seconds: Double
        public var rows: Int
        public var inserted: Int
        public var updated: Int
        public var unchanged: Int
        public var removed: Int
        public var newPairs: Int
        public var events: Int
    }

    public var schemaVersion: Int
    public var records: Int
    /// Clusters of two or more records.
    public var clusters: Int
    public var recordsInClusters: Int
    public var largestCluster: Int
    /// Stored pairs at or above the match threshold, and in the review band.
    public var matchPairs: Int
    public var reviewPairs: Int
    public var decisions: Int
    public var events: Int
    /// Feature rows of replaced or removed records.
    public var deadSlots: Int
    /// When the model was trained (ISO 8601) and the batch that trained it.
    public var modelTrained: String
    public var modelBatch: Int64
    public var modelAgeDays: Double
    /// The store file with its WAL, in bytes, and per record.
    public var fileBytes: Int
    public var bytesPerRecord: Double
    public var batches: [Batch]

    /// The status as lines for people.
    public func lines() -> [String] {
        var out = [
            "schema             version \(schemaVersion)",
            "records            \(records) (\(deadSlots) replaced or removed feature rows)",
            "clusters           \(clusters) with 2+ records, holding \(recordsInClusters) records; largest \(largestCluster)",
            "pairs              \(matchPairs) matches, \(reviewPairs) in the review band; \(decisions) decisions",
            "model              trained in batch \(modelBatch) at \(modelTrained) (\(String(format: "%.1f", modelAgeDays)) days ago)",
            "file               \(fileBytes) bytes, \(Int(bytesPerRecord.rounded())) per record",
            "events             \(events)",
            "batches            \(batches.count)",
        ]
        for b in batches {
            out.append(
                "  #\(b.id) \(b.kind) \(b.started) \(b.source): \(b.rows) rows, \(b.inserted) new, \(b.updated) updated, "
                    + "\(b.unchanged) unchanged, \(b.removed) removed, \(b.newPairs) pairs, \(b.events) events, "
                    + String(format: "%.2f s", b.seconds))
        }
        return out
    }
}

extension RegisterStore {
    /// Counts, the model's age and the history of batches.
    /// - Throws: `notInitialised` when the store holds no register.
    public func status() throws -> RegisterStatus {
        try read { db in
            let config = try loadConfig(db)
            func count(_ sql: String, _ args: StatementArguments = []) throws -> Int {
                try Int.fetchOne(db, sql: sql, arguments: args) ?? 0
            }
            let trained = String(decoding: try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'model_time'") ?? Data(), as: UTF8.self)
            let age = ISO8601DateFormatter().date(from: trained).map { Date().timeIntervalSince($0) / 86_400 } ?? 0
            let batches = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, kind, source, started, seconds, rows, inserted, updated, unchanged, removed, new_pairs, events
                    FROM batch ORDER BY id
                    """
            ).map { r in
                RegisterStatus.Batch(
                    id: r[0], kind: r[1], source: r[2], started: r[3], seconds: r[4], rows: r[5], inserted: r[6],
                    updated: r[7], unchanged: r[8], removed: r[9], newPairs: r[10], events: r[11])
            }
            let records = try count("SELECT COUNT(*) FROM record")
            let bytes = [path, path + "-wal"].reduce(0) {
                $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0)
            }
            return RegisterStatus(
                schemaVersion: RegisterSchema.version, records: records,
                clusters: try count("SELECT COUNT(*) FROM cluster WHERE size >= 2"),
                recordsInClusters: try count("SELECT COALESCE(SUM(size), 0) FROM cluster WHERE size >= 2"),
                largestCluster: try count("SELECT COALESCE(MAX(size), 0) FROM cluster"),
                matchPairs: try count("SELECT COUNT(*) FROM pair WHERE weight >= ?", [config.settings.matchThreshold]),
                reviewPairs: try count("SELECT COUNT(*) FROM pair WHERE weight < ?", [config.settings.matchThreshold]),
                decisions: try count("SELECT COUNT(*) FROM decision WHERE same >= 0"), events: try count("SELECT COUNT(*) FROM event"),
                deadSlots: try count("SELECT COUNT(*) FROM dead_slot"), modelTrained: trained,
                modelBatch: try metaInt("model_batch", db), modelAgeDays: age, fileBytes: bytes,
                bytesPerRecord: records == 0 ? 0 : Double(bytes) / Double(records), batches: batches)
        }
    }

    /// The stable cluster id of the record with `id` (nil: not in a cluster, or not in the register).
    public func clusterID(ofRecord id: String) throws -> Int64? {
        try read { try Int64.fetchOne($0, sql: "SELECT cluster FROM record WHERE id = ?", arguments: [id]) }
    }

    /// Every record id with its stable cluster id (0 = no cluster), in slot order.
    public func assignments() throws -> [(id: String, cluster: Int64)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, COALESCE(cluster, 0) FROM record ORDER BY slot").map { ($0[0], $0[1]) }
        }
    }

    /// A cluster event (`StableClusters` names the kinds; `removed` says only which id left).
    public struct Event: Sendable, Hashable, Codable {
        public var sequence: Int64
        public var batch: Int64
        public var kind: String
        public var cluster: Int64?
        public var otherCluster: Int64?
        public var record: String?
    }

    /// The events after `sequence` (0: all), in order.
    public func events(after sequence: Int64 = 0) throws -> [Event] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT seq, batch, kind, cluster, other_cluster, record FROM event WHERE seq > ? ORDER BY seq",
                arguments: [sequence]
            ).map { Event(sequence: $0[0], batch: $0[1], kind: $0[2], cluster: $0[3], otherCluster: $0[4], record: $0[5]) }
        }
    }

    /// Runs SQLite's integrity check; "ok" when the file is sound.
    public func integrityCheck() throws -> String {
        try read { try String.fetchAll($0, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }
}

extension RegisterStore {
    /// Writes the register's result files into `directory` (created when missing) and returns their names.
    ///
    /// The files `dedupe` writes, through `MatchWriters` (clusters.csv, pairs.csv, review.csv,
    /// splits.csv: a cluster_id there is the smallest member id, as in `dedupe`; summary.json with the
    /// model, the pair and cluster counts), plus `stable_ids.csv`:
    /// id,stable_cluster_id,cluster_size for every record in a cluster, with the store's stable ids.
    /// Records are in the order they entered the register.
    public func export(to directory: String, workers: Int = Parallel.defaultWorkers) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return try read { db in
            let config = try loadConfig(db)
            var slots: [Int] = [], lines: [Data] = [], ids: [String] = [], stable: [Int64] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT slot, id, raw, COALESCE(cluster, 0) FROM record ORDER BY slot")
            while let r = try rows.next() {
                slots.append(r[0])
                ids.append(r[1])
                lines.append(r[2])
                stable.append(r[3])
            }
            let store = try recordStore(lines: lines, config: config, workers: workers)
            lines = []
            let features = FeatureBuilder.build(store, workers: workers, settings: config.settings)
            var row = [Int32](repeating: -1, count: (slots.last ?? -1) + 1)
            for (i, s) in slots.enumerated() { row[s] = Int32(i) }
            var pairs = IncrementalMatcher.Pairs()
            let stored = try Row.fetchCursor(db, sql: "SELECT a, b, weight, levels, mask, rule FROM pair ORDER BY a, b")
            while let p = try stored.next() {
                let a: Int = p[0], b: Int = p[1]
                guard a < row.count, b < row.count, row[a] >= 0, row[b] >= 0 else { continue }
                pairs.pairs.append(UInt64(row[a]) << 32 | UInt64(row[b]))
                pairs.weights.append(Float(p[2] as Double))
                pairs.levels.append(UInt32(p[3] as Int64))
                pairs.masks.append(UInt16(p[4] as Int64))
                pairs.rules.append(UInt8(p[5] as Int64))
            }
            let matcher = IncrementalMatcher(settings: config.settings, model: config.model)
            let constraints = try decisionConstraints(db) { slot in slot < row.count ? Int(row[slot]) : -1 }
            let clustering = matcher.cluster(features, pairs: pairs.pairs, weights: pairs.weights, constraints: constraints)
            var report = RunReport()
            report.records = store.rowCount
            report.matchThreshold = config.settings.matchThreshold
            report.reviewThreshold = config.settings.reviewThreshold
            var result = MatchResult.restored(
                store: store, features: features, pairs: pairs, clustering: clustering, matcher: matcher,
                report: report, workers: workers)
            var files = try MatchWriters.writeRun(
                &result, to: directory, input: PathText.last(path), workers: workers, evaluate: { _ in Int?.none })
            var sizes: [Int64: Int] = [:]
            for c in stable where c != 0 { sizes[c, default: 0] += 1 }
            let w = try AtomicFileWriter(path: directory + "/stable_ids.csv")
            w.write("id,stable_cluster_id,cluster_size\n")
            var line: [UInt8] = []
            for i in ids.indices where stable[i] != 0 {
                line.removeAll(keepingCapacity: true)
                Self.appendCSV(ids[i], to: &line)
                line.append(contentsOf: ",C\(stable[i]),\(sizes[stable[i]] ?? 0)\n".utf8)
                w.write(line)
            }
            try w.commit()
            files.append("stable_ids.csv")
            return files
        }
    }

    /// Appends `value` as a CSV field (quoted when it holds a comma, quote or line break).
    static func appendCSV(_ value: String, to out: inout [UInt8]) {
        let special: Set<UInt8> = [0x2C, 0x22, 0x0A, 0x0D]  // , " LF CR
        let needsQuotes = value.utf8.contains { special.contains($0) }
        guard needsQuotes else { out.append(contentsOf: value.utf8); return }
        out.append(UInt8(ascii: "\""))
        for b in value.utf8 {
            if b == UInt8(ascii: "\"") { out.append(b) }
            out.append(b)
        }
        out.append(UInt8(ascii: "\""))
    }
}
