import Foundation

/// NIX-tvätt: flags the register rows whose phone is on a do-not-call list (NIX-Telefon).
///
/// The list is one number per line in any format `PhoneNumber` reads (`070-123 45 67`, `+46701234567`,
/// `0701234567`, `0046 8 123 456 78`); blank lines and lines starting with `#` are skipped; every other
/// line that is not a number is reported by line number. Numbers become E.164 integers in one sorted
/// array; each register row's phones (the phone column and its backups, `Mobil` after `Telefon`) are
/// parsed in place and looked up by binary search, so no `String` is made per row.
///
/// - Complexity: O(L log L) for a list of L numbers, O(R · log L) for R phones; memory 8 bytes per number.
public enum NixSuppression {
    /// A parsed do-not-call list.
    public struct List: Sendable {
        /// Distinct E.164 numbers, sorted.
        public var numbers: [Int64] = []
        /// Lines read (comments and blank lines included).
        public var lines = 0
        /// Number lines read (before duplicates are merged).
        public var numberLines = 0
        /// Lines that are not a usable number: 1-based line number and the reason.
        public var unparseable: [(line: Int, reason: String)] = []
    }

    /// Counts for `summary.json`.
    public struct Summary: Sendable, Codable, Equatable {
        public var rows = 0
        public var excludedRows = 0
        public var phoneColumns: [String] = []
        public var rowsWithPhone = 0
        public var flagged = 0
        public var flaggedByColumn: [String: Int] = [:]
        public var listLines = 0
        public var listNumbers = 0
        public var listDistinctNumbers = 0
        public var listUnparseableLines = 0
        public var washDate = ""
        public var seconds: [String: Double] = [:]
        public init() {}
    }

    /// Parses a list file.
    /// - Throws: `ReadError` when the file cannot be opened.
    public static func loadList(path: String) throws -> List {
        let file = try MappedFile.map(path: path)
        return parseList(file.bytes)
    }

