/// A column of a register: its header text and the role the engine gives it (`nil` = carried through).
public struct ColumnInfo: Sendable, Hashable {
    public let name: String
    public let role: FieldRole?
    /// Whether the role comes from the column's values rather than its header (`RoleInference`).
    public let roleFromValues: Bool
    /// For a column without a role: the phone or e-mail role its header names when an earlier column
    /// holds that role ("Mobil" after "Telefon"); its values fill the gaps of that column.
    public let alternateFor: FieldRole?
    public init(name: String, role: FieldRole?, roleFromValues: Bool = false, alternateFor: FieldRole? = nil) {
        self.name = name
        self.role = role
        self.roleFromValues = roleFromValues
        self.alternateFor = role == nil ? alternateFor : nil
    }
}

/// The character encoding of an input, as detected by the reader.
public enum TextEncoding: String, Sendable, Codable {
    case utf8 = "UTF-8"
    case utf8BOM = "UTF-8 with BOM"
    /// Swedish Excel exports; fields with non-ASCII bytes are transcoded to UTF-8 into the arena.
    case windows1252 = "Windows-1252"
}

/// How records end.
public enum LineEnding: String, Sendable, Codable {
    case lf = "LF"
    case crlf = "CRLF"
    /// A lone carriage return ends each line (classic Mac OS, Excel's "CSV (Macintosh)").
    case cr = "CR"
    /// The file has a single line without a line break.
    case none = "none"
}

/// The dialect of a CSV input: delimiter, encoding and line ending.
public struct Dialect: Sendable, Hashable {
    public let delimiter: UInt8
    public let encoding: TextEncoding
    public let lineEnding: LineEnding
    public init(delimiter: UInt8, encoding: TextEncoding, lineEnding: LineEnding) {
        self.delimiter = delimiter
        self.encoding = encoding
        self.lineEnding = lineEnding
    }
    /// The delimiter as a readable name (`,` `;` `tab` `|`).
    public var delimiterName: String {
        delimiter == .tab ? "tab" : String(UnicodeScalar(delimiter))
    }
}

/// One problem with one record (or with the header), by physical line. Never holds field values.
public struct RowIssue: Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Sendable, CaseIterable, Codable {
        /// The record has more or fewer fields than the header. The row is excluded.
        case raggedRow = "ragged row"
        /// The record contains a NUL byte (binary data). The row is excluded.
        case nulByte = "NUL byte"
        /// A quoted field has text after its closing quote or a lone quote inside. The row is excluded.
        case badQuoting = "bad quoting"
        /// An unquoted field contains quotes; they are kept literally. The row is kept.
        case strayQuote = "stray quote"
        /// A field is longer than `ReadOptions.maxFieldBytes`. The row is excluded.
        case oversizedField = "oversized field"
        /// A header name is empty; the column is named `column_N`. Kept.
        case emptyHeader = "empty header"
        /// A header name repeats an earlier one; the column is named `name_2` etc. Kept.
        case duplicateHeader = "duplicate header"
        /// The first line is a record, not a header (`HeaderEvidence`: its cells look like values, or
        /// nothing in it reads as a column name). The columns are named `column_N` and the first line is
        /// read as a data row.
        case headerLooksLikeData = "header looks like data"
        /// A title line above the header (one or two cells where the lines below have four or more,
        /// as in a spreadsheet export with a heading): skipped, never read as data. Kept.
        case titleLine = "title line"

        /// Whether rows with this issue are left out of the store.
        public var excludesRow: Bool {
            switch self {
            case .raggedRow, .nulByte, .badQuoting, .oversizedField: return true
            case .strayQuote, .emptyHeader, .duplicateHeader, .headerLooksLikeData, .titleLine: return false
            }
        }
    }
    /// 1-based physical line where the record starts.
    public let line: Int
    public let kind: Kind
    /// 1-based field number, when one field is at fault.
    public let column: Int?
    /// What is wrong, without any field value (personal data is never echoed).
    public let detail: String

    public init(line: Int, kind: Kind, column: Int? = nil, detail: String) {
        self.line = line
        self.kind = kind
        self.column = column
        self.detail = detail
    }
    public var description: String {
        "line \(line)\(column.map { ", field \($0)" } ?? ""): \(kind.rawValue): \(detail)"
    }
}

/// Counted row issues of one read, with the first few listed in file order.
public struct ReadIssues: Sendable {
    /// How many issues of each kind.
    public internal(set) var counts: [RowIssue.Kind: Int] = [:]
    /// The first `ReadIssues.listLimit` issues in file order.
    public internal(set) var listed: [RowIssue] = []
    /// Records left out of the store (each counted once, under its first excluding issue).
    public internal(set) var excludedRows: Int = 0
    /// Empty lines skipped (they hold no data).
    public internal(set) var blankLines: Int = 0
    /// How many issues are listed at most.
    public static let listLimit = 20
    /// Every record left out of the store, in file order: where its bytes are, for rejects files and for
    /// record ordinals (see `RecordStore.recordOrdinal(row:)`). Empty when nothing was excluded.
    public internal(set) var excluded: [ExcludedRecord] = []

