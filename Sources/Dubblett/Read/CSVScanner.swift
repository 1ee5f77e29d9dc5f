/// What one parse chunk produced: its rows (row-major, chunk-local offsets), arena and issues.
struct ChunkOutput: Sendable {
    var fields: [UInt64] = []
    /// Line of each row relative to the chunk start (line feeds before the record).
    var lines: [UInt32] = []
    var arena: [UInt8] = []
    var longLengths: [UInt64: Int] = [:]
    /// The first issues of the chunk, lines relative to the chunk start.
    var issues: [RowIssue] = []
    var counts: [RowIssue.Kind: Int] = [:]
    var excluded = 0
    /// The excluded records, lines relative to the chunk start.
    var excludedRecords: [ExcludedRecord] = []
    var blank = 0
    var lineFeeds = 0
    var rows = 0
    /// Where the chunk's first record starts (absolute offset).
    var start = 0
    /// Where its last record ended: the start of the next record, or the end of the input (absolute).
    var end = 0
    /// The opening quote of a quoted field that runs to the end of the input, if any (absolute offset).
    var unclosedQuoteAt: Int? = nil
}

/// Where a chunk writes its rows when the rows before it are already known (sequential reads).
struct DirectOutput {
    var fields: UnsafeMutablePointer<UInt64>
    var lines: UnsafeMutablePointer<UInt32>
    var stride: Int
    var rowBase: Int
    var lineBase: Int
    var arenaShift: UInt64
}

/// The RFC 4180 record scanner for one chunk that starts at a record boundary, outside quotes.
///
/// Grammar (RFC 4180 §2): `record = field *(DELIM field) (CRLF / LF)`, `field = escaped / non-escaped`,
/// `escaped = DQUOTE *(TEXTDATA / DELIM / CR / LF / 2DQUOTE) DQUOTE`. The scanner works on 64-byte
/// blocks: masks of quotes, delimiters and line feeds; the inside-quotes mask is the prefix XOR of the
/// quote mask carried across blocks (a quote always toggles, escaped quotes come in pairs); structural
/// bytes are delimiters and line feeds outside quotes, visited lowest bit first. The same parity rule
/// splits the file into chunks, so any chunking gives the same records. Per field the scanner knows its
/// quote count from running popcounts: zero quotes (the fast path) is a byte range into the input;
/// quoted fields with doubled quotes, and non-ASCII Windows-1252 fields, are decoded into the arena
/// (`…SlowPath`). Technique after simdcsv/simdjson stage 1 (Langdale & Lemire, 2019).
///
/// - Complexity: O(n) in the chunk bytes; appends to the output arrays (amortised), nothing per field.
struct ChunkScanner {
    let p: UnsafeRawPointer
    let columns: Int
    let delimiter: UInt8
    let transcode: Bool
    let checkNUL: Bool
    let maxFieldBytes: Int

    var out = ChunkOutput()
    /// When set (one worker: rows before this chunk are known), rows go straight into the final index.
    var direct: DirectOutput? = nil
    var row: UnsafeMutablePointer<UInt64>
    var fieldCount = 0
    var recordStart = 0
    var recordLine = 0
    var recordExcluded = false
    var excludeKind: RowIssue.Kind? = nil

    init(p: UnsafeRawPointer, columns: Int, delimiter: UInt8, transcode: Bool, checkNUL: Bool, maxFieldBytes: Int) {
        self.p = p
        self.columns = columns
        self.delimiter = delimiter
        self.transcode = transcode
        self.checkNUL = checkNUL
        self.maxFieldBytes = maxFieldBytes
        row = .allocate(capacity: max(1, columns))
    }

