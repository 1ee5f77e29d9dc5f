import Dubblett
import Foundation
import GRDB

/// What one batch did (counts only; no field value).
public struct BatchSummary: Sendable, Codable, Equatable {
    public var batch: Int64
    /// `init`, `add`, `remove` or `decide`.
    public var kind: String
    /// Rows read from the batch file (after rows the reader excluded).
    public var rows = 0
    /// Rows the reader left out (ragged, bad quoting…), with their issues in the reader's report.
    public var excluded = 0
    public var inserted = 0
    public var updated = 0
    /// Records whose values equal the stored ones (nothing to do).
    public var unchanged = 0
    public var removed = 0
    /// Candidate pairs compared (new × register).
    public var candidates = 0
    /// Pairs at or above the review threshold that the batch added.
    public var newPairs = 0
    /// Cluster events the batch wrote.
    public var events = 0
    /// Events by kind.
    public var eventCounts: [String: Int] = [:]
    /// Seconds from opening the batch to its commit.
    public var seconds = 0.0
    /// Seconds per step before the commit (read, records, features, match, cluster).
    public var stageSeconds: [String: Double] = [:]
}

/// Laps of a batch's steps.
struct BatchClock {
    var last = Date()
    var seconds: [String: Double] = [:]
    mutating func lap(_ name: String) {
        let now = Date()
        seconds[name, default: 0] += now.timeIntervalSince(last)
        last = now
    }
}

extension RegisterStore {
    // MARK: - init

    /// Runs the full dedupe of `source` (`Pipeline.run`) and stores it as the register: records,
    /// features, model, pairs and clusters with their first stable ids, all in one transaction.
    /// - Throws: `RegisterStoreError.alreadyInitialised`, `noIDColumn`, `badIDs`, the run's errors.
    @discardableResult
    public func initialise(
        from source: any RecordSource, settings: MatchSettings = MatchSettings(), model: MatchModel? = nil,
        readOptions: ReadOptions = ReadOptions(), context: RunContext = RunContext()
    ) throws -> BatchSummary {
        let start = Date()
        if try read({ try $0.tableExists("meta") && Data.fetchOne($0, sql: "SELECT value FROM meta WHERE key = 'config'") != nil }) {
            throw RegisterStoreError.alreadyInitialised(path)
        }
        let result = try Pipeline.run(.dedupe(source), settings: settings, model: model, readOptions: readOptions, context: context)
        let store = result.stores[0]
        let adapted = Pipeline.adapt(settings, to: result.stores, context: RunContext(workers: context.workers))
        let columns = store.columns.map(\.name)
        var roles: [String: String] = [:]
        for role in FieldRole.allCases { if let c = store.column(for: role) { roles[role.rawValue] = columns[c] } }
        let config = RegisterConfig(settings: adapted, model: result.model, columns: columns, roles: roles)
        let records = try incoming(store, columns: columns, name: source.name)
        let features = FeatureBuilder.build(store, workers: context.workers, settings: adapted)
        let output = result.output
        var summary = BatchSummary(batch: 1, kind: "init")
        summary.rows = records.count
        summary.excluded = store.issues.excludedRows
        summary.inserted = records.count
        summary.candidates = result.report.candidatePairs
        summary.newPairs = output.pairs.count
        try write { db in
            try saveConfig(config, db)
            try setMetaInt("model_batch", 1, db)
            try setMeta("model_time", Data(ISO8601DateFormatter().string(from: Date()).utf8), db)
            let insert = try db.cachedStatement(sql: "INSERT INTO record (slot, id, raw, batch) VALUES (?, ?, ?, 1)")
            for (slot, r) in records.enumerated() { try insert.execute(arguments: [slot, r.id, r.raw]) }
            try saveFeatures(features, first: 0, batch: 1, db)
            try setMetaInt("next_slot", Int64(records.count), db)
            var pairs = IncrementalMatcher.Pairs()
            (pairs.pairs, pairs.levels, pairs.weights) = (output.pairs, output.levels, output.weights)
            (pairs.rules, pairs.masks) = (output.rules, output.masks)
            try insertPairs(pairs, batch: 1, db)
            let clustering = output.clustering
            try applyClusters(
                labels: clustering.labels, sizes: clustering.sizes, old: [Int64](repeating: 0, count: records.count),
                batch: 1, ids: { records[$0].id }, summary: &summary, db)
            summary.seconds = Date().timeIntervalSince(start)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try insertBatch(summary, source: source.name, started: start, report: try encoder.encode(result.report), db)
        }
        return summary
    }

