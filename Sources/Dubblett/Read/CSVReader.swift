import Dispatch
import Foundation

/// Reads a CSV register into a `RecordStore`: mmap, encoding and dialect detection, header roles,
/// parallel RFC 4180 parse with quote parity, issues counted and listed.
///
/// Passes over the input:
/// 1. statistics per chunk in parallel: quote count (for parity) and UTF-8 / Windows-1252 evidence;
/// 2. delimiter sniffing on the first 64 KiB and the header record (sequential, small);
/// 3. parse per chunk in parallel: each chunk starts at the first line feed outside quotes at or after
///    its nominal start, where "outside" is the parity of all quotes before it (DESIGN.md, Reading);
/// 4. merge in chunk order into the column-major store (parallel copy).
/// Because chunk boundaries depend only on the bytes and the merge is in chunk order, the store is
/// identical for any worker count and any chunk size.
public enum CSVReader {
    /// Reads the file at `path` into memory; `-` reads standard input (both up to `options.streamLimit` when
    /// they are streams).
    /// - Throws: `ReadError` for what cannot be read; rows that cannot be used become `RowIssue`s.
    public static func read(path: String, options: ReadOptions = .init()) throws -> RecordStore {
        if path == "-" {
            let input = try MappedFile.readStandardInput(limit: options.streamLimit)
            return try read(input: input, name: "<stdin>", options: options)
        }
        let input = try MappedFile.map(path: path, streamLimit: options.streamLimit, workers: options.workers)
        return try read(input: input, name: path, options: options)
    }

    /// Reads CSV from bytes in memory (copied into an owned buffer); `name` is used in messages.
    public static func read(bytes: [UInt8], name: String, options: ReadOptions = .init()) throws -> RecordStore {
        let input = bytes.withUnsafeBytes { MappedFile.copying($0) }
        return try read(input: input, name: name, options: options)
    }

    /// Reads CSV from an already mapped input.
    public static func read(input: MappedFile, name: String, options: ReadOptions = .init()) throws(ReadError)
        -> RecordStore
    {
        if let detail = utf16Evidence(input.bytes) {
            throw .invalidEncoding(SourceLocation(name: name, line: 1, column: 1), detail: detail)
        }
        if isCROnly(input.bytes) {
            // Classic Mac line endings: a copy with every CR as LF (same offsets), read as usual.
            var bytes = Array(input.bytes)
            for i in bytes.indices where bytes[i] == .cr { bytes[i] = .lf }
            let copy = bytes.withUnsafeBytes { MappedFile.copying($0) }
            return try parse(input: copy, name: name, options: options, crLineEnding: true)
        }
        return try parse(input: input, name: name, options: options, crLineEnding: false)
    }

    /// Whether the first 64 KiB hold carriage returns and no line feed: lone CR line endings.
    static func isCROnly(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let probe = UnsafeRawBufferPointer(rebasing: bytes[0..<min(bytes.count, 65_536)])
        return probe.contains(.cr) && !probe.contains(.lf)
    }

    /// A teaching message when the input is UTF-16 (a byte-order mark `FF FE`/`FE FF`, or NUL bytes at
    /// every other position of the first line), else `nil`.
    static func utf16Evidence(_ bytes: UnsafeRawBufferPointer) -> String? {
        let advice = "Dubblett reads UTF-8 and Windows-1252. In Excel choose Save As > 'CSV UTF-8 (Comma "
            + "delimited)', or convert with: iconv -f UTF-16 -t UTF-8 in.csv > out.csv"
        if bytes.count >= 2 {
            if bytes[0] == 0xFF && bytes[1] == 0xFE {
                return "the file is UTF-16 little-endian (byte-order mark FF FE). " + advice
            }
            if bytes[0] == 0xFE && bytes[1] == 0xFF {
                return "the file is UTF-16 big-endian (byte-order mark FE FF). " + advice
            }
        }
        let probe = min(bytes.count, 256) & ~1
        guard probe >= 4 else { return nil }
        var nulAt = [0, 0]
        for i in 0..<probe where bytes[i] == 0 { nulAt[i & 1] += 1 }
        let pairs = probe / 2
        for parity in 0..<2 where nulAt[parity] * 10 >= pairs * 8 && nulAt[1 - parity] * 10 < pairs {
            return "the file looks like UTF-16 \(parity == 1 ? "little" : "big")-endian without a byte-order mark "
                + "(every other byte is NUL). " + advice
        }
        return nil
    }

