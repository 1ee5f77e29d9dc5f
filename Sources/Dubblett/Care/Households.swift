import Foundation

/// Household grouping (hushållsgruppering): one household id per record, so a mailing goes once per household.
///
/// ### Rule
/// Records share a household when they have the same address: postal code, street name (abbreviations
/// expanded, case and diacritics folded), house number and letter, and the same lägenhetsnummer where the
/// address has one (`lgh 1101`; a record that leaves it out joins the address's only flat when there is
/// exactly one). At an address without flat numbers, a house holds one household when its records carry at
/// most `maxSurnames` surnames and at most `maxMembers` records (a couple with different surnames and
/// their children); otherwise (an apartment building written without flat numbers) each surname is a
/// household of its own. A record without a usable address (no postal code or no street) is its own household.
/// The household id is the 1-based row of the household's first record.
///
/// - Complexity: O(n log n) for n records; no `String` per record.
public enum Households {
    /// Counts for `summary.json`.
    public struct Summary: Sendable, Codable, Equatable {
        public var rows = 0
        public var households = 0
        public var multiRecordHouseholds = 0
        public var recordsInMultiRecordHouseholds = 0
        public var rowsWithoutAddress = 0
        public var largestHousehold = 0
        public var addressesSplitBySurname = 0
        public init() {}
    }

    /// Surnames at most, and records at most, for an address without flat numbers to be one household.
    public static let maxSurnames = 2
    public static let maxMembers = 6

    /// The household id (1-based first row) of every row of `store`, and the counts.
    public static func assign(_ store: RecordStore, workers: Int) -> (ids: [Int32], summary: Summary) {
        let n = store.rowCount
        var s = Summary()
        s.rows = n
        var ids = [Int32](repeating: 0, count: n)
        for r in 0..<n { ids[r] = Int32(r + 1) }
        guard let streetColumn = store.column(for: .street) else {
            s.rowsWithoutAddress = n
            s.households = n
            s.largestHousehold = n > 0 ? 1 : 0
            return (ids, s)
        }
        let postalColumn = store.column(for: .postalCode)
        let postalAddressColumn = store.column(for: .postalAddress)
        let (names, parts) = ColumnNormaliser.streets(count: n, folded: true, workers: workers) {
            store.field(row: $0, column: streetColumn)
        }
        let lastColumn = store.column(for: .lastName)
        let surnames = lastColumn.map { c in
            ColumnNormaliser.names(count: n, folded: true, workers: workers) { store.field(row: $0, column: c) }
        }
        // Address key (without flat) and surname hash per row; 0 = no usable address.
        var keys = [UInt64](repeating: 0, count: n)
        var surnameHash = [UInt64](repeating: 0, count: n)
        names.bytes.withUnsafeBytes { bytes in
            for r in 0..<n {
                var code: Int32 = 0
                if let c = postalColumn, case .valid(let v) = PostalCode.parse(store.field(row: r, column: c)) {
                    code = v
                } else if let c = postalAddressColumn, let split = PostalCode.splitAddress(store.field(row: r, column: c)),
                          case .valid(let v) = PostalCode.parse(
                            UnsafeRawBufferPointer(rebasing: store.field(row: r, column: c)[split.code]))
                {
                    code = v
                }
                let lo = Int(names.offsets[r]), hi = Int(names.offsets[r + 1])
                guard code != 0, hi > lo, parts[r].houseNumber != 0 || parts[r].boxNumber != 0 else {
                    s.rowsWithoutAddress += 1
                    continue
                }
                let seed = UInt64(UInt32(bitPattern: code)) << 32 | UInt64(UInt32(bitPattern: parts[r].houseNumber))
                    ^ UInt64(parts[r].letter) << 24 ^ UInt64(UInt32(bitPattern: parts[r].boxNumber)) << 40
                keys[r] = max(1, XXH3.hash(UnsafeRawBufferPointer(rebasing: bytes[lo..<hi]), seed: seed))
                if let surnames {
                    let a = Int(surnames.offsets[r]), b = Int(surnames.offsets[r + 1])
                    surnames.bytes.withUnsafeBytes { sb in
                        surnameHash[r] = XXH3.hash(UnsafeRawBufferPointer(rebasing: sb[a..<b]))
                    }
                }
            }
        }
        // Rows with an address, sorted by (address, flat, row).
        var order = (0..<n).filter { keys[$0] != 0 }
        order.sort { a, b in
            keys[a] != keys[b] ? keys[a] < keys[b] : parts[a].lgh != parts[b].lgh ? parts[a].lgh < parts[b].lgh : a < b
        }
        var i = 0
        while i < order.count {
            var j = i
            while j < order.count && keys[order[j]] == keys[order[i]] { j += 1 }
            let group = order[i..<j]
            let flats = Set(group.map { parts[$0].lgh }.filter { $0 != 0 })
            if flats.count == 1 {
                let first = Int32(group.min()! + 1)
                for r in group { ids[r] = first }
            } else if !flats.isEmpty {
                // One household per flat (rows sorted by flat, then row); rows without a flat, per surname.
                var firstOfFlat: [Int32: Int32] = [:]
                for r in group where parts[r].lgh != 0 {
                    if let f = firstOfFlat[parts[r].lgh] { ids[r] = f } else { firstOfFlat[parts[r].lgh] = Int32(r + 1) }
                }
                var firstOfSurname: [UInt64: Int32] = [:]
                for r in group.sorted() where parts[r].lgh == 0 {
                    if let f = firstOfSurname[surnameHash[r]] { ids[r] = f } else { firstOfSurname[surnameHash[r]] = Int32(r + 1) }
                }
            } else {
                let distinctSurnames = Set(group.map { surnameHash[$0] }).count
                if distinctSurnames <= maxSurnames && group.count <= maxMembers {
                    let first = Int32(group.min()! + 1)
                    for r in group { ids[r] = first }
                } else {
                    s.addressesSplitBySurname += 1
                    var firstOfSurname: [UInt64: Int32] = [:]
                    for r in group.sorted() {
                        if let f = firstOfSurname[surnameHash[r]] { ids[r] = f } else { firstOfSurname[surnameHash[r]] = Int32(r + 1) }
                    }
                }
            }
            i = j
        }
        var size = [Int32](repeating: 0, count: n)
        for r in 0..<n { size[Int(ids[r]) - 1] += 1 }
        for r in 0..<n where size[r] > 0 {
            s.households += 1
            s.largestHousehold = max(s.largestHousehold, Int(size[r]))
            if size[r] >= 2 {
                s.multiRecordHouseholds += 1
                s.recordsInMultiRecordHouseholds += Int(size[r])
            }
        }
        return (ids, s)
    }

    /// Writes `households.csv` (`id,household_id,household_size`, one line per record in input order) and
    /// `summary.json` into `directory`.
    public static func write(_ store: RecordStore, ids: [Int32], summary: Summary, directory: String) throws {
        var size = [Int32](repeating: 0, count: ids.count)
        for h in ids { size[Int(h) - 1] += 1 }
        var out = try CSVOut(path: directory + "/households.csv")
        out.line(["id", "household_id", "household_size"])
        for r in 0..<store.rowCount {
            out.field(store.id(row: r))
            out.field(Int(ids[r]))
            out.field(Int(size[Int(ids[r]) - 1]))
            out.endLine()
        }
        try out.commit()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let w = try AtomicFileWriter(path: directory + "/summary.json")
        w.write(String(decoding: try encoder.encode(summary), as: UTF8.self) + "\n")
        try w.commit()
    }
}