    // MARK: - add

    /// Inserts or updates the records of `source` by id and matches only them against the register with
    /// the stored model; clusters keep their ids (see `StableClusters`). One transaction.
    /// - Parameter cached: the stored features of every slot, when the caller holds them (a server's
    ///   `LiveRegister`); nil reads them from the store.
    /// - Throws: `notInitialised`, `columnsDiffer`, `badIDs`, the reader's errors.
    @discardableResult
    public func add(
        _ source: any RecordSource, readOptions: ReadOptions = ReadOptions(), context: RunContext = RunContext(),
        cachedFeatures cached: FeatureTable? = nil
    ) throws -> BatchSummary {
        let start = Date()
        var clock = BatchClock()
        let config = try read { try loadConfig($0) }
        var options = config.readOptions(readOptions)
        options.workers = context.workers
        let batchStore: RecordStore
        do {
            batchStore = try source.recordStore(options)
        } catch ReadError.unknownColumn {
            batchStore = try source.recordStore(ReadOptions(workers: context.workers))
            try checkColumns(batchStore, config: config, name: source.name)
            throw RegisterStoreError.columnsDiffer(source.name, missing: [], extra: [])
        }
        try checkColumns(batchStore, config: config, name: source.name)
        let records = try incoming(batchStore, columns: config.columns, name: source.name)
        clock.lap("read")
        return try write { db in
            var summary = BatchSummary(batch: try nextBatch(db), kind: "add")
            summary.rows = records.count
            summary.excluded = batchStore.issues.excludedRows
            // 1. Which records are new, changed or the same.
            let find = try db.cachedStatement(sql: "SELECT slot, raw, cluster FROM record WHERE id = ?")
            var changed: [(record: IncomingRecord, oldSlot: Int64?, cluster: Int64?)] = []
            for r in records {
                if let row = try Row.fetchOne(find, arguments: [r.id]) {
                    let raw: Data = row[1]
                    if raw == r.raw { summary.unchanged += 1; continue }
                    let slot: Int64 = row[0]
                    let cluster: Int64? = row[2]
                    changed.append((r, slot, cluster))
                    summary.updated += 1
                } else {
                    changed.append((r, nil, nil))
                    summary.inserted += 1
                }
            }
            if !changed.isEmpty {
                let first = Int(try metaInt("next_slot", db))
                // 2. New slots: replaced records' old rows leave every bucket and their pairs go.
                let retire = try db.cachedStatement(sql: "DELETE FROM record WHERE slot = ?")
                let dead = try db.cachedStatement(sql: "INSERT OR IGNORE INTO dead_slot (slot) VALUES (?)")
                let insert = try db.cachedStatement(
                    sql: "INSERT INTO record (slot, id, raw, batch, cluster) VALUES (?, ?, ?, ?, ?)")
                for (k, c) in changed.enumerated() {
                    if let old = c.oldSlot {
                        try retire.execute(arguments: [old])
                        try dead.execute(arguments: [old])
                        try db.execute(sql: "DELETE FROM pair WHERE a = ? OR b = ?", arguments: [old, old])
                    }
                    try insert.execute(arguments: [first + k, c.record.id, c.record.raw, summary.batch, c.cluster])
                }
                try setMetaInt("next_slot", Int64(first + changed.count), db)
                clock.lap("records")
                // 3. Features of the new rows, with the register's settings, after the stored ones.
                let newStore = try recordStore(lines: changed.map(\.record.raw), config: config, workers: context.workers)
                let newFeatures = FeatureBuilder.build(newStore, workers: context.workers, settings: config.settings)
                var features = try cached ?? loadFeatures(db)
                guard features.count == first else {
                    throw RegisterStoreError.database(path, "stored features cover \(features.count) slots, expected \(first)")
                }
                try saveFeatures(newFeatures, first: first, batch: summary.batch, db)
                features.append(contentsOf: newFeatures)
                clock.lap("features")
                // 4. Match the new rows only, with the stored model.
                let inactive = try inactiveFlags(count: features.count, db)
                let matcher = IncrementalMatcher(settings: config.settings, model: config.model)
                let found = matcher.match(features, firstNew: first, inactive: inactive, workers: context.workers)
                summary.candidates = found.candidates
                summary.newPairs = found.pairs.count
                try insertPairs(found, batch: summary.batch, db)
                clock.lap("match")
                // 5. Clusters again where the batch touched them, ids kept: the replaced records (their new
                // slots carry their clusters) and both ends of every new match.
                var touched = changed.indices.filter { changed[$0].oldSlot != nil }.map { first + $0 }
                let threshold = Float(config.settings.matchThreshold)
                for i in found.pairs.indices where found.weights[i] >= threshold {
                    touched.append(Int(found.pairs[i] >> 32))
                    touched.append(Int(found.pairs[i] & 0xFFFF_FFFF))
                }
                try recluster(features, touched: touched, matcher: matcher, batch: summary.batch, summary: &summary, db)
                clock.lap("cluster")
            }
            summary.seconds = Date().timeIntervalSince(start)
            summary.stageSeconds = clock.seconds
            try insertBatch(summary, source: source.name, started: start, report: nil, db)
            return summary
        }
    }

