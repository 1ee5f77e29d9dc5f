/// Where in an input a problem is: file name, 1-based line and 1-based column (in characters).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let line: Int
    public let column: Int
    public init(name: String, line: Int, column: Int) {
        self.name = name
        self.line = line
        self.column = column
    }
    public var description: String { "\(name):\(line):\(column)" }

    /// Computes line and column of byte `offset` by re-scanning the bytes before it (error path only).
    /// - Complexity: O(offset).
    @inline(never)
    static func locate(offset: Int, in bytes: UnsafeRawBufferPointer, name: String, encoding: TextEncoding) -> Self {
        let end = min(max(0, offset), bytes.count)
        var line = 1
        var lineStart = 0
        for i in 0..<end where bytes[i] == .lf {
            line += 1
            lineStart = i + 1
        }
        var column = 1
        // A UTF-8 byte-order mark is not a character of line 1.
        let bom = lineStart == 0 && end >= 3 && encoding != .windows1252 && bytes[0] == 0xEF && bytes[1] == 0xBB
            && bytes[2] == 0xBF
        for i in (bom ? 3 : lineStart)..<end {
            // One column per character: UTF-8 continuation bytes do not start one.
            if encoding == .windows1252 || bytes[i] & 0xC0 != 0x80 { column += 1 }
        }
        return SourceLocation(name: name, line: line, column: column)
    }
}

/// Why an input could not be read at all. Rows that are merely unusable are `RowIssue`s, not errors.
///
/// Every message names the file (and line and column where there is one) and says what to do.
public enum ReadError: Error, Sendable, Equatable, CustomStringConvertible {
    case fileNotFound(path: String)
    case isDirectory(path: String)
    case unreadable(path: String, reason: String)
    /// No header line: zero bytes, only a byte-order mark, or only blank lines.
    case emptyFile(name: String)
    /// A quoted field runs to the end of the file; the location is the quote that opened it.
    case unclosedQuote(SourceLocation, likelyCause: SourceLocation?)
    /// Bytes that are neither valid UTF-8 nor Windows-1252 (or a mix of both encodings).
    case invalidEncoding(SourceLocation, detail: String)
    /// A `--column role=header` override names no column of the file.
    case unknownColumn(role: FieldRole, header: String, available: [String])
    /// `strict` is on and the input has a row issue (the first one, in file order; its field number is in the issue).
    case strict(SourceLocation, RowIssue)
    /// More data rows than a 32-bit row index can address.
    case tooManyRows(name: String, count: Int)
    /// An input of 512 GiB or more: beyond the offsets a packed field can address.
    case tooLarge(name: String, bytes: Int)
    /// The file was truncated, extended or rewritten while it was read; its bytes are not one version.
    case changedWhileReading(path: String, detail: String)
    /// Standard input (or another stream) went on past the stream limit.
    case inputTooLarge(name: String, limit: Int)
    /// The run reading the file was cancelled (`CancellationToken`); `Pipeline` reports `RunCancelled`.
    case cancelled(name: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "\(path): no such file. Check the path; use '-' to read from standard input."
        case .isDirectory(let path):
            return "\(path): is a directory, not a CSV file. Give the path of the file inside it."
        case .unreadable(let path, let reason):
            return "\(path): cannot be read (\(reason))."
        case .emptyFile(let name):
            return "\(name): the file is empty (no header line). A register needs a header line naming its columns."
        case .unclosedQuote(let at, let cause):
            var text = "\(at): unclosed quote (opened here): the quoted field runs to the end of the file."
            if let cause {
                text += " A quote in the middle of a field at \(cause.line):\(cause.column) probably started it;"
                text += " write a literal quote as \"\" inside a quoted field."
            } else {
                text += " Close the field with a \" or double a literal quote as \"\"."
            }
            return text
        case .invalidEncoding(let at, let detail):
            return "\(at): \(detail). Save the file as UTF-8 (or Windows-1252) and try again."
        case .unknownColumn(let role, let header, let available):
            return "--column \(role.rawValue)=\(header): the file has no column '\(header)'. "
                + "Its columns are: \(available.joined(separator: ", ")). A 1-based column number also works."
        case .strict(let at, let issue):
            let field = issue.column.map { " in field \($0)" } ?? ""
            return "\(at.name):\(at.line): \(issue.kind.rawValue)\(field): \(issue.detail) "
                + "(--strict makes every row issue fatal; without it such rows are reported and skipped)."
        case .tooManyRows(let name, let count):
            return "\(name): \(count) rows is more than the 4 294 967 295 a 32-bit row index can address; split the file."
        case .tooLarge(let name, let bytes):
            return "\(name): \(bytes) bytes; inputs up to 512 GiB are supported. Split the file."
        case .changedWhileReading(let path, let detail):
            return "\(path): the file changed while it was read: \(detail). Another program is writing it; "
                + "wait until it has finished (or work on a copy) and run again."
        case .inputTooLarge(let name, let limit):
            return "\(name): more than \(limit) bytes (\(limit >> 20) MiB), the limit for standard input and other "
                + "streams. Save it to a file and give its path, or raise the limit with --stdin-limit (e.g. 8G)."
        case .cancelled(let name):
            return "\(name): reading was cancelled"
        }
    }
}