    public init() {}
    /// Total number of issues of all kinds.
    public var total: Int { counts.values.reduce(0, +) }
    /// Whether nothing at all was wrong.
    public var isEmpty: Bool { counts.isEmpty }

    mutating func add(_ issue: RowIssue) {
        counts[issue.kind, default: 0] += 1
        if listed.count < Self.listLimit { listed.append(issue) }
    }
}

/// A record the reader left out of the store, located in the source (no field values).
public struct ExcludedRecord: Sendable, Hashable {
    /// 1-based physical line where the record starts.
    public let line: Int
    /// The first issue that excluded it.
    public let kind: RowIssue.Kind
    /// Offset of its first byte in the input.
    public let byteOffset: Int
    /// Its length in bytes, without the line break.
    public let byteCount: Int
    public init(line: Int, kind: RowIssue.Kind, byteOffset: Int, byteCount: Int) {
        self.line = line
        self.kind = kind
        self.byteOffset = byteOffset
        self.byteCount = byteCount
    }
}

/// A register in memory, column by column, as byte ranges into the input (see the layout below).
///
/// ```
///   input (mmap) ── b"id;namn\n7;\"Ann \"\"A\"\"\"\n"
///   arena (owned) ─ b"Ann \"A\""                 only unescaped / transcoded fields
///   fields: [UInt64] column-major, index column * stride + row (stride ≥ rowCount)
///     ┌─┬──────────────────────┬──────────────┐
///     │A│ offset (39 bits)     │ length (24)  │  A = 1: offset is into the arena
///     └─┴──────────────────────┴──────────────┘  length 0xFFFFFF: true length in a side table
///   lines: [UInt32] physical line where each row starts
/// ```
/// A field is read with `field(row:column:)` in O(1) without allocating. Rows are `UInt32`-indexed;
/// offsets reach 512 GiB. The store keeps the mapping alive; pointers it returns are valid as long
/// as the store is.
public final class RecordStore: @unchecked Sendable {
    /// The path, or `<stdin>`.
    public let sourceName: String
    public private(set) var columns: [ColumnInfo]
    public let dialect: Dialect
    public let issues: ReadIssues
    /// Line where the header record starts (1, or later after leading blank lines).
    public let headerLine: Int

    @usableFromInline let input: MappedFile
    @usableFromInline let arena: UnsafeMutableRawPointer?
    @usableFromInline let arenaCount: Int
    @usableFromInline let fields: [UInt64]
    @usableFromInline let lines: [UInt32]
    @usableFromInline let rows: Int
    /// Distance between columns in `fields` (≥ `rows`; slots past `rows` are never read).
    @usableFromInline let stride: Int
    @usableFromInline let longLengths: [UInt64: Int]
    private var roleColumns: [FieldRole: Int]

    @usableFromInline static let lengthBits: UInt64 = 24
    @usableFromInline static let lengthMask: UInt64 = (1 << 24) - 1
    @usableFromInline static let arenaFlag: UInt64 = 1 << 63
    @usableFromInline static let maxOffset: Int = 1 << 39

    init(
        sourceName: String, columns: [ColumnInfo], dialect: Dialect, issues: ReadIssues, headerLine: Int,
        input: MappedFile, arena: UnsafeMutableRawPointer?, arenaCount: Int, fields: [UInt64], lines: [UInt32],
        rows: Int, stride: Int, longLengths: [UInt64: Int]
    ) {
        precondition(stride >= rows)
        self.stride = stride
        self.sourceName = sourceName
        self.columns = columns
        self.dialect = dialect
        self.issues = issues
        self.headerLine = headerLine
        self.input = input
        self.arena = arena
        self.arenaCount = arenaCount
        self.fields = fields
        self.lines = lines
        self.rows = rows
        self.longLengths = longLengths
        var map: [FieldRole: Int] = [:]
        for (i, c) in columns.enumerated() { if let r = c.role, map[r] == nil { map[r] = i } }
        roleColumns = map
    }

    deinit { arena?.deallocate() }

    /// Gives unroled columns the roles inferred from their values; only while the reader builds the
    /// store (before it is shared).
    func assignInferredRoles(_ inferred: [Int: FieldRole]) {
        for (i, role) in inferred where columns[i].role == nil && roleColumns[role] == nil {
            columns[i] = ColumnInfo(name: columns[i].name, role: role, roleFromValues: true,
                                    alternateFor: columns[i].alternateFor)
            roleColumns[role] = i
        }
    }

    /// Number of usable data rows.
    @inlinable public var rowCount: Int { rows }