    /// The batch's columns must be the register's (any order).
    func checkColumns(_ store: RecordStore, config: RegisterConfig, name: String) throws {
        let have = Set(store.columns.map(\.name)), want = Set(config.columns)
        if have != want {
            throw RegisterStoreError.columnsDiffer(
                name, missing: config.columns.filter { !have.contains($0) },
                extra: store.columns.map(\.name).filter { !want.contains($0) })
        }
    }

    // MARK: - remove

    /// Removes the records with `ids` and erases their values: the record rows, their features and pairs
    /// go, freed pages are overwritten (`secure_delete`), the file is vacuumed and the WAL truncated.
    /// Events say only that an id was removed. Ids not in the register are counted, not an error.
    @discardableResult
    public func remove(ids: [String], source: String = "<ids>", context: RunContext = RunContext()) throws -> BatchSummary {
        let start = Date()
        let config = try read { try loadConfig($0) }
        let summary = try write { db -> BatchSummary in
            var summary = BatchSummary(batch: try nextBatch(db), kind: "remove")
            summary.rows = ids.count
            let find = try db.cachedStatement(sql: "SELECT slot, cluster FROM record WHERE id = ?")
            var slots: [Int] = []
            var clusters: [Int64] = []
            var seen = Set<String>()
            let event = try db.cachedStatement(
                sql: "INSERT INTO event (batch, kind, cluster, other_cluster, record) VALUES (?, 'removed', ?, NULL, ?)")
            for id in ids where seen.insert(id).inserted {
                guard let row = try Row.fetchOne(find, arguments: [id]) else { summary.unchanged += 1; continue }
                let slot: Int = row[0]
                let cluster: Int64? = row[1]
                slots.append(slot)
                if let c = cluster { clusters.append(c) }
                try db.execute(sql: "DELETE FROM record WHERE slot = ?", arguments: [slot])
                try db.execute(sql: "DELETE FROM pair WHERE a = ? OR b = ?", arguments: [slot, slot])
                try db.execute(sql: "INSERT OR IGNORE INTO dead_slot (slot) VALUES (?)", arguments: [slot])
                try db.execute(sql: "DELETE FROM decision WHERE id_a = ? OR id_b = ?", arguments: [id, id])
                try event.execute(arguments: [summary.batch, cluster, id])
                summary.events += 1
                summary.eventCounts["removed", default: 0] += 1
                summary.removed += 1
            }
            if !slots.isEmpty {
                try eraseFeatures(slots: slots, db)
                let features = try loadFeatures(db)
                let matcher = IncrementalMatcher(settings: config.settings, model: config.model)
                try recluster(
                    features, touched: [], clusters: clusters, matcher: matcher, batch: summary.batch, summary: &summary, db)
            }
            summary.seconds = Date().timeIntervalSince(start)
            try insertBatch(summary, source: source, started: start, report: nil, db)
            return summary
        }
        if summary.removed > 0 {
            do {
                try db.writeWithoutTransaction { db in
                    try db.execute(sql: "VACUUM")
                    try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                }
            } catch let e as DatabaseError {
                throw RegisterStoreError.from(e, path: path)
            }
        }
        return summary
    }

