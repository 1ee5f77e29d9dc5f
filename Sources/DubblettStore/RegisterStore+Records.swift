import Dubblett
import Foundation
import GRDB

/// What the store remembers about the register's shape: settings, model, columns and their roles.
struct RegisterConfig: Codable {
    /// The settings of the first run, adapted to the register's columns.
    var settings: MatchSettings
    var model: MatchModel
    /// Column names, in the order each record's values are stored.
    var columns: [String]
    /// Role name → column name, for every role a column has (later batches are read with exactly these).
    var roles: [String: String]

    /// Read options that give a batch the register's roles (no inference: a batch of a few rows must
    /// not get other roles than the register had).
    func readOptions(_ base: ReadOptions) -> ReadOptions {
        var o = base
        o.inferRoles = false
        o.columnOverrides = [:]
        for role in FieldRole.allCases { o.columnOverrides[role] = roles[role.rawValue] ?? "-" }
        return o
    }
}

/// One record of a batch: its id, its values as a stored line, and its line in the batch file.
struct IncomingRecord {
    var id: String
    var raw: Data
    var line: Int
}

extension RegisterStore {
    static let segmentRows = 65_536

    // MARK: - Meta

    func loadConfig(_ db: Database) throws -> RegisterConfig {
        guard let data = try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'config'") else {
            throw RegisterStoreError.notInitialised(path)
        }
        return try JSONDecoder().decode(RegisterConfig.self, from: data)
    }

    func saveConfig(_ config: RegisterConfig, _ db: Database) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try setMeta("config", try encoder.encode(config), db)
    }

    func setMeta(_ key: String, _ value: Data, _ db: Database) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [key, value])
    }

    func metaInt(_ key: String, _ db: Database) throws -> Int64 {
        guard let d = try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) else { return 0 }
        return Int64(String(decoding: d, as: UTF8.self)) ?? 0
    }

    func setMetaInt(_ key: String, _ value: Int64, _ db: Database) throws {
        try setMeta(key, Data(String(value).utf8), db)
    }

    // MARK: - Records as stored lines

    /// Every row of `store` as (id, stored line, file line), the values in `columns` order.
    /// - Throws: `badIDs` for empty or repeated ids (naming lines only).
    func incoming(_ store: RecordStore, columns: [String], name: String) throws -> [IncomingRecord] {
        guard let idColumn = store.column(for: .id) else { throw RegisterStoreError.noIDColumn(name) }
        let order = columns.map { store.column(named: $0)! }
        var out: [IncomingRecord] = []
        out.reserveCapacity(store.rowCount)
        var line: [UInt8] = []
        var empty: [Int] = []
        for r in 0..<store.rowCount {
            line.removeAll(keepingCapacity: true)
            Self.appendLine(store, row: r, columns: order, to: &line)
            let id = store.string(row: r, column: idColumn)
            if id.isEmpty { empty.append(store.lineNumber(row: r)) }
            out.append(IncomingRecord(id: id, raw: Data(line), line: store.lineNumber(row: r)))
        }
        if !empty.isEmpty { throw RegisterStoreError.badIDs(name, lines: empty, reason: "records without an id") }
        var seen: [String: Int] = [:]
        var repeated: [Int] = []
        seen.reserveCapacity(out.count)
        for (i, r) in out.enumerated() {
            if seen.updateValue(i, forKey: r.id) != nil { repeated.append(r.line) }
        }
        if !repeated.isEmpty {
            throw RegisterStoreError.badIDs(name, lines: repeated, reason: "ids that an earlier record already has")
        }
        return out
    }

    /// Appends row `r`'s fields as one CSV line (every field quoted, no line break).
    static func appendLine(_ store: RecordStore, row r: Int, columns: [Int], to out: inout [UInt8]) {
        for (i, c) in columns.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            for b in store.field(row: r, column: c) {
                if b == UInt8(ascii: "\"") { out.append(b) }
                out.append(b)
            }
            out.append(UInt8(ascii: "\""))
        }
    }

    /// A CSV file in memory: a header of `columns` (each quoted) followed by stored `lines`.
    static func csv(columns: [String], lines: [Data]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lines.reduce(64) { $0 + $1.count + 1 })
        for (i, name) in columns.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "\""))
            for b in name.utf8 {
                if b == UInt8(ascii: "\"") { bytes.append(b) }
                bytes.append(b)
            }
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(0x0A)
        for l in lines {
            bytes.append(contentsOf: l)
            bytes.append(0x0A)
        }
        return bytes
    }

    /// Stored lines read back as a record store with the register's columns and roles.
    func recordStore(lines: [Data], config: RegisterConfig, workers: Int) throws -> RecordStore {
        let bytes = Self.csv(columns: config.columns, lines: lines)
        var o = config.readOptions(ReadOptions(workers: workers))
        o.delimiter = UInt8(ascii: ",")
        let store = try CSVReader.read(bytes: bytes, name: path, options: o)
        guard store.rowCount == lines.count else {
            throw RegisterStoreError.database(path, "\(lines.count - store.rowCount) stored record(s) could not be read back")
        }
        return store
    }

    // MARK: - Features

    /// Stores `features` as the features of slots `first..<first + features.count`, in segments.
    func saveFeatures(_ features: FeatureTable, first: Int, batch: Int64, _ db: Database) throws {
        var start = 0
        let statement = try db.cachedStatement(
            sql: "INSERT INTO feature_segment (first_slot, count, batch, data) VALUES (?, ?, ?, ?)")
        while start < features.count {
            let end = min(features.count, start + Self.segmentRows)
            let bytes = features.serialized(rows: start..<end)
            try statement.execute(arguments: [first + start, end - start, batch, Data(bytes)])
            start = end
        }
    }

    /// The features of every slot from `start` (a batch's first slot) on, in slot order.
    func loadFeatures(_ db: Database, from start: Int = 0) throws -> FeatureTable {
        var table = FeatureTable()
        // Every column reserved once for all rows (byte columns in proportion to the first segment): a
        // million rows are then copied once, not again at every doubling.
        let total = try Int.fetchOne(
            db, sql: "SELECT COALESCE(SUM(count), 0) FROM feature_segment WHERE first_slot >= ?", arguments: [start]) ?? 0
        func reserve(like s: FeatureTable) {
            table.reserve(total)
            func like(_ c: inout ByteColumn, _ sc: ByteColumn) {
                c.reserve(rows: total, bytes: sc.bytes.count / max(1, sc.rowCount) * total * 9 / 8 + sc.bytes.count)
            }
            like(&table.firstFolded, s.firstFolded)
            like(&table.firstExact, s.firstExact)
            like(&table.lastFolded, s.lastFolded)
            like(&table.lastExact, s.lastExact)
            like(&table.street, s.street)
            like(&table.company, s.company)
        }
        let rows = try Row.fetchCursor(
            db, sql: "SELECT first_slot, count, data FROM feature_segment WHERE first_slot >= ? ORDER BY first_slot",
            arguments: [start])
        while let row = try rows.next() {
            let first: Int = row[0], count: Int = row[1]
            guard first == start + table.count, let data = row.dataNoCopy(atIndex: 2) else {
                throw RegisterStoreError.database(path, "stored features are not contiguous at slot \(first)")
            }
            let segment = try data.withUnsafeBytes { try FeatureTable(serialized: $0) }
            guard segment.count == count else {
                throw RegisterStoreError.database(path, "a feature segment holds \(segment.count) rows, not \(count)")
            }
            if table.count == 0 { reserve(like: segment) }
            table.append(contentsOf: segment)
        }
        return table
    }

    /// Erases the features of `slots` in their segments (the segments are rewritten).
    func eraseFeatures(slots: [Int], _ db: Database) throws {
        var bySegment: [Int: [Int]] = [:]
        for s in slots {
            guard let first = try Int.fetchOne(
                db, sql: "SELECT first_slot FROM feature_segment WHERE first_slot <= ? ORDER BY first_slot DESC LIMIT 1",
                arguments: [s])
            else { continue }
            bySegment[first, default: []].append(s)
        }
        for (first, members) in bySegment {
            guard let data = try Data.fetchOne(db, sql: "SELECT data FROM feature_segment WHERE first_slot = ?", arguments: [first])
            else { continue }
            var table = try data.withUnsafeBytes { try FeatureTable(serialized: $0) }
            for s in members where s - first < table.count { table.erase(row: s - first) }
            try db.execute(
                sql: "UPDATE feature_segment SET data = ? WHERE first_slot = ?",
                arguments: [Data(table.serialized()), first])
        }
    }
}