    /// The column that has `role`, if any.
    public func column(for role: FieldRole) -> Int? { roleColumns[role] }

    /// Columns backing up `role`'s column, in file order (`ColumnInfo.alternateFor`).
    public func alternateColumns(for role: FieldRole) -> [Int] {
        columns.indices.filter { columns[$0].alternateFor == role }
    }

    /// The first column whose header equals `name` (exactly), if any.
    public func column(named name: String) -> Int? { columns.firstIndex { $0.name == name } }

    /// UTF-8 bytes of the unescaped, transcoded field; valid while the store is alive. Empty for an empty field.
    /// - Complexity: O(1); allocates nothing.
    @inlinable @inline(__always)
    public func field(row: Int, column: Int) -> UnsafeRawBufferPointer {
        precondition(row >= 0 && row < rows && column >= 0 && column < columns.count, "field index out of range")
        return field(unchecked: fields[column &* stride &+ row])
    }

    @inlinable @inline(__always)
    func field(unchecked packed: UInt64) -> UnsafeRawBufferPointer {
        var length = Int(packed & Self.lengthMask)
        if _slowPath(length == Int(Self.lengthMask)) { length = longLengths[packed] ?? length }
        let offset = Int((packed & ~Self.arenaFlag) >> Self.lengthBits)
        if packed & Self.arenaFlag != 0 {
            return UnsafeRawBufferPointer(start: arena! + offset, count: length)
        }
        return UnsafeRawBufferPointer(start: input.base + offset, count: length)
    }

    /// The field as a `String` (cold path: reports, tests, ids).
    public func string(row: Int, column: Int) -> String {
        String(decoding: field(row: row, column: column), as: UTF8.self)
    }

    /// 1-based physical line where the record of `row` starts.
    @inlinable public func lineNumber(row: Int) -> Int { Int(lines[row]) }

    /// The id column value, or the record ordinal (see `recordOrdinal(row:)`) if the file has no id column.
    public func id(row: Int) -> String {
        if let c = roleColumns[.id] { return string(row: row, column: c) }
        return String(recordOrdinal(row: row))
    }

    /// The 1-based position of the row's record among all data records of the file, the excluded ones
    /// counted too (blank lines are not records). Equals `row + 1` when nothing was excluded.
    /// - Complexity: O(log e), e the number of excluded records.
    public func recordOrdinal(row: Int) -> Int {
        let excluded = issues.excluded
        if excluded.isEmpty { return row + 1 }
        let line = lineNumber(row: row)
        var lo = 0
        var hi = excluded.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if excluded[mid].line < line { lo = mid + 1 } else { hi = mid }
        }
        return row + 1 + lo
    }

    /// The raw bytes of an excluded record (as in the input; valid while the store is alive).
    public func rawBytes(of record: ExcludedRecord) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: input.bytes[record.byteOffset..<(record.byteOffset + record.byteCount)])
    }

    /// Share of rows whose field in `column` is not empty after trimming spaces (0...1).
    public func fillRate(column: Int) -> Double {
        guard rows > 0 else { return 0 }
        var filled = 0
        for r in 0..<rows {
            let f = field(unchecked: fields[column * stride + r])
            guard let first = f.first else { continue }
            if (first != .space && first != .tab) || f.contains(where: { $0 != .space && $0 != .tab }) { filled += 1 }
        }
        return Double(filled) / Double(rows)
    }

    /// Size of the input in bytes (the mapped file or the buffer read from stdin).
    public var inputByteCount: Int { input.count }

    /// Bytes held beyond the input itself: field index, line numbers and arena.
    public var ownedBytes: Int { rows * columns.count * 8 + rows * 4 + arenaCount }
}

extension RecordStore {
    /// One record with `template`'s columns and roles, its fields given as UTF-8 bytes in column order: no
    /// CSV parsing and no role inference, for matching one record at a time against a register whose
    /// batches are read with those columns (`template` may hold no rows).
    package static func single(fields values: [[UInt8]], like template: RecordStore) -> RecordStore {
        precondition(values.count == template.columns.count, "one value per column")
        var bytes: [UInt8] = []
        var packed: [UInt64] = []
        packed.reserveCapacity(values.count)
        for v in values {
            let length = min(v.count, Int(lengthMask) - 1)
            packed.append(UInt64(bytes.count) << lengthBits | UInt64(length))
            bytes.append(contentsOf: v.prefix(length))
        }
        if bytes.isEmpty { bytes.append(0) }
        let input = bytes.withUnsafeBytes { MappedFile.copying($0) }
        return RecordStore(
            sourceName: "<record>", columns: template.columns, dialect: template.dialect, issues: ReadIssues(),
            headerLine: 1, input: input, arena: nil, arenaCount: 0, fields: packed, lines: [2], rows: 1, stride: 1,
            longLengths: [:])
    }
}