    /// Scans the records that start in `[start, end)`; `start` is a record start, outside quotes. The last
    /// record may run past `end` (up to `limit`, the end of the input); `ChunkOutput.end` says where it
    /// ended, so the caller can check that the next chunk started there.
    ///
    /// A quote is special only at the start of a field (RFC 4180 §2.5–2.6). The block masks treat every
    /// quote as a toggle, which is right as long as quoted fields start with their quote; a field that
    /// does not start with a quote but contains one (a stray quote, `5" skärm`) is detected when it ends,
    /// re-scanned byte by byte with its quotes as literal bytes, and the block scan resumes after it.
    mutating func scan(start: Int, end: Int, limit: Int) -> ChunkOutput {
        defer { row.deallocate() }
        out.start = start
        out.end = start
        guard start < end && start < limit else { return out }
        if direct == nil {
            let estimate = min(end - start, limit - start) / 100 + 1
            if estimate.multipliedReportingOverflow(by: columns).partialValue <= 4 * (end - start) + 1024 {
                out.fields.reserveCapacity(estimate * columns)
            }
            out.lines.reserveCapacity(estimate)
        }
        let qv = SIMD16<UInt8>(repeating: .quote)
        let dv = SIMD16<UInt8>(repeating: delimiter)
        let lv = SIMD16<UInt8>(repeating: .lf)
        recordStart = start
        var fieldStart = start
        var quotesAtFieldStart = 0
        var quoteBase = 0
        var lfBase = 0
        var carry: UInt64 = 0
        var b = start
        scanning: while true {
            while b < limit {
                let valid = limit - b
                let block: ByteBlock
                let validMask: UInt64
                if _fastPath(valid >= 64) {
                    block = ByteBlock(p + b)
                    validMask = ~0
                } else {
                    block = ByteBlock(partial: p + b, count: valid)
                    validMask = (1 << UInt64(valid)) &- 1
                }
                let q = block.mask(qv) & validMask
                let l = block.mask(lv) & validMask
                let d = block.mask(dv) & validMask
                let inside = prefixXor(q) ^ carry
                carry = UInt64(bitPattern: Int64(bitPattern: inside) >> 63)
                var s = (d | l) & ~inside
                while s != 0 {
                    let i = s.trailingZeroBitCount
                    let below = (UInt64(1) << UInt64(i)) &- 1
                    let pos = b &+ i
                    let quotesNow = quoteBase &+ (q & below).nonzeroBitCount
                    let quotes = quotesNow &- quotesAtFieldStart
                    if _slowPath(quotes != 0 && p.load(fromByteOffset: fieldStart, as: UInt8.self) != .quote) {
                        b = strayQuoteField(fieldStart, limit: limit)
                        fieldStart = b
                        quoteBase = 0
                        quotesAtFieldStart = 0
                        lfBase = recordLine &+ countLineFeeds(recordStart, b)
                        carry = 0
                        if recordStart >= end { break scanning }
                        continue scanning
                    }
                    if (l >> UInt64(i)) & 1 != 0 {
                        endField(fieldStart, pos, quotes: quotes, atLineEnd: true)
                        endRecord(pos)
                        recordStart = pos &+ 1
                        recordLine = lfBase &+ (l & below).nonzeroBitCount &+ 1
                        if recordStart >= end { break scanning }
                    } else {
                        endField(fieldStart, pos, quotes: quotes, atLineEnd: false)
                    }
                    fieldStart = pos &+ 1
                    quotesAtFieldStart = quotesNow
                    s &= s &- 1
                }
                quoteBase &+= q.nonzeroBitCount
                lfBase &+= l.nonzeroBitCount
                b &+= 64
            }
            if recordStart < limit {  // the last record of the input has no line break
                let quotes = quoteBase - quotesAtFieldStart
                let first = p.load(fromByteOffset: fieldStart < limit ? fieldStart : limit - 1, as: UInt8.self)
                if fieldStart < limit && quotes != 0 && first != .quote {
                    b = strayQuoteField(fieldStart, limit: limit)
                    fieldStart = b
                    quoteBase = 0
                    quotesAtFieldStart = 0
                    lfBase = recordLine &+ countLineFeeds(recordStart, b)
                    carry = 0
                    if recordStart >= end { break scanning }
                    continue scanning
                }
                if carry != 0 && fieldStart < limit && first == .quote { out.unclosedQuoteAt = fieldStart }
                endField(fieldStart, limit, quotes: quotes, atLineEnd: true)
                endRecord(limit)
                recordStart = limit
                recordLine = lfBase
            }
            break
        }
        out.end = recordStart
        out.lineFeeds = recordLine
        return out
    }

