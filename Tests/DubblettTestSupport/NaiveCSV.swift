/// A deliberately simple RFC 4180 parser, one byte at a time: the reference the fast reader is proved against.
///
/// Records end at LF or CRLF outside quotes; a quoted field is `"` … `"` with `""` for a quote; empty
/// lines are skipped (like the reader). Only well-formed input is expected: it returns `nil` otherwise.
public enum NaiveCSV {
    /// A parsed record: its 1-based starting line and its fields.
    public struct Record: Equatable, Sendable {
        public var line: Int
        public var fields: [[UInt8]]
    }

    /// Parses `bytes` (UTF-8, no BOM) with `delimiter`; `nil` for malformed quoting.
    public static func parse(_ bytes: [UInt8], delimiter: UInt8) -> [Record]? {
        var records: [Record] = []
        var fields: [[UInt8]] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var i = 0
        var quoted = false
        var fieldWasQuoted = false
        var atFieldStart = true
        func endRecord() {
            fields.append(field)
            let blank = fields.count == 1 && fields[0].isEmpty && !fieldWasQuoted
            if !blank { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
            field = []
            atFieldStart = true
            fieldWasQuoted = false
        }
        while i < bytes.count {
            let c = bytes[i]
            if quoted {
                if c == 0x22 {
                    if i + 1 < bytes.count && bytes[i + 1] == 0x22 {
                        field.append(0x22)
                        i += 2
                        continue
                    }
                    quoted = false
                    // After a closing quote only a delimiter, CR LF, LF or the end may follow.
                    let next: UInt8? = i + 1 < bytes.count ? bytes[i + 1] : nil
                    if let next, next != delimiter, next != 0x0A,
                        !(next == 0x0D && i + 2 < bytes.count && bytes[i + 2] == 0x0A) && !(next == 0x0D && i + 2 == bytes.count)
                    {
                        return nil
                    }
                } else {
                    if c == 0x0A { line += 1 }
                    field.append(c)
                }
                i += 1
                continue
            }
            if c == 0x22 {
                guard atFieldStart else { return nil }
                quoted = true
                fieldWasQuoted = true
                atFieldStart = false
            } else if c == delimiter {
                fields.append(field)
                field = []
                atFieldStart = true
                fieldWasQuoted = false
            } else if c == 0x0A {
                if field.last == 0x0D && !fieldWasQuoted { field.removeLast() }
                endRecord()
                line += 1
                recordLine = line
            } else if c == 0x0D && fieldWasQuoted {
                // CR after a closing quote: part of CRLF.
            } else {
                field.append(c)
                atFieldStart = false
            }
            i += 1
        }
        if quoted { return nil }
        if !fields.isEmpty || !field.isEmpty || fieldWasQuoted {
            if field.last == 0x0D && !fieldWasQuoted { field.removeLast() }
            endRecord()
        }
        return records
    }
}
