import Foundation

/// Where a run's records come from: a CSV file, rows a program holds in memory, or a loaded store.
///
/// Every source becomes a `RecordStore` (the engine's columnar form) once, at the start of a run;
/// header roles, role inference from values and row checks are the reader's, whatever the source.
public protocol RecordSource: Sendable {
    /// A name for messages and the run summary (a path, `<stdin>`, `<memory>`); never a record value.
    var name: String { get }

    /// The records as a store, read with `options` (its `workers` are the run's).
    /// - Throws: `ReadError` for unreadable input, or the source's own error.
    func recordStore(_ options: ReadOptions) throws -> RecordStore
}

/// A CSV register on disk (or `-` for standard input), memory-mapped; delimiter and encoding sniffed.
public struct CSVFile: RecordSource {
    /// The path, or `-` for standard input.
    public var path: String

    /// The file at `path`.
    public init(path: String) { self.path = path }

    public var name: String { path == "-" ? "<stdin>" : path }

    public func recordStore(_ options: ReadOptions) throws -> RecordStore {
        try CSVReader.read(path: path, options: options)
    }
}

/// Records a program holds in memory: a header and rows of strings, read as a CSV file would be.
///
/// Headers name roles as in a file (`förnamn`, `first_name`, `personnummer` …; see `FieldRole`).
/// The rows are encoded once into a buffer the store owns, so ids and values stay readable after the
/// caller drops its arrays.
public struct InMemoryRecords: RecordSource {
    /// Column names.
    public var header: [String]
    /// Rows, each with one value per header column.
    public var rows: [[String]]

    /// Records with `header` and `rows`.
    public init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    public var name: String { "<memory>" }

    /// - Throws: `InMemoryRecordsError` when a row's width differs from the header's, or the header is empty.
    public func recordStore(_ options: ReadOptions) throws -> RecordStore {
        guard !header.isEmpty else { throw InMemoryRecordsError(row: nil, expected: 0, found: 0) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(rows.count * header.count * 12 + 64)
        func append(_ fields: [String]) {
            for (i, field) in fields.enumerated() {
                if i > 0 { bytes.append(.comma) }
                bytes.append(.quote)
                for b in field.utf8 {
                    if b == .quote { bytes.append(.quote) }
                    bytes.append(b)
                }
                bytes.append(.quote)
            }
            bytes.append(.lf)
        }
        append(header)
        for (i, row) in rows.enumerated() {
            guard row.count == header.count else {
                throw InMemoryRecordsError(row: i, expected: header.count, found: row.count)
            }
            append(row)
        }
        var o = options
        o.delimiter = .comma
        return try CSVReader.read(bytes: bytes, name: name, options: o)
    }
}

/// In-memory rows that cannot be read: a row with another width than the header, or no header.
public struct InMemoryRecordsError: Error, Sendable, CustomStringConvertible {
    /// The 0-based index of the offending row, or `nil` when the header is empty.
    public var row: Int?
    public var expected: Int
    public var found: Int

    public var description: String {
        guard let row else { return "in-memory records need at least one header column" }
        return "in-memory record \(row) has \(found) values; the header has \(expected) columns"
    }
}

extension RecordStore: RecordSource {
    public var name: String { sourceName }

    /// The store itself (already read; `options` are not used).
    public func recordStore(_ options: ReadOptions) throws -> RecordStore { self }
}