    /// Ends the field at `fieldStart` that holds a stray quote: its quotes are literal, so it ends at the
    /// next delimiter or line feed. Ends the record too at a line feed (or the end of the input). Returns
    /// where scanning resumes.
    @inline(never)
    mutating func strayQuoteField(_ fieldStart: Int, limit: Int) -> Int {
        var i = fieldStart
        var quotes = 0
        while i < limit {
            let c = p.load(fromByteOffset: i, as: UInt8.self)
            if c == delimiter || c == .lf { break }
            if c == .quote { quotes += 1 }
            i += 1
        }
        let lineEnd = i >= limit || p.load(fromByteOffset: i, as: UInt8.self) == .lf
        endField(fieldStart, i, quotes: quotes, atLineEnd: lineEnd)
        if !lineEnd { return i + 1 }
        endRecord(i)
        recordLine &+= countLineFeeds(recordStart, min(i + 1, limit))
        recordStart = min(i + 1, limit)
        return recordStart
    }

    /// Line feeds in `[from, to)` (slow paths only).
    func countLineFeeds(_ from: Int, _ to: Int) -> Int {
        var n = 0
        var i = from
        while i < to {
            if p.load(fromByteOffset: i, as: UInt8.self) == .lf { n += 1 }
            i += 1
        }
        return n
    }

    @inline(__always)
    mutating func endField(_ start: Int, _ rawEnd: Int, quotes: Int, atLineEnd: Bool) {
        var end = rawEnd
        if atLineEnd, end > start, p.load(fromByteOffset: end &- 1, as: UInt8.self) == .cr { end &-= 1 }
        let k = fieldCount
        fieldCount &+= 1
        guard k < columns else { return }
        let length = end &- start
        if _fastPath(quotes == 0 && length < maxFieldBytes && length < Int(RecordStore.lengthMask)
            && (!transcode || Self.isASCII(p + start, length)))
        {
            row[k] = UInt64(truncatingIfNeeded: start) << RecordStore.lengthBits | UInt64(truncatingIfNeeded: length)
            return
        }
        row[k] = fieldSlowPath(start, end, quotes: quotes, field: k &+ 1)
    }

    @inline(__always)
    mutating func endRecord(_ end: Int) {
        defer {
            fieldCount = 0
            recordExcluded = false
            excludeKind = nil
        }
        if fieldCount == 1 {
            let length = end - recordStart
            if length == 0 || (length == 1 && p.load(fromByteOffset: recordStart, as: UInt8.self) == .cr) {
                out.blank += 1
                return
            }
        }
        if _slowPath(fieldCount != columns) {
            let (expected, found) = (columns, fieldCount)
            add(.raggedRow, detail: "expected \(expected) fields, found \(found)")
            recordExcluded = true
        }
        if _slowPath(checkNUL) { checkNULSlowPath(end) }
        if _slowPath(recordExcluded) {
            excludedSlowPath(end)
            return
        }
        if let d = direct {
            let target = d.rowBase &+ out.rows
            for c in 0..<columns {
                let v = row[c]
                d.fields[c &* d.stride &+ target] = v & RecordStore.arenaFlag != 0 ? v &+ d.arenaShift : v
            }
            d.lines[target] = UInt32(truncatingIfNeeded: d.lineBase &+ recordLine)
        } else {
            out.fields.append(contentsOf: UnsafeBufferPointer(start: row, count: columns))
            out.lines.append(UInt32(truncatingIfNeeded: recordLine))
        }
        out.rows += 1
    }

    @inline(never)
    mutating func excludedSlowPath(_ end: Int) {
        out.excluded += 1
        var last = end
        if last > recordStart && p.load(fromByteOffset: last - 1, as: UInt8.self) == .cr { last -= 1 }
        out.excludedRecords.append(ExcludedRecord(
            line: recordLine, kind: excludeKind ?? .raggedRow, byteOffset: recordStart, byteCount: last - recordStart))
    }