    // MARK: - Shared steps

    func nextBatch(_ db: Database) throws -> Int64 {
        (try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM batch") ?? 0) + 1
    }

    func insertBatch(_ s: BatchSummary, source: String, started: Date, report: Data?, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO batch (id, kind, source, started, seconds, rows, inserted, updated, unchanged, removed,
                    excluded, candidates, new_pairs, events, report)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                s.batch, s.kind, source, ISO8601DateFormatter().string(from: started), s.seconds, s.rows, s.inserted,
                s.updated, s.unchanged, s.removed, s.excluded, s.candidates, s.newPairs, s.events,
                report.map { String(decoding: $0, as: UTF8.self) },
            ])
    }

    func insertPairs(_ p: IncrementalMatcher.Pairs, batch: Int64, _ db: Database) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO pair (a, b, weight, levels, mask, rule, batch) VALUES (?, ?, ?, ?, ?, ?, ?)")
        for i in p.pairs.indices {
            try statement.execute(arguments: [
                Int64(p.pairs[i] >> 32), Int64(p.pairs[i] & 0xFFFF_FFFF), Double(p.weights[i]), Int64(p.levels[i]),
                Int64(p.masks[i]), Int64(p.rules[i]), batch,
            ])
        }
    }

    /// Per slot, whether it is a replaced or removed record's (it joins no bucket).
    func inactiveFlags(count: Int, _ db: Database) throws -> [Bool] {
        var flags = [Bool](repeating: false, count: count)
        let slots = try Int.fetchCursor(db, sql: "SELECT slot FROM dead_slot")
        while let s = try slots.next() {
            if s < count { flags[s] = true }
        }
        return flags
    }

    /// Clusters the slots a batch touched again, with every member of their clusters, from the stored match
    /// edges among them and the decisions, and writes what changed (clusters no touched slot is in keep
    /// their members and ids without being read).
    ///
    /// A link the guards refused between a touched cluster and an untouched one is not reconsidered (a
    /// batch run over everything would look at it again); every other edge is.
    func recluster(
        _ features: FeatureTable, touched: [Int], clusters touchedClusters: [Int64] = [], matcher: IncrementalMatcher,
        batch: Int64, summary: inout BatchSummary, _ db: Database
    ) throws {
        // 1. The touched slots and every member of their clusters.
        var inSet = Set<Int>()
        var clusterIDs = Set(touchedClusters)
        let clusterOf = try db.cachedStatement(sql: "SELECT cluster FROM record WHERE slot = ? AND cluster IS NOT NULL")
        for s in touched where inSet.insert(s).inserted {
            if let c = try Int64.fetchOne(clusterOf, arguments: [s]) { clusterIDs.insert(c) }
        }
        let members = try db.cachedStatement(sql: "SELECT slot FROM record WHERE cluster = ?")
        for c in clusterIDs { for s in try Int.fetchAll(members, arguments: [c]) { inSet.insert(s) } }
        let rows = inSet.filter { $0 < features.count }.sorted()
        guard !rows.isEmpty else { return }
        var local: [Int: Int] = [:]
        local.reserveCapacity(rows.count)
        for (i, s) in rows.enumerated() { local[s] = i }
        // 2. Match edges among them (each pair once, from its smaller slot), then the decisions.
        var pairs: [UInt64] = [], weights: [Float] = []
        let edges = try db.cachedStatement(sql: "SELECT b, weight FROM pair WHERE a = ? AND weight >= ?")
        for (i, s) in rows.enumerated() {
            let found = try Row.fetchCursor(edges, arguments: [s, matcher.settings.matchThreshold])
            while let e = try found.next() {
                guard let j = local[e[0]] else { continue }
                pairs.append(UInt64(i) << 32 | UInt64(j))
                weights.append(Float(e[1] as Double))
            }
        }
        let constraints = try decisionConstraints(db) { local[$0] ?? -1 }
        let clustering = matcher.cluster(features, rows: rows, pairs: pairs, weights: weights, constraints: constraints)
        // 3. Stable ids for the local clustering.
        var old = [Int64](repeating: 0, count: rows.count)
        let current = try db.cachedStatement(sql: "SELECT cluster FROM record WHERE slot = ?")
        for (i, s) in rows.enumerated() { old[i] = try Int64.fetchOne(current, arguments: [s]) ?? 0 }
        let idOf = try db.cachedStatement(sql: "SELECT id FROM record WHERE slot = ?")
        try applyClusters(
            labels: clustering.labels, sizes: clustering.sizes, old: old, slots: rows, batch: batch,
            ids: { i in (try? String.fetchOne(idOf, arguments: [rows[i]])).flatMap { $0 } ?? "" }, summary: &summary, db)
        // Sizes from the records themselves (a removed record left its cluster before this step).
        let count = try db.cachedStatement(sql: "SELECT COUNT(*) FROM record WHERE cluster = ?")
        let resize = try db.cachedStatement(
            sql: "UPDATE cluster SET size = ?, retired_batch = CASE WHEN ? = 0 THEN ? ELSE retired_batch END WHERE id = ?")
        for c in clusterIDs.sorted() {
            let n = try Int.fetchOne(count, arguments: [c]) ?? 0
            try resize.execute(arguments: [n, n, batch, c])
        }
    }

    /// Gives the clustering stable ids (`StableClusters`) and writes the changed rows, clusters and events.
    /// - Parameters:
    ///   - slots: the slot of each row of `labels` (nil: row `r` is slot `r`).
    func applyClusters(
        labels: [Int32], sizes: [Int32], old: [Int64], slots: [Int]? = nil, batch: Int64, ids: (Int) -> String,
        summary: inout BatchSummary, _ db: Database
    ) throws {
        let next = (try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM cluster") ?? 0) + 1
        let r = StableClusters.reconcile(labels: labels, sizes: sizes, old: old, nextID: next)
        let setCluster = try db.cachedStatement(sql: "UPDATE record SET cluster = ? WHERE slot = ?")
        for i in r.ids.indices where r.ids[i] != old[i] {
            try setCluster.execute(arguments: [r.ids[i] == 0 ? nil : r.ids[i], slots?[i] ?? i])
        }
        let create = try db.cachedStatement(sql: "INSERT INTO cluster (id, created_batch, size) VALUES (?, ?, 0)")
        for id in r.created { try create.execute(arguments: [id, batch]) }
        let resize = try db.cachedStatement(
            sql: "UPDATE cluster SET size = ?, retired_batch = CASE WHEN ? = 0 THEN ? ELSE NULL END WHERE id = ?")
        for (id, size) in r.sizes.sorted(by: { $0.key < $1.key }) {
            try resize.execute(arguments: [size, size, batch, id])
        }
        let event = try db.cachedStatement(
            sql: "INSERT INTO event (batch, kind, cluster, other_cluster, record) VALUES (?, ?, ?, ?, ?)")
        for e in r.events {
            try event.execute(arguments: [
                batch, e.kind.rawValue, e.cluster, e.other == 0 ? nil : e.other, e.row >= 0 ? ids(e.row) : nil,
            ])
            summary.eventCounts[e.kind.rawValue, default: 0] += 1
        }
        summary.events += r.events.count
    }
}
