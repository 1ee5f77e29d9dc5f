import Foundation

/// Golden records: one record per cluster of duplicates, field by field, by documented survivorship rules.
///
/// ### Rules, per field, in this order
/// 1. **Valid beats invalid**: for personnummer, phone, e-mail, postal code and birth date only values that parse
///    compete when any does; an empty value never wins over a filled one.
/// 2. **Most recent**: when the register has a date column (`uppdaterad`, `ändrad`, `updated`, `registrerad`, …
///    or `dateColumn`), only the values of the latest-dated records compete.
/// 3. **Most frequent**: the value most records share (compared after trimming).
/// 4. **Most complete record**: a tie goes to the record with the most filled fields; then the earliest row.
///
/// The survivor of a cluster (whose id the golden record keeps) is its most complete record (ties: most recent,
/// then earliest row). Every field's source row and rule are reported, and every input id maps to its survivor.
public enum GoldenRecords {
    /// Counts for `summary.json`.
    public struct Summary: Sendable, Codable, Equatable {
        public var rows = 0
        public var clusters = 0
        public var multiRecordClusters = 0
        public var recordsMerged = 0
        public var rowsNotInClusters = 0
        public var dateColumn: String?
        public var fieldsByRule: [String: Int] = [:]
        public init() {}
    }

    static let dateHeaders: Set = [
        "uppdaterad", "senastuppdaterad", "uppdateringsdatum", "andrad", "senastandrad", "andringsdatum", "updated",
        "lastupdated", "updatedat", "lastmodified", "modified", "modifiedat", "registrerad", "registreringsdatum",
        "created", "createdat", "skapad", "datum", "date",
    ]

    enum Rule: String { case only, valid, recent, frequent, complete }

