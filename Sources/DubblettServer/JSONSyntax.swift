/// A strict RFC 8259 syntax check that finds the first error's byte offset.
///
/// Foundation's decoder reports a malformed body without a usable position; this scanner runs first
/// so a 400 answer can say "byte 17 (line 2, column 5)". It checks only the grammar (values, strings
/// with their escapes, numbers, nesting up to `maxDepth`), allocates nothing and runs in O(n).
enum JSONSyntax {
    /// Where and why a body is not JSON.
    struct Failure: Error, Equatable {
        /// Zero-based byte offset of the first byte that cannot be accepted (the length for "ended early").
        var offset: Int
        /// One-based line and column (in bytes) of `offset`.
        var line: Int
        var column: Int
        /// What was expected there.
        var reason: String
    }

    /// Deepest nesting accepted (a defence against stack exhaustion).
    static let maxDepth = 64

    /// The first syntax error in `bytes`, or `nil` when it is one well-formed JSON value.
    static func firstError(in bytes: some Collection<UInt8>) -> Failure? {
        let b = Array(bytes)
        var scanner = Scanner(bytes: b)
        do throws(ScanError) {
            scanner.skipSpace()
            try scanner.value(depth: 0)
            scanner.skipSpace()
            if scanner.i < b.count { throw scanner.fail("unexpected data after the JSON value") }
            return nil
        } catch {
            let offset = error.offset
            var line = 1, lineStart = 0
            for k in 0..<min(offset, b.count) where b[k] == UInt8(ascii: "\n") {
                line += 1
                lineStart = k + 1
            }
            return Failure(offset: offset, line: line, column: offset - lineStart + 1, reason: error.reason)
        }
    }

    private struct ScanError: Error {
        var offset: Int
        var reason: String
    }

    private struct Scanner {
        let bytes: [UInt8]
        var i = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        func fail(_ reason: String) -> ScanError {
            ScanError(offset: i, reason: i >= bytes.count ? "the body ended early; " + reason : reason)
        }

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 {
                i += 1
            }
        }

        mutating func value(depth: Int) throws(ScanError) {
            guard i < bytes.count else { throw fail("expected a value") }
            switch bytes[i] {
            case UInt8(ascii: "{"):
                guard depth < JSONSyntax.maxDepth else { throw fail("nested deeper than \(JSONSyntax.maxDepth)") }
                i += 1
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return }
                while true {
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a field name") }
                    try string()
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                    i += 1
                    skipSpace()
                    try value(depth: depth + 1)
                    skipSpace()
                    guard i < bytes.count else { throw fail("expected ',' or '}'") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "}") { i += 1; return }
                    throw fail("expected ',' or '}'")
                }
            case UInt8(ascii: "["):
                guard depth < JSONSyntax.maxDepth else { throw fail("nested deeper than \(JSONSyntax.maxDepth)") }
                i += 1
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return }
                while true {
                    skipSpace()
                    try value(depth: depth + 1)
                    skipSpace()
                    guard i < bytes.count else { throw fail("expected ',' or ']'") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "]") { i += 1; return }
                    throw fail("expected ',' or ']'")
                }
            case UInt8(ascii: "\""): try string()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
            default: throw fail("expected a value (object, array, string, number, true, false or null)")
            }
        }

        mutating func literal(_ word: StaticString) throws(ScanError) {
            let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
            for c in w {
                guard i < bytes.count, bytes[i] == c else { throw fail("expected '\(word)'") }
                i += 1
            }
        }

        mutating func string() throws(ScanError) {
            i += 1  // opening quote
            while i < bytes.count {
                let c = bytes[i]
                if c == UInt8(ascii: "\"") { i += 1; return }
                if c < 0x20 { throw fail("a control character inside a string must be escaped") }
                if c == UInt8(ascii: "\\") {
                    i += 1
                    guard i < bytes.count else { break }
                    switch bytes[i] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                        UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        i += 1
                    case UInt8(ascii: "u"):
                        i += 1
                        for _ in 0..<4 {
                            guard i < bytes.count, isHex(bytes[i]) else { throw fail("expected four hex digits after \\u") }
                            i += 1
                        }
                    default: throw fail("unknown escape in a string")
                    }
                    continue
                }
                if c >= 0x80 {
                    try utf8Scalar()
                    continue
                }
                i += 1
            }
            throw fail("unterminated string")
        }

        /// One multi-byte UTF-8 scalar starting at `i` (RFC 3629 well-formedness).
        mutating func utf8Scalar() throws(ScanError) {
            let c = bytes[i]
            let n: Int, lo: UInt8, hi: UInt8
            switch c {
            case 0xC2...0xDF: (n, lo, hi) = (1, 0x80, 0xBF)
            case 0xE0: (n, lo, hi) = (2, 0xA0, 0xBF)
            case 0xE1...0xEC, 0xEE...0xEF: (n, lo, hi) = (2, 0x80, 0xBF)
            case 0xED: (n, lo, hi) = (2, 0x80, 0x9F)
            case 0xF0: (n, lo, hi) = (3, 0x90, 0xBF)
            case 0xF1...0xF3: (n, lo, hi) = (3, 0x80, 0xBF)
            case 0xF4: (n, lo, hi) = (3, 0x80, 0x8F)
            default: throw fail("invalid UTF-8")
            }
            guard i + n < bytes.count, (lo...hi).contains(bytes[i + 1]) else { throw fail("invalid UTF-8") }
            for k in 2...max(2, n) where k <= n {
                guard (0x80...0xBF).contains(bytes[i + k]) else { throw fail("invalid UTF-8") }
            }
            i += n + 1
        }

        func isHex(_ c: UInt8) -> Bool {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(c)
                || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(c)
        }

        func isDigit(_ k: Int) -> Bool { k < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[k]) }

        mutating func number() throws(ScanError) {
            if bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard isDigit(i) else { throw fail("expected a digit") }
            if bytes[i] == UInt8(ascii: "0") {
                i += 1
            } else {
                while isDigit(i) { i += 1 }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                i += 1
                guard isDigit(i) else { throw fail("expected a digit after '.'") }
                while isDigit(i) { i += 1 }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                guard isDigit(i) else { throw fail("expected a digit in the exponent") }
                while isDigit(i) { i += 1 }
            }
        }
    }
}