    /// Parses list bytes (UTF-8 or Latin-1; LF or CRLF).
    public static func parseList(_ bytes: UnsafeRawBufferPointer) -> List {
        var list = List()
        var numbers: [Int64] = []
        numbers.reserveCapacity(bytes.count / 12)
        var start = 0
        var line = 0
        let count = bytes.count
        while start < count {
            var end = start
            while end < count && bytes[end] != .lf { end += 1 }
            line += 1
            var e = end
            if e > start && bytes[e - 1] == .cr { e -= 1 }
            let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<e])
            let trimmed = NormaliseSupport.trimmed(slice)
            if !trimmed.isEmpty && slice[trimmed.lowerBound] != 0x23 {  // '#'
                var field = slice
                if line == 1, slice.count >= 3, slice[0] == 0xEF, slice[1] == 0xBB, slice[2] == 0xBF {
                    field = UnsafeRawBufferPointer(rebasing: slice[3...])
                }
                switch PhoneNumber.parse(field) {
                case .valid(let v, _):
                    numbers.append(v)
                    list.numberLines += 1
                case .invalid(let problem):
                    list.unparseable.append((line, problem.reason))
                case .empty:
                    break
                }
            }
            start = end + 1
        }
        list.lines = line
        numbers.sortAndRemoveDuplicates()
        list.numbers = numbers
        return list
    }

    @inline(__always)
    static func contains(_ sorted: UnsafeBufferPointer<Int64>, _ key: Int64) -> Bool {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let m = (lo + hi) >> 1
            if sorted[m] < key { lo = m + 1 } else { hi = m }
        }
        return lo < sorted.count && sorted[lo] == key
    }

    /// For every row: 0 when none of its phones is on the list, else 1 + the index (in `phoneColumns`) of
    /// the first phone column whose number is on it.
    public static func flags(_ store: RecordStore, list: List, phoneColumns: [Int], workers: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: store.rowCount)
        list.numbers.withUnsafeBufferPointer { numbers in
            let numbers = UnsafeSendable(numbers)
            result.withUnsafeMutableBufferPointer { out in
                let out = UnsafeSendable(out)
                Parallel.forEachChunk(count: store.rowCount, workers: workers) { _, range in
                    for r in range {
                        for (k, c) in phoneColumns.enumerated() {
                            if case .valid(let v, _) = PhoneNumber.parse(store.field(row: r, column: c)),
                               contains(numbers.value, v)
                            {
                                out.value[r] = UInt8(min(k + 1, 255))
                                break
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    /// Writes `washed.csv` (the register with `nix`, `nix_column`, `nix_wash_date`), `list-problems.csv`
    /// (unusable list lines) and `summary.json` into `directory`.
    public static func run(
        register store: RecordStore, list: List, washDate: String, directory: String, workers: Int
    ) throws -> Summary {
        var clock = StageClock()
        var s = Summary()
        s.rows = store.rowCount
        s.excludedRows = store.issues.excludedRows
        s.washDate = washDate
        s.listLines = list.lines
        s.listNumbers = list.numberLines
        s.listDistinctNumbers = list.numbers.count
        s.listUnparseableLines = list.unparseable.count
        var phoneColumns: [Int] = []
        if let c = store.column(for: .phone) { phoneColumns.append(c) }
        phoneColumns += store.alternateColumns(for: .phone)
        s.phoneColumns = phoneColumns.map { store.columns[$0].name }
        let flags = Self.flags(store, list: list, phoneColumns: phoneColumns, workers: workers)
        s.seconds["match"] = clock.lap()
        var perColumn = [Int](repeating: 0, count: phoneColumns.count)
        for f in flags where f > 0 { perColumn[Int(f) - 1] += 1 }
        s.flagged = perColumn.reduce(0, +)
        for (k, c) in phoneColumns.enumerated() { s.flaggedByColumn[store.columns[c].name] = perColumn[k] }
        for r in 0..<store.rowCount {
            for c in phoneColumns where !NormaliseSupport.trimmed(store.field(row: r, column: c)).isEmpty {
                s.rowsWithPhone += 1
                break
            }
        }
        let delimiter = [UInt8.semicolon, .tab, .pipe].contains(store.dialect.delimiter)
            ? store.dialect.delimiter : UInt8.comma
        var out = try CSVOut(path: directory + "/washed.csv", delimiter: delimiter)
        for c in store.columns { out.field(c.name) }
        out.field("nix")
        out.field("nix_column")
        out.field("nix_wash_date")
        out.endLine()
        let names = phoneColumns.map { Array(store.columns[$0].name.utf8) }
        let date = Array(washDate.utf8)
        // Rows are rendered in parallel, a block of rows per task, and written in order.
        let block = 65_536
        let columnCount = store.columns.count
        var start = 0
        while start < store.rowCount {
            let end = min(store.rowCount, start + block * max(1, workers) * 2)
            let ranges = Parallel.ranges(count: end - start, chunks: max(1, workers) * 2)
            var parts = [[UInt8]](repeating: [], count: ranges.count)
            parts.withUnsafeMutableBufferPointer { buffer in
                let shared = UnsafeSendable(buffer)
                let base = start
                let body: @Sendable (Int) -> Void = { k in
                    var bytes: [UInt8] = []
                    bytes.reserveCapacity(ranges[k].count * 128)
                    for r in ranges[k].lowerBound + base..<ranges[k].upperBound + base {
                        for c in 0..<columnCount {
                            if c > 0 { bytes.append(delimiter) }
                            CSVOut.appendField(store.field(row: r, column: c), delimiter: delimiter, to: &bytes)
                        }
                        let f = Int(flags[r])
                        bytes.append(delimiter)
                        bytes.append(f > 0 ? 49 : 48)
                        bytes.append(delimiter)
                        if f > 0 {
                            names[f - 1].withUnsafeBytes { CSVOut.appendField($0, delimiter: delimiter, to: &bytes) }
                        }
                        bytes.append(delimiter)
                        if f > 0 { bytes.append(contentsOf: date) }
                        bytes.append(.lf)
                    }
                    shared.value[k] = bytes
                }
                if workers <= 1 {
                    for k in ranges.indices { body(k) }
                } else {
                    DispatchQueue.concurrentPerform(iterations: ranges.count, execute: body)
                }
            }
            for part in parts { out.raw(part) }
            start = end
        }
        try out.commit()
        var problems = try CSVOut(path: directory + "/list-problems.csv")
        problems.line(["line", "reason"])
        for p in list.unparseable {
            problems.field(p.line)
            problems.field(p.reason)
            problems.endLine()
        }
        try problems.commit()
        s.seconds["write"] = clock.lap()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let w = try AtomicFileWriter(path: directory + "/summary.json")
        w.write(String(decoding: try encoder.encode(s), as: UTF8.self) + "\n")
        try w.commit()
        return s
    }
}