    /// Merges `store` by `clusterOf` (a cluster number per row) and writes `golden.csv`, `sources.csv`,
    /// `mapping.csv` and `summary.json` into `directory`.
    public static func merge(
        _ store: RecordStore, clusterOf: [Int], dateColumn: Int?, directory: String, notInClusters: Int = 0
    ) throws -> Summary {
        let n = store.rowCount
        var s = Summary()
        s.rows = n
        s.rowsNotInClusters = notInClusters
        let dateCol = dateColumn ?? store.columns.firstIndex { dateHeaders.contains(HeaderRoles.fold($0.name)) }
        s.dateColumn = dateCol.map { store.columns[$0].name }
        var date = [Int32](repeating: 0, count: n)
        if let c = dateCol {
            for r in 0..<n {
                if case .valid(let d) = DateParser.parse(store.field(row: r, column: c)) { date[r] = d }
            }
        }
        var filled = [Int](repeating: 0, count: n)
        for r in 0..<n {
            for c in store.columns.indices where !NormaliseSupport.trimmed(store.field(row: r, column: c)).isEmpty {
                filled[r] += 1
            }
        }
        let roles = store.columns.map(\.role)
        func valid(_ f: UnsafeRawBufferPointer, _ role: FieldRole?) -> Bool {
            switch role {
            case .personnummer: if case .valid = Personnummer.parse(f, referenceDate: 0) { return true } else { return false }
            case .phone: if case .valid = PhoneNumber.parse(f) { return true } else { return false }
            case .postalCode: if case .valid = PostalCode.parse(f) { return true } else { return false }
            case .birthDate: if case .valid = DateParser.parse(f) { return true } else { return false }
            case .email:
                guard let at = f.firstIndex(of: 0x40) else { return false }
                return at > 0 && f[(at + 1)...].contains(0x2E)
            default: return true
            }
        }
        func trimmed(_ r: Int, _ c: Int) -> [UInt8] {
            let f = store.field(row: r, column: c)
            return Array(f[NormaliseSupport.trimmed(f)])
        }
        // Rows grouped by cluster, in order of first appearance.
        let order = (0..<n).sorted { clusterOf[$0] != clusterOf[$1] ? clusterOf[$0] < clusterOf[$1] : $0 < $1 }
        var survivorOf = [Int](repeating: 0, count: n)
        let delimiter = [UInt8.semicolon, .tab, .pipe].contains(store.dialect.delimiter)
            ? store.dialect.delimiter : UInt8.comma
        var golden = try CSVOut(path: directory + "/golden.csv", delimiter: delimiter)
        var sources = try CSVOut(path: directory + "/sources.csv")
        sources.line(["golden_id", "column", "source_id", "source_line", "rule"])
        golden.field("golden_id")
        for c in store.columns { golden.field(c.name) }
        golden.field("cluster_size")
        golden.endLine()
        var groups: [ArraySlice<Int>] = []
        var i = 0
        while i < order.count {
            var j = i
            while j < order.count && clusterOf[order[j]] == clusterOf[order[i]] { j += 1 }
            groups.append(order[i..<j])
            i = j
        }
        // Golden records in the order of each cluster's first row.
        groups.sort { $0.first! < $1.first! }
        for group in groups {
            s.clusters += 1
            if group.count > 1 {
                s.multiRecordClusters += 1
                s.recordsMerged += group.count
            }
            let survivor = group.max { a, b in
                (filled[a], date[a], -a) < (filled[b], date[b], -b)
            }!
            for r in group { survivorOf[r] = survivor }
            let goldenId = store.id(row: survivor)
            golden.field(goldenId)
            for c in store.columns.indices {
                var candidates = group.filter { !NormaliseSupport.trimmed(store.field(row: $0, column: c)).isEmpty }
                var rule = Rule.only
                if candidates.count > 1 {
                    let validOnes = candidates.filter { valid(store.field(row: $0, column: c), roles[c]) }
                    if !validOnes.isEmpty && validOnes.count < candidates.count {
                        candidates = validOnes
                        rule = .valid
                    }
                }
                if candidates.count > 1, dateCol != nil {
                    let latest = candidates.map { date[$0] }.max()!
                    let recent = candidates.filter { date[$0] == latest }
                    if recent.count < candidates.count {
                        candidates = recent
                        if rule == .only { rule = .recent }
                    }
                }
                var chosen = candidates.first
                if candidates.count > 1 {
                    var counts: [[UInt8]: Int] = [:]
                    for r in candidates { counts[trimmed(r, c), default: 0] += 1 }
                    let top = counts.values.max()!
                    if counts.count > 1 {
                        let frequent = candidates.filter { counts[trimmed($0, c)] == top }
                        let distinctTop = Set(frequent.map { trimmed($0, c) }).count
                        chosen = frequent.max { a, b in (filled[a], -a) < (filled[b], -b) }
                        if rule == .only { rule = distinctTop == 1 ? .frequent : .complete }
                    }
                }
                if let r = chosen {
                    golden.field(store.field(row: r, column: c))
                    if group.count > 1 {
                        sources.field(goldenId)
                        sources.field(store.columns[c].name)
                        sources.field(store.id(row: r))
                        sources.field(store.lineNumber(row: r))
                        sources.field(rule.rawValue)
                        sources.endLine()
                    }
                    s.fieldsByRule[rule.rawValue, default: 0] += 1
                } else {
                    golden.field(UnsafeRawBufferPointer(start: nil, count: 0))
                }
            }
            golden.field(group.count)
            golden.endLine()
        }
        try golden.commit()
        try sources.commit()
        var mapping = try CSVOut(path: directory + "/mapping.csv")
        mapping.line(["id", "golden_id"])
        for r in 0..<n {
            mapping.field(store.id(row: r))
            mapping.field(store.id(row: survivorOf[r]))
            mapping.endLine()
        }
        try mapping.commit()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let w = try AtomicFileWriter(path: directory + "/summary.json")
        w.write(String(decoding: try encoder.encode(s), as: UTF8.self) + "\n")
        try w.commit()
        return s
    }

    /// A cluster number per row of `store` from a clusters file (`id,cluster_id`, or `id,entity_id`): rows
    /// whose id the file lacks get clusters of their own (counted in the second value).
    /// - Throws: `CareError` when the file has no id column or no cluster column.
    public static func clusters(of store: RecordStore, from file: RecordStore) throws -> ([Int], Int) {
        guard let idC = file.column(named: "id") ?? file.column(for: .id) else {
            throw CareError(message: "\(file.sourceName): no id column; expected id,cluster_id (dedupe's clusters.csv)")
        }
        guard let clusterC = file.column(named: "cluster_id") ?? file.column(named: "entity_id")
            ?? file.column(named: "golden_id")
        else {
            throw CareError(message: "\(file.sourceName): no cluster_id column; expected id,cluster_id (dedupe's clusters.csv)")
        }
        var clusterNumber: [String: Int] = [:]
        var ofId: [String: Int] = [:]
        for r in 0..<file.rowCount {
            let key = file.string(row: r, column: clusterC)
            let number = clusterNumber[key] ?? clusterNumber.count
            clusterNumber[key] = number
            ofId[file.string(row: r, column: idC)] = number
        }
        var next = clusterNumber.count
        var missing = 0
        var result = [Int](repeating: 0, count: store.rowCount)
        for r in 0..<store.rowCount {
            if let c = ofId[store.id(row: r)] {
                result[r] = c
            } else {
                result[r] = next
                next += 1
                missing += 1
            }
        }
        return (result, missing)
    }
}
