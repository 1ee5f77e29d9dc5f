extension RegisterValidator {
    /// Writes the washed register to `path` atomically: same columns and delimiter, UTF-8, checked values
    /// in canonical form, plus one `<column>_problem` column per checked column.
    ///
    /// Canonical forms (only for values that passed their check; anything else is copied unchanged, so no
    /// data is lost): personnummer `YYYYMMDD-NNNN`, phone `+46…` (E.164), postal code `NNN NN`, e-mail
    /// trimmed and lower-cased, birth date `YYYY-MM-DD`, organisationsnummer `NNNNNN-NNNN`, postal address
    /// `NNN NN Postort`. Names and streets are copied unchanged, and so are columns whose role was
    /// inferred from their values (`RoleInference`).
    /// Rows the reader could not use (ragged, bad quoting, …) are not in the store and so not in the output;
    /// `writeRejects(_:to:)` writes them beside it.
    /// `progress` is called with the number of rows written so far, every 65,536 rows.
    /// - Throws: `AtomicFileError` naming the path when the file cannot be written.
    /// - Complexity: O(total bytes); one reusable row buffer.
    public static func writeWashed(
        _ store: RecordStore, _ result: ValidationResult, to path: String, progress: ((Int) -> Void)? = nil
    ) throws {
        let writer = try AtomicFileWriter(path: path)
        let delimiter = store.dialect.delimiter
        let eol: [UInt8] = store.dialect.lineEnding == .crlf ? [.cr, .lf] : [.lf]
        var checkOf = [ValidationCheck?](repeating: nil, count: store.columns.count)
        var checkedIndex = [Int](repeating: -1, count: store.columns.count)
        for (k, c) in result.checkedColumns.enumerated() {
            checkOf[c] = result.columns[c].check
            checkedIndex[c] = k
        }
        let reasons = result.checkedColumns.map { result.columns[$0].check!.reasons.map { Array($0.reason.utf8) } }
        var line = [UInt8]()
        line.reserveCapacity(4096)
        // Header.
        var headers = store.columns.map(\.name)
        headers += result.checkedColumns.map { store.columns[$0].name + "_problem" }
        for (i, h) in headers.enumerated() {
            if i > 0 { line.append(delimiter) }
            var h = h
            h.withUTF8 { appendField(UnsafeRawBufferPointer($0), delimiter: delimiter, to: &line) }
        }
        line += eol
        writer.write(line)
        var scratch = [UInt8](repeating: 0, count: 1024)
        for row in 0..<store.rowCount {
            line.removeAll(keepingCapacity: true)
            for col in 0..<store.columns.count {
                if col > 0 { line.append(delimiter) }
                let field = store.field(row: row, column: col)
                // Columns whose role was inferred from their values are reported but copied as they are:
                // rewriting a column on a guess could damage data the user never asked to change.
                guard let check = checkOf[col], !store.columns[col].roleFromValues,
                      result.code(checked: checkedIndex[col], row: row) == 0 else {
                    appendField(field, delimiter: delimiter, to: &line)
                    continue
                }
                if scratch.count < field.count + 32 { scratch = [UInt8](repeating: 0, count: field.count + 32) }
                let n = scratch.withUnsafeMutableBufferPointer {
                    canonical(check, field, into: $0, reference: result.referenceDate)
                }
                if n < 0 {
                    appendField(field, delimiter: delimiter, to: &line)
                } else {
                    scratch.withUnsafeBytes {
                        appendField(UnsafeRawBufferPointer(rebasing: $0[..<n]), delimiter: delimiter, to: &line)
                    }
                }
            }
            for k in 0..<result.checkedColumns.count {
                line.append(delimiter)
                let code = Int(result.code(checked: k, row: row))
                if code > 0 {
                    reasons[k][code - 1].withUnsafeBytes { appendField($0, delimiter: delimiter, to: &line) }
                }
            }
            line += eol
            writer.write(line)
            if let progress, row & 0xFFFF == 0xFFFF { progress(row + 1) }
        }
        try writer.commit()
    }

    /// The path of the rejects file written beside a washed file: `<output>.rejects.csv`.
    public static func rejectsPath(forWashed path: String) -> String { path + ".rejects.csv" }

    /// Writes the records the reader left out (ragged, bad quoting, NUL byte, oversized field) to `path`
    /// atomically, so that washing loses no row: a header `line_number`, `problem` and the register's
    /// column names, then per record its line, the problem and its raw bytes as they are in the input
    /// (same delimiter and encoding; a ragged record keeps its own number of fields). Writes nothing and
    /// returns `false` when no record was excluded.
    /// - Throws: `AtomicFileError` naming the path when the file cannot be written.
    /// - Complexity: O(bytes of the excluded records).
    @discardableResult
    public static func writeRejects(_ store: RecordStore, to path: String) throws -> Bool {
        let excluded = store.issues.excluded
        guard !excluded.isEmpty else { return false }
        let writer = try AtomicFileWriter(path: path)
        let delimiter = store.dialect.delimiter
        var line = [UInt8]()
        for (i, h) in (["line_number", "problem"] + store.columns.map(\.name)).enumerated() {
            if i > 0 { line.append(delimiter) }
            var h = h
            h.withUTF8 { appendField(UnsafeRawBufferPointer($0), delimiter: delimiter, to: &line) }
        }
        line.append(.lf)
        writer.write(line)
        for record in excluded {
            line.removeAll(keepingCapacity: true)
            line += Array(String(record.line).utf8)
            line.append(delimiter)
            line += Array(record.kind.rawValue.utf8)
            line.append(delimiter)
            line += store.rawBytes(of: record)
            line.append(.lf)
            writer.write(line)
        }
        try writer.commit()
        return true
    }

    /// Writes the canonical form of a field that passed `check` and returns its length, or −1 to copy it.
    static func canonical(
        _ check: ValidationCheck, _ field: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<UInt8>,
        reference: Int32
    ) -> Int {
        switch check {
        case .personnummer:
            if case .valid(let c, _) = Personnummer.parse(field, referenceDate: reference) {
                return Personnummer.format(canonical: c, into: out)
            }
        case .phone:
            if case .valid(let e, _) = PhoneNumber.parse(field) { return PhoneNumber.format(e164: e, into: out) }
        case .organisationsnummer:
            if case .valid(let c, _) = Organisationsnummer.parse(field) {
                return Organisationsnummer.format(canonical: c, into: out)
            }
        case .postalAddress:
            if let address = PostalCode.parseAddress(field), case .valid(let p) = address.code,
               out.count >= 7 + address.city.count {
                var n = PostalCode.format(p, into: out)
                out[n] = .space
                n += 1
                for i in address.city { out[n] = field[i]; n += 1 }
                return n
            }
        case .postalCode:
            if case .valid(let p) = PostalCode.parse(field) { return PostalCode.format(p, into: out) }
        case .email:
            switch EmailAddress.normalise(field, into: out) {
            case .valid(let n), .suspectedTypo(let n, _): return n
            default: break
            }
        case .birthDate:
            if case .valid(let d) = DateParser.parse(field, referenceDate: reference) {
                var v = Int(d)
                for i in stride(from: 9, through: 0, by: -1) {
                    if i == 4 || i == 7 { out[i] = .hyphen; continue }
                    out[i] = UInt8(v % 10) + 0x30
                    v /= 10
                }
                return 10
            }
        case .name, .street:
            break
        }
        return -1
    }

    /// Appends one CSV field, quoted (RFC 4180) when it holds the delimiter, a quote, CR or LF.
    static func appendField(_ field: UnsafeRawBufferPointer, delimiter: UInt8, to line: inout [UInt8]) {
        var needsQuotes = false
        for b in field where b == delimiter || b == .quote || b == .cr || b == .lf {
            needsQuotes = true
            break
        }
        guard needsQuotes else { line.append(contentsOf: field); return }
        line.append(.quote)
        for b in field {
            if b == .quote { line.append(.quote) }
            line.append(b)
        }
        line.append(.quote)
    }
}