    static func parse(input: MappedFile, name: String, options: ReadOptions, crLineEnding: Bool) throws(ReadError)
        -> RecordStore
    {
        let p = input.base
        let n = input.count
        let workers = min(Parallel.maxWorkers, max(1, options.workers))
        guard n < RecordStore.maxOffset else { throw .tooLarge(name: name, bytes: n) }

        // 1. Byte statistics per chunk of the grid.
        let chunkBytes = max(1, options.chunkBytes, n / 65_536 + 1)
        let grid = stride(from: 0, to: n, by: chunkBytes).map { $0..<min(n, $0 + chunkBytes) }
        let stats = parallelMap(grid.count, workers: workers) { k in
            ByteStats.scan(input.base, count: input.count, start: grid[k].lowerBound, end: grid[k].upperBound)
        }
        if CancellationScope.token?.isCancelled == true { throw .cancelled(name: name) }
        var total = ByteStats()
        for s in stats { total.merge(s) }
        let bom = n >= 3 && p.load(as: UInt8.self) == 0xEF && p.load(fromByteOffset: 1, as: UInt8.self) == 0xBB
            && p.load(fromByteOffset: 2, as: UInt8.self) == 0xBF
        let encoding = try decideEncoding(total, bom: bom, input: input, name: name)
        let transcode = encoding == .windows1252
        let textStart = bom ? 3 : 0

        // 2. Dialect and header.
        let delimiter = options.delimiter ?? sniffDelimiter(p, from: textStart, count: n)
        let title = titleLines(p, from: textStart, count: n, delimiter: delimiter)
        let header = try parseHeader(input, from: title.headerStart, firstLine: title.headerLine, delimiter: delimiter,
                                     name: name, encoding: encoding)
        var issues = ReadIssues()
        for line in title.lines {
            issues.add(RowIssue(line: line, kind: .titleLine, detail: """
                the line has \(title.cells[line] ?? 1) cell(s) where the lines below have \(title.width); read as a \
                title above the header and skipped
                """))
        }
        var names: [String] = []
        var seen: [String: Int] = [:]
        var texts = header.fields.map {
            decodeHeaderField(p, $0, transcode: transcode).trimmingCharacters(in: .whitespaces)
        }
        let dataLike = texts.map(looksLikeData)
        let below = sampleLines(input, after: header, delimiter: delimiter, name: name, encoding: encoding,
                                transcode: transcode)
        let headerIsData = HeaderEvidence.firstLineIsData(texts, below: below)
        if headerIsData {
            // No header line: personal data must not become column names (they are printed and echoed).
            texts = texts.indices.map { "column_\($0 + 1)" }
            issues.add(RowIssue(line: header.line, kind: .headerLooksLikeData, detail: """
                the first line looks like a record, not a header (no cell reads as a column name); it is read \
                as a data row and the columns are called column_1 ... column_\(texts.count). Add a header line \
                naming the columns, or give roles by number: --column first_name=2
                """))
        }
        for (i, rawText) in texts.enumerated() {
            var text = rawText
            if text.isEmpty {
                text = "column_\(i + 1)"
                issues.add(RowIssue(line: header.line, kind: .emptyHeader, column: i + 1,
                                    detail: "column \(i + 1) has no name; it is called \(text)"))
            }
            if let count = seen[text] {
                let original = text
                var k = count + 1
                while seen[original + "_\(k)"] != nil { k += 1 }
                seen[original] = k
                text = original + "_\(k)"
                if dataLike[i] {
                    text = "column_\(i + 1)"  // a value, not a name: never echoed
                    issues.add(RowIssue(line: header.line, kind: .duplicateHeader, column: i + 1,
                                        detail: "the name repeats an earlier one; this column is called '\(text)'"))
                } else {
                    issues.add(RowIssue(line: header.line, kind: .duplicateHeader, column: i + 1,
                                        detail: "the name '\(original)' repeats; this column is called '\(text)'"))
                }
            }
            seen[text] = 1
            names.append(text)
        }
        let roles = try HeaderRoles.assign(headers: names, overrides: options.columnOverrides)
        let alternates = HeaderRoles.alternates(headers: names, roles: roles)
        let columns = names.indices.map { ColumnInfo(name: names[$0], role: roles[$0], alternateFor: alternates[$0]) }
        let dialect = Dialect(delimiter: delimiter, encoding: encoding,
                              lineEnding: crLineEnding ? .cr : header.lineEnding)

        // 3. Parse chunks. Chunk k owns the records that start in [boundary(k), boundary(k + 1)); its last
        //    record may run past boundary(k + 1). Candidate boundaries come from quote parity, which is
        //    wrong after a stray (literal) quote inside an unquoted field, so every chunk reports where
        //    its last record really ended and a chunk that did not start there is parsed again from
        //    there (sequentially, in chunk order). The records are therefore those of one sequential scan.
        var quotesBefore = [Int](repeating: 0, count: grid.count + 1)
        for k in grid.indices { quotesBefore[k + 1] = quotesBefore[k] + stats[k].quotes }
        let parity = quotesBefore.map { $0 % 2 != 0 }
        let dataStart = headerIsData ? header.fields[0].start : header.end
        let boundaries = parallelMap(grid.count + 1, workers: workers) { k -> Int in
            if k == grid.count { return input.count }
            let g = grid[k].lowerBound
            if g <= dataStart { return dataStart }
            return firstRecordStart(input.base, count: input.count, from: g, inside: parity[k],
                                    searchLimit: options.maxFieldBytes)
        }
        let progress = ProgressCounter(options.progress)
        let checkNUL = total.firstNUL != Int.max
        let columnCount = columns.count
        let maxField = options.maxFieldBytes
        let dataLine = headerIsData ? header.line : header.line + header.lineFeeds
        @Sendable func scanner() -> ChunkScanner {
            ChunkScanner(p: input.base, columns: columnCount, delimiter: delimiter, transcode: transcode,
                         checkNUL: checkNUL, maxFieldBytes: maxField)
        }
        var outputs: [ChunkOutput] = []
        var fields: [UInt64] = []
        var lines: [UInt32] = []
        var stride = 0
        // One worker writes straight into a column stride of line feeds + 1 rows; when that reservation
        // would dwarf the input (a very wide header over few lines), the merge path sizes it exactly.
        let directCells = (total.lineFeeds + 1).multipliedReportingOverflow(by: max(1, columnCount))
        let direct = workers == 1 && !directCells.overflow && directCells.partialValue <= 4 * n + 4096
        if direct {
            // One worker: the rows before each chunk are known, so rows go straight into the final index.
            // Its column stride is an upper bound of the row count (line feeds + 1); slots past the last
            // row of a column are never touched, so they cost address space, not memory.
            stride = total.lineFeeds + 1
            lines = [UInt32](unsafeUninitializedCapacity: stride) { lineBuffer, lineCount in
                fields = [UInt64](unsafeUninitializedCapacity: stride * columnCount) { fieldBuffer, fieldCount in
                    var rowBase = 0
                    var lineBase = dataLine
                    var arenaBase = 0
                    var start = dataStart
                    for k in grid.indices {
                        let end = boundaries[k + 1]
                        var s = scanner()
                        s.direct = DirectOutput(
                            fields: fieldBuffer.baseAddress!, lines: lineBuffer.baseAddress!, stride: stride,
                            rowBase: rowBase, lineBase: lineBase,
                            arenaShift: UInt64(arenaBase) << RecordStore.lengthBits)
                        let out = s.scan(start: start, end: end, limit: n)
                        progress.add(out.end - start)
                        start = out.end
                        rowBase += out.rows
                        lineBase += out.lineFeeds
                        arenaBase += out.arena.count
                        outputs.append(out)
                    }
                    fieldCount = stride * columnCount  // trivial values; slots past `rows` are never read
                }
                lineCount = outputs.reduce(0) { $0 + $1.rows }
            }
        } else {
            // A cancelled run scans the chunks not yet started as empty and throws before resynchronising.
            let token = CancellationScope.token
            outputs = parallelMap(grid.count, workers: workers) { k -> ChunkOutput in
                var s = scanner()
                if token?.isCancelled == true { return s.scan(start: boundaries[k], end: boundaries[k], limit: n) }
                let out = s.scan(start: boundaries[k], end: boundaries[k + 1], limit: n)
                progress.add(out.end - out.start)
                return out
            }
            if token?.isCancelled == true { throw .cancelled(name: name) }
            // Resynchronise: a chunk whose candidate start is not where the previous chunk's last record
            // ended is parsed again from there.
            var start = dataStart
            for k in outputs.indices {
                if outputs[k].start != start {
                    var s = scanner()
                    outputs[k] = s.scan(start: start, end: boundaries[k + 1], limit: n)
                }
                start = outputs[k].end
            }
        }
        if let opened = outputs.lazy.compactMap(\.unclosedQuoteAt).first {
            throw .unclosedQuote(.locate(offset: opened, in: input.bytes, name: name, encoding: encoding),
                                 likelyCause: nil)
        }

        // 4. Merge in chunk order.
        var rowBase = [Int](repeating: 0, count: outputs.count + 1)
        var lineBase = [Int](repeating: dataLine, count: outputs.count + 1)
        var arenaBase = [Int](repeating: 0, count: outputs.count + 1)
        for (k, o) in outputs.enumerated() {
            rowBase[k + 1] = rowBase[k] + o.rows
            lineBase[k + 1] = lineBase[k] + o.lineFeeds
            arenaBase[k + 1] = arenaBase[k] + o.arena.count
            for (kind, c) in o.counts { issues.counts[kind, default: 0] += c }
            for issue in o.issues where issues.listed.count < ReadIssues.listLimit {
                issues.listed.append(RowIssue(line: lineBase[k] + issue.line, kind: issue.kind, column: issue.column,
                                              detail: issue.detail))
            }
            issues.excludedRows += o.excluded
            for e in o.excludedRecords {
                issues.excluded.append(ExcludedRecord(line: lineBase[k] + e.line, kind: e.kind,
                                                      byteOffset: e.byteOffset, byteCount: e.byteCount))
            }
            issues.blankLines += o.blank
        }
        // An excluded record that runs over several lines (a quote opened and never closed where it
        // should be) takes the lines after it along: say so where it is listed, so nobody reads "1 row"
        // when thirty lines of records are inside it.
        var spans: [Int: Int] = [:]
        for e in issues.excluded where e.byteCount > 0 {
            var feeds = 0
            for i in e.byteOffset..<(e.byteOffset + e.byteCount) where p.load(fromByteOffset: i, as: UInt8.self) == .lf {
                feeds += 1
            }
            if feeds > 0 { spans[e.line] = feeds + 1 }
        }
        if !spans.isEmpty {
            var marked = Set<Int>()
            issues.listed = issues.listed.map { issue in
                guard issue.kind.excludesRow, let lines = spans[issue.line], marked.insert(issue.line).inserted else {
                    return issue
                }
                return RowIssue(line: issue.line, kind: issue.kind, column: issue.column, detail: issue.detail
                    + "; the record runs over \(lines) lines (\(issue.line)-\(issue.line + lines - 1)) from a quote "
                    + "that is not closed where it should be, so the lines inside it are left out with it")
            }
        }
        let rows = rowBase[outputs.count]
        let rowStart = rowBase
        let arenaStart = arenaBase
        guard rows < Int(UInt32.max) else { throw .tooManyRows(name: name, count: rows) }
        if options.strict, let first = issues.listed.first {
            throw .strict(locateField(input, line: first.line, field: first.column, delimiter: delimiter, name: name,
                                      encoding: encoding), first)
        }
        let arenaCount = arenaBase[outputs.count]
        let arena: UnsafeMutableRawPointer? = arenaCount > 0 ? .allocate(byteCount: arenaCount, alignment: 16) : nil
        var longLengths: [UInt64: Int] = [:]
        for (k, o) in outputs.enumerated() {
            if let arena, !o.arena.isEmpty {
                o.arena.withUnsafeBytes { (arena + arenaBase[k]).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            }
            for (key, length) in o.longLengths { longLengths[rebase(key, arenaBase[k])] = length }
        }
        if !direct {
            stride = rows
            let cells = rows * columnCount
            let chunks = outputs
            fields = [UInt64](unsafeUninitializedCapacity: cells) { buffer, initialized in
                let dst = UnsafeSendable(buffer.baseAddress)
                runParallel(chunks.count, workers: workers) { k in
                    guard let base = dst.value else { return }
                    let o = chunks[k]
                    let shift = UInt64(arenaStart[k]) << RecordStore.lengthBits
                    o.fields.withUnsafeBufferPointer { src in
                        for r in 0..<o.rows {
                            let target = rowStart[k] + r
                            for c in 0..<columnCount {
                                let v = src[r * columnCount + c]
                                base[c * rows + target] = v & RecordStore.arenaFlag != 0 ? v &+ shift : v
                            }
                        }
                    }
                }
                initialized = cells
            }
            lines.reserveCapacity(rows)
            for (k, o) in outputs.enumerated() {
                let add = UInt32(truncatingIfNeeded: lineBase[k])
                for l in o.lines { lines.append(l &+ add) }
            }
        }
        let store = RecordStore(
            sourceName: name, columns: columns, dialect: dialect, issues: issues, headerLine: header.line,
            input: input, arena: arena, arenaCount: arenaCount, fields: fields, lines: lines, rows: rows,
            stride: stride, longLengths: longLengths)
        if options.inferRoles {
            let excluded = Set(options.columnOverrides.filter { $0.value == "-" }.keys)
            store.assignInferredRoles(RoleInference.infer(store, excluded: excluded))
        }
        return store
    }

    @inline(__always)
    static func rebase(_ packed: UInt64, _ arenaBase: Int) -> UInt64 {
        packed & RecordStore.arenaFlag != 0 ? packed &+ (UInt64(arenaBase) << RecordStore.lengthBits) : packed
    }

    // MARK: - Encoding

    static func decideEncoding(_ s: ByteStats, bom: Bool, input: MappedFile, name: String) throws(ReadError)
        -> TextEncoding
    {
        if s.invalidUTF8 == 0 { return bom ? .utf8BOM : .utf8 }
        func at(_ offset: Int, _ enc: TextEncoding) -> SourceLocation {
            .locate(offset: offset, in: input.bytes, name: name, encoding: enc)
        }
        let byte = String(input.bytes[s.firstInvalidUTF8], radix: 16, uppercase: true)
        if bom {
            throw .invalidEncoding(at(s.firstInvalidUTF8, .utf8),
                                   detail: "byte 0x\(byte) is not UTF-8, yet the file starts with a UTF-8 byte-order mark")
        }
        // A Windows-1252 file has many bytes that are invalid UTF-8 and, by chance, few valid sequences.
        if s.validMultibyte * 8 > s.invalidUTF8 || s.firstUTF8Only != Int.max {
            throw .invalidEncoding(at(s.firstInvalidUTF8, .utf8), detail:
                "byte 0x\(byte) is not UTF-8, but the file has \(s.validMultibyte) valid UTF-8 characters: mixed encodings")
        }
        if s.firstUndefined1252 != Int.max {
            let bad = String(input.bytes[s.firstUndefined1252], radix: 16, uppercase: true)
            throw .invalidEncoding(at(s.firstUndefined1252, .windows1252),
                                   detail: "byte 0x\(bad) is neither UTF-8 nor Windows-1252 (is this a text file?)")
        }
        return .windows1252
    }

    // MARK: - Dialect and header

    /// Picks the delimiter among `,` `;` tab `|` whose count outside quotes is non-zero on the header line and
    /// equal on the most of the next lines (ties: the larger count). Falls back to `,` (a single column).
    static func sniffDelimiter(_ p: UnsafeRawPointer, from start: Int, count n: Int) -> UInt8 {
        let candidates: [UInt8] = [.comma, .semicolon, .tab, .pipe]
        let limit = min(n, start + 65_536)
        var perLine: [[Int]] = []
        var current = [0, 0, 0, 0]
        var inside = false
        var i = start
        while i < limit, p.load(fromByteOffset: i, as: UInt8.self) == .lf || p.load(fromByteOffset: i, as: UInt8.self) == .cr {
            i += 1  // leading blank lines
        }
        while i < limit && perLine.count < 50 {
            let c = p.load(fromByteOffset: i, as: UInt8.self)
            if c == .quote {
                inside.toggle()
            } else if !inside {
                if c == .lf {
                    if current != [0, 0, 0, 0] || perLine.isEmpty { perLine.append(current) }
                    current = [0, 0, 0, 0]
                } else if let k = candidates.firstIndex(of: c) {
                    current[k] += 1
                }
            }
            i += 1
        }
        if limit == n && current != [0, 0, 0, 0] { perLine.append(current) }
        // The first line with a candidate is the header; lines before it are titles ("Kundregister").
        guard let headIndex = perLine.prefix(6).firstIndex(where: { $0 != [0, 0, 0, 0] }) ?? perLine.indices.first
        else { return .comma }
        let head = perLine[headIndex]
        var best: (UInt8, Int, Int)? = nil
        for k in 0..<4 where head[k] > 0 {
            let agree = perLine[(headIndex + 1)...].filter { $0[k] == head[k] }.count
            if best == nil || agree > best!.1 || (agree == best!.1 && head[k] > best!.2) {
                best = (candidates[k], agree, head[k])
            }
        }
        return best?.0 ?? .comma
    }

    struct Header {
        var fields: [(start: Int, end: Int, quotes: Int)]
        var end: Int
        var line: Int
        var lineFeeds: Int
        var lineEnding: LineEnding
    }

    /// Title lines above the header: the first non-blank lines when they have one or two cells and the
    /// lines below them agree on four or more (a spreadsheet export with a heading such as
    /// "Kundregister 2026-11-01"). At most five are skipped. Returns where the header starts, its line
    /// number, the skipped lines with their cell counts, and the width the following lines agree on.
    static func titleLines(_ p: UnsafeRawPointer, from start: Int, count n: Int, delimiter: UInt8)
        -> (headerStart: Int, headerLine: Int, lines: [Int], cells: [Int: Int], width: Int)
    {
        // Cells of the first non-blank lines (quotes respected; a line is cut at 64 KiB).
        var lines: [(start: Int, line: Int, cells: Int)] = []
        var i = start, line = 1
        let limit = min(n, start + 262_144)
        while i < limit && lines.count < 16 {
            let c = p.load(fromByteOffset: i, as: UInt8.self)
            if c == .lf || c == .cr {
                if c == .lf { line += 1 }
                i += 1
                continue
            }
            let lineStart = i, lineNumber = line
            var cells = 1, inside = false
            while i < limit {
                let b = p.load(fromByteOffset: i, as: UInt8.self)
                if b == .quote { inside.toggle() } else if !inside && b == delimiter { cells += 1 } else if !inside && b == .lf { break }
                if b == .lf { line += 1 }
                i += 1
            }
            lines.append((lineStart, lineNumber, cells))
        }
        let none = (headerStart: start, headerLine: 1, lines: [Int](), cells: [Int: Int](), width: 0)
        guard lines.count >= 4, lines[0].cells <= 2 else { return none }
        // The width most later lines agree on.
        var votes: [Int: Int] = [:]
        for l in lines.dropFirst() { votes[l.cells, default: 0] += 1 }
        guard let (width, agree) = votes.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key < $1.key) }),
              width >= 4, agree * 10 >= (lines.count - 1) * 6 else { return none }
        var skipped = 0
        while skipped < min(5, lines.count - 1) && lines[skipped].cells * 2 <= width && lines[skipped].cells <= 2 {
            skipped += 1
        }
        guard skipped > 0, lines[skipped].cells == width else { return none }
        var cells: [Int: Int] = [:]
        for l in lines[..<skipped] { cells[l.line] = l.cells }
        return (lines[skipped].start, lines[skipped].line, lines[..<skipped].map(\.line), cells, width)
    }

    static func parseHeader(
        _ input: MappedFile, from start: Int, firstLine: Int = 1, delimiter: UInt8, name: String,
        encoding: TextEncoding
    ) throws(ReadError) -> Header {
        let p = input.base
        let n = input.count
        var pos = start
        var line = firstLine
        while pos < n {
            let c = p.load(fromByteOffset: pos, as: UInt8.self)
            if c == .lf {
                pos += 1
                line += 1
            } else if c == .cr, pos + 1 < n, p.load(fromByteOffset: pos + 1, as: UInt8.self) == .lf {
                pos += 2
                line += 1
            } else {
                break
            }
        }
        if pos >= n { throw .emptyFile(name: name) }
        var fields: [(Int, Int, Int)] = []
        var inside = false
        var fieldStart = pos
        var quotes = 0
        var lineFeeds = 0
        var i = pos
        var atFieldStart = true
        var justClosed = false
        while i < n {
            let c = p.load(fromByteOffset: i, as: UInt8.self)
            if c == .quote {
                // Special only at a field's start, inside a quoted field, or right after its closing quote
                // (a doubled quote); elsewhere a literal byte, as in the data rows.
                if inside || atFieldStart || justClosed {
                    justClosed = inside
                    inside.toggle()
                    quotes += 1
                }
                atFieldStart = false
                i += 1
                continue
            }
            justClosed = false
            atFieldStart = false
            if c == .lf {
                lineFeeds += 1
                if !inside {
                    let crlf = i > fieldStart && p.load(fromByteOffset: i - 1, as: UInt8.self) == .cr
                    fields.append((fieldStart, crlf ? i - 1 : i, quotes))
                    return Header(fields: fields, end: i + 1, line: line, lineFeeds: lineFeeds,
                                  lineEnding: crlf ? .crlf : .lf)
                }
            } else if c == delimiter && !inside {
                fields.append((fieldStart, i, quotes))
                fieldStart = i + 1
                quotes = 0
                atFieldStart = true
            }
            i += 1
        }
        if inside { throw unclosedQuote(input, from: pos, delimiter: delimiter, name: name, encoding: encoding) }
        var end = n
        if end > fieldStart, p.load(fromByteOffset: end - 1, as: UInt8.self) == .cr { end -= 1 }
        fields.append((fieldStart, end, quotes))
        return Header(fields: fields, end: n, line: line, lineFeeds: lineFeeds, lineEnding: .none)
    }

    /// The cells (decoded, trimmed) of up to 20 lines after `header`, within its first 256 KiB: the
    /// evidence `HeaderEvidence` weighs the first line against. A line that cannot be parsed ends the sample.
    static func sampleLines(
        _ input: MappedFile, after header: Header, delimiter: UInt8, name: String, encoding: TextEncoding,
        transcode: Bool
    ) -> [[String]] {
        var rows: [[String]] = []
        var pos = header.end
        let stop = min(input.count, header.end + 262_144)
        while rows.count < 20 && pos < stop {
            guard let line = try? parseHeader(input, from: pos, delimiter: delimiter, name: name, encoding: encoding),
                  line.end > pos else { break }
            rows.append(line.fields.map {
                decodeHeaderField(input.base, $0, transcode: transcode).trimmingCharacters(in: .whitespaces)
            })
            pos = line.end
        }
        return rows
    }

    /// Whether a header cell looks like a value rather than a name: only digits and number punctuation,
    /// or a valid personnummer, phone number, e-mail address or date.
    static func looksLikeData(_ text: String) -> Bool {
        if text.isEmpty { return false }
        let numberLike = text.unicodeScalars.allSatisfy { "0123456789 +-.,/():".unicodeScalars.contains($0) }
        if numberLike && text.unicodeScalars.contains(where: { ("0"..."9").contains($0) }) { return true }
        if case .valid = Personnummer.parse(text, referenceDate: 0) { return true }
        if case .valid = PhoneNumber.parse(text) { return true }
        if case .valid = EmailAddress.normalise(text).1 { return true }
        if case .valid = DateParser.parse(text) { return true }
        return false
    }

    static func decodeHeaderField(_ p: UnsafeRawPointer, _ f: (start: Int, end: Int, quotes: Int), transcode: Bool)
        -> String
    {
        var s = f.start
        var e = f.end
        if f.quotes >= 2, e - s >= 2, p.load(fromByteOffset: s, as: UInt8.self) == .quote,
            p.load(fromByteOffset: e - 1, as: UInt8.self) == .quote
        {
            s += 1
            e -= 1
        }
        var bytes: [UInt8] = []
        var i = s
        while i < e {
            let c = p.load(fromByteOffset: i, as: UInt8.self)
            if c == .quote, i + 1 < e, p.load(fromByteOffset: i + 1, as: UInt8.self) == .quote { i += 1 }
            if transcode { Windows1252.append(c, to: &bytes) } else { bytes.append(c) }
            i += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: - Chunk boundaries and the unclosed-quote report

    /// A candidate record start at or after `from`, given whether `from` is inside quotes by parity: the
    /// first line feed outside quotes. The search stops after `searchLimit` bytes (one huge quoted field
    /// would otherwise be rescanned by every chunk it covers); the caller verifies candidates anyway.
    static func firstRecordStart(_ p: UnsafeRawPointer, count n: Int, from: Int, inside: Bool,
                                 searchLimit: Int = .max) -> Int {
        var inside = inside
        var i = from
        let stop = from + min(n - from, max(1, searchLimit))
        while i < stop {
            let c = p.load(fromByteOffset: i, as: UInt8.self)
            if c == .quote { inside.toggle() } else if c == .lf && !inside { return i + 1 }
            i += 1
        }
        return stop
    }

    /// The location of field `field` (1-based) of the record starting on `line`: error path only.
    /// - Complexity: O(offset of the field).
    @inline(never)
    static func locateField(
        _ input: MappedFile, line: Int, field: Int?, delimiter: UInt8, name: String, encoding: TextEncoding
    ) -> SourceLocation {
        let bytes = input.bytes
        var i = 0
        var current = 1
        while current < line && i < bytes.count {
            if bytes[i] == .lf { current += 1 }
            i += 1
        }
        var remaining = (field ?? 1) - 1
        var inside = false
        var atFieldStart = true
        var justClosed = false
        while remaining > 0 && i < bytes.count {
            let c = bytes[i]
            if c == .quote {
                if inside || atFieldStart || justClosed {
                    justClosed = inside
                    inside.toggle()
                }
                atFieldStart = false
            } else {
                justClosed = false
                atFieldStart = false
                if !inside && c == .lf { break }
                if !inside && c == delimiter {
                    remaining -= 1
                    atFieldStart = true
                }
            }
            i += 1
        }
        return .locate(offset: i, in: bytes, name: name, encoding: encoding)
    }

    /// Finds the quote that opened the unterminated field, and a mid-field quote that likely caused it.
    @inline(never)
    static func unclosedQuote(
        _ input: MappedFile, from start: Int, delimiter: UInt8, name: String, encoding: TextEncoding
    ) -> ReadError {
        let p = input.base
        var inside = false
        var opened = start
        var stray: Int? = nil
        for i in start..<input.count where p.load(fromByteOffset: i, as: UInt8.self) == .quote {
            inside.toggle()
            if inside {
                opened = i
                let prev = i > start ? p.load(fromByteOffset: i - 1, as: UInt8.self) : UInt8.lf
                let atFieldStart = prev == delimiter || prev == .lf || prev == .cr
                    || (prev == .quote && i - 1 > start)  // a doubled quote re-opening
                if !atFieldStart && stray == nil { stray = i }
            }
        }
        let at = SourceLocation.locate(offset: opened, in: input.bytes, name: name, encoding: encoding)
        let cause = stray.flatMap { $0 == opened ? nil : $0 }.map {
            SourceLocation.locate(offset: $0, in: input.bytes, name: name, encoding: encoding)
        }
        return .unclosedQuote(at, likelyCause: cause)
    }

    // MARK: - Parallel helpers

    /// Runs `body(k)` for `k` in `0..<count`, striped over `workers` threads (in order when 1).
    static func runParallel(_ count: Int, workers: Int, _ body: @Sendable (Int) -> Void) {
        if workers <= 1 || count <= 1 {
            for k in 0..<count { body(k) }
            return
        }
        let w = min(workers, count)
        DispatchQueue.concurrentPerform(iterations: w) { t in
            var k = t
            while k < count {
                body(k)
                k += w
            }
        }
    }

    /// `(0..<count).map(body)` on `workers` threads; each worker writes only its own slots.
    static func parallelMap<T: Sendable>(_ count: Int, workers: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer {
            _ = slots.deinitialize()  // releases the results' storage (arrays inside ChunkOutput)
            slots.deallocate()
        }
        let shared = UnsafeSendable(slots)
        runParallel(count, workers: workers) { k in shared.value[k] = body(k) }
        return slots.map { $0! }
    }
}

/// Sums bytes parsed across workers and forwards the running total to the caller's callback.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private let callback: (@Sendable (Int) -> Void)?
    init(_ callback: (@Sendable (Int) -> Void)?) { self.callback = callback }
    func add(_ bytes: Int) {
        guard let callback else { return }
        lock.lock()
        done += bytes
        let now = done
        callback(now)
        lock.unlock()
    }
}