    @inline(never)
    mutating func checkNULSlowPath(_ end: Int) {
        var field = 1
        var inside = false
        var atFieldStart = true
        var justClosed = false
        for i in recordStart..<end {
            let c = p.load(fromByteOffset: i, as: UInt8.self)
            // Quotes as the scanner sees them: special at a field's start, inside, or doubled.
            if c == .quote {
                if inside || atFieldStart || justClosed {
                    justClosed = inside
                    inside.toggle()
                }
                atFieldStart = false
                continue
            }
            justClosed = false
            atFieldStart = false
            if c == delimiter && !inside {
                field += 1
                atFieldStart = true
            }
            if c == 0 {
                add(.nulByte, column: field, detail: "the record contains a NUL byte (binary data, not text)")
                recordExcluded = true
                return
            }
        }
    }

    /// Counts an issue; its detail text is built only when the issue is listed.
    @inline(never)
    mutating func add(_ kind: RowIssue.Kind, column: Int? = nil, detail: @autoclosure () -> String) {
        out.counts[kind, default: 0] += 1
        if kind.excludesRow && excludeKind == nil { excludeKind = kind }
        if out.issues.count < ReadIssues.listLimit {
            out.issues.append(RowIssue(line: recordLine, kind: kind, column: column, detail: detail()))
        }
    }

    /// Quoted, stray-quoted, oversized, long or non-ASCII Windows-1252 fields.
    @inline(never)
    mutating func fieldSlowPath(_ start: Int, _ end: Int, quotes: Int, field: Int) -> UInt64 {
        let length = end - start
        if length > maxFieldBytes {
            let limit = maxFieldBytes
            add(.oversizedField, column: field, detail: "the field is \(length) bytes; the limit is \(limit)")
            recordExcluded = true
            return 0
        }
        if quotes == 0 { return plainOrTranscoded(start, end) }
        if p.load(fromByteOffset: start, as: UInt8.self) != .quote {
            add(.strayQuote, column: field, detail: "quotes inside an unquoted field are kept as they are")
            return plainOrTranscoded(start, end)
        }
        guard length >= 2, p.load(fromByteOffset: end - 1, as: UInt8.self) == .quote else {
            add(.badQuoting, column: field, detail: "text after the closing quote of a quoted field")
            recordExcluded = true
            return 0
        }
        if quotes == 2 { return plainOrTranscoded(start + 1, end - 1) }
        let offset = out.arena.count
        var i = start + 1
        while i < end - 1 {
            let c = p.load(fromByteOffset: i, as: UInt8.self)
            if c == .quote {
                guard i + 1 < end - 1, p.load(fromByteOffset: i + 1, as: UInt8.self) == .quote else {
                    out.arena.removeLast(out.arena.count - offset)
                    add(.badQuoting, column: field, detail: "a lone quote inside a quoted field (write it as \"\")")
                    recordExcluded = true
                    return 0
                }
                out.arena.append(.quote)
                i += 2
                continue
            }
            if transcode { Windows1252.append(c, to: &out.arena) } else { out.arena.append(c) }
            i += 1
        }
        return packArena(offset)
    }

    mutating func plainOrTranscoded(_ start: Int, _ end: Int) -> UInt64 {
        if transcode && !Self.isASCII(p + start, end - start) {
            let offset = out.arena.count
            for i in start..<end { Windows1252.append(p.load(fromByteOffset: i, as: UInt8.self), to: &out.arena) }
            return packArena(offset)
        }
        return pack(UInt64(start), length: end - start)
    }

    mutating func packArena(_ offset: Int) -> UInt64 {
        pack(UInt64(offset), length: out.arena.count - offset, arena: true)
    }

    mutating func pack(_ offset: UInt64, length: Int, arena: Bool = false) -> UInt64 {
        let flag = arena ? RecordStore.arenaFlag : 0
        if length < Int(RecordStore.lengthMask) { return flag | offset << RecordStore.lengthBits | UInt64(length) }
        let packed = flag | offset << RecordStore.lengthBits | RecordStore.lengthMask
        out.longLengths[packed] = length  // fields of 16 MiB and more keep their length in a side table
        return packed
    }

    @inline(__always)
    static func isASCII(_ p: UnsafeRawPointer, _ count: Int) -> Bool {
        var i = 0
        var acc: UInt64 = 0
        while i + 8 <= count {
            acc |= p.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < count {
            acc |= UInt64(p.load(fromByteOffset: i, as: UInt8.self))
            i += 1
        }
        return acc & 0x8080_8080_8080_8080 == 0
    }
}
