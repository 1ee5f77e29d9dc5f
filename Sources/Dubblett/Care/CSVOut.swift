/// A buffered CSV writer onto an `AtomicFileWriter`: RFC 4180 quoting only where a field needs it.
///
/// - Complexity: O(field bytes) per field; the buffer is flushed every megabyte, no allocation per field.
public struct CSVOut {
    let writer: AtomicFileWriter?
    let delimiter: UInt8
    var buffer: [UInt8] = []
    var atLineStart = true

    /// A writer to `path` (committed by `commit()`), separating fields by `delimiter`.
    public init(path: String, delimiter: UInt8 = .comma) throws {
        writer = try AtomicFileWriter(path: path)
        self.delimiter = delimiter
        buffer.reserveCapacity(1 << 20 + 4096)
    }

    /// A writer that keeps its lines in memory (`takeBytes()`), for formatting chunks of rows in parallel and
    /// appending them to a file writer in row order with `raw(_:)`.
    init(inMemoryWith delimiter: UInt8 = .comma) {
        writer = nil
        self.delimiter = delimiter
    }

    /// The bytes formatted so far (whole lines), leaving the writer empty.
    mutating func takeBytes() -> [UInt8] {
        defer { buffer = [] }
        return buffer
    }

    /// Appends bytes that are already CSV (whole lines).
    public mutating func raw(_ bytes: [UInt8]) {
        guard let writer else { return buffer.append(contentsOf: bytes) }
        writer.write(buffer)
        buffer.removeAll(keepingCapacity: true)
        writer.write(bytes)
    }

    /// Appends `bytes` as one CSV field to `out` (quoted when it holds the delimiter, a quote or a line end).
    public static func appendField(_ bytes: UnsafeRawBufferPointer, delimiter: UInt8, to out: inout [UInt8]) {
        var quote = false
        for b in bytes where b == delimiter || b == .quote || b == .lf || b == .cr {
            quote = true
            break
        }
        if quote {
            out.append(.quote)
            for b in bytes {
                if b == .quote { out.append(.quote) }
                out.append(b)
            }
            out.append(.quote)
        } else {
            out.append(contentsOf: bytes)
        }
    }

    /// Appends one field (raw UTF-8 bytes).
    public mutating func field(_ bytes: UnsafeRawBufferPointer) {
        if !atLineStart { buffer.append(delimiter) }
        atLineStart = false
        var quote = false
        for b in bytes where b == delimiter || b == .quote || b == .lf || b == .cr {
            quote = true
            break
        }
        if quote {
            buffer.append(.quote)
            for b in bytes {
                if b == .quote { buffer.append(.quote) }
                buffer.append(b)
            }
            buffer.append(.quote)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    /// Appends one field.
    public mutating func field(_ bytes: [UInt8]) { bytes.withUnsafeBytes { field($0) } }

    /// Appends one field.
    public mutating func field(_ s: String) {
        var s = s
        s.withUTF8 { field(UnsafeRawBufferPointer($0)) }
    }

    /// Appends a decimal integer field.
    public mutating func field(_ v: Int) {
        if v < 0 {
            field(String(v))
            return
        }
        if !atLineStart { buffer.append(delimiter) }
        atLineStart = false
        MatchWriters.appendInt(&buffer, v)
    }

    /// Appends a number with one decimal (`12.3`, `-0.5`).
    public mutating func field(tenths w: Float) {
        if !atLineStart { buffer.append(delimiter) }
        atLineStart = false
        guard w.isFinite else { return }
        let t = Int((w * 10).rounded())
        if t < 0 { buffer.append(.hyphen) }
        MatchWriters.appendInt(&buffer, abs(t) / 10)
        buffer.append(.period)
        MatchWriters.appendInt(&buffer, abs(t) % 10)
    }

    /// Ends the line.
    public mutating func endLine() {
        buffer.append(.lf)
        atLineStart = true
        if let writer, buffer.count >= 1 << 20 {
            writer.write(buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }

    /// Writes a whole line of fields.
    public mutating func line(_ fields: [String]) {
        for f in fields { field(f) }
        endLine()
    }

    /// Flushes and renames the file into place.
    public mutating func commit() throws {
        guard let writer else { return }
        writer.write(buffer)
        buffer = []
        try writer.commit()
    }
}
