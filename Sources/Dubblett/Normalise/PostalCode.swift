/// Why a postal code field was rejected.
public enum PostalCodeProblem: UInt8, Sendable, CaseIterable, Hashable {
    /// Letters or symbols (other than a `SE-`/`S-` prefix and one space or hyphen after the third digit).
    case nonDigits
    /// Not exactly five digits.
    case wrongLength
    /// Starts with 0: Swedish postal codes run from 100 00 to 999 99.
    case leadingZero

    /// A short English reason for reports.
    public var reason: String {
        switch self {
        case .nonDigits: "characters other than five digits"
        case .wrongLength: "not five digits"
        case .leadingZero: "starts with 0 (Swedish codes are 100 00-999 99)"
        }
    }
}

/// The outcome of parsing one postal code field.
public enum PostalCodeResult: Sendable, Hashable {
    /// Five digits as an integer (`11453` for `114 53`).
    case valid(Int32)
    /// A non-empty field that is not a Swedish postal code.
    case invalid(PostalCodeProblem)
    /// Empty or white space only.
    case empty
}

/// Swedish postal codes (postnummer): five digits written `NNN NN`.
///
/// Accepts `11453`, `114 53` (also with a no-break space), `114-53`, `SE-114 53`, `S-11453` (prefix in
/// any case). The first digit is 1–9 (codes were introduced in 1968 from 100 00 upwards).
/// - Complexity: O(n); no allocation.
public enum PostalCode {
    /// Parses one field.
    public static func parse(_ input: UnsafeRawBufferPointer) -> PostalCodeResult {
        var range = NormaliseSupport.trimmed(input)
        if range.isEmpty { return .empty }
        var lo = range.lowerBound
        // Optional country prefix "SE-", "S-", "SE " or "SE".
        if input[lo] | 0x20 == 0x73 {
            lo += 1
            if lo < range.upperBound, input[lo] | 0x20 == 0x65 { lo += 1 }
            if lo < range.upperBound, input[lo] == .hyphen || input[lo] == .space { lo += 1 }
            range = lo..<range.upperBound
        }
        var value: Int32 = 0
        var count = 0
        var separators = 0
        var i = range.lowerBound
        while i < range.upperBound {
            let b = input[i]
            let d = b &- 0x30
            if d < 10 {
                if count < 9 { value = value &* 10 &+ Int32(d) }
                count += 1
            } else if (b == .space || b == .hyphen) && count == 3 && separators == 0 {
                separators = 1
            } else if b == 0xC2 && i + 1 < range.upperBound && input[i + 1] == 0xA0 && count == 3 && separators == 0 {
                separators = 1  // no-break space, common in web and spreadsheet exports
                i += 1
            } else {
                return .invalid(.nonDigits)
            }
            i += 1
        }
        if count != 5 { return .invalid(count == 0 ? .nonDigits : .wrongLength) }
        if value < 10_000 { return .invalid(.leadingZero) }
        return .valid(value)
    }

    /// Splits a "postadress" line, `114 53 Stockholm` (also `SE-114 53 STOCKHOLM`, `11453 Stockholm`),
    /// into the postal code part and the postort part (both non-empty, relative to `input`), or nil when
    /// the field does not start with five digits followed by a space and a place name.
    /// - Complexity: O(n); no allocation.
    public static func splitAddress(_ input: UnsafeRawBufferPointer) -> (code: Range<Int>, city: Range<Int>)? {
        let range = NormaliseSupport.trimmed(input)
        var i = range.lowerBound
        if i < range.upperBound, input[i] | 0x20 == 0x73 {  // optional SE-/S- prefix
            i += 1
            if i < range.upperBound, input[i] | 0x20 == 0x65 { i += 1 }
            if i < range.upperBound, input[i] == .hyphen || input[i] == .space { i += 1 }
        }
        var digits = 0
        while i < range.upperBound && digits < 5 {
            let b = input[i]
            if b &- 0x30 < 10 {
                digits += 1
            } else if !(digits == 3 && (b == .space || b == .hyphen)) {
                return nil
            }
            i += 1
        }
        guard digits == 5, i < range.upperBound, input[i] == .space || input[i] == .comma else { return nil }
        let codeEnd = i
        while i < range.upperBound && (input[i] == .space || input[i] == .comma) { i += 1 }
        guard i < range.upperBound, input[i] >= 0x41 else { return nil }  // a letter (ASCII or UTF-8 lead byte)
        return (range.lowerBound..<codeEnd, i..<range.upperBound)
    }

    /// A "postadress" line split (`splitAddress`) with its postal code parsed, or nil when the field is not
    /// shaped like one.
    public static func parseAddress(_ input: UnsafeRawBufferPointer)
        -> (code: PostalCodeResult, codeRange: Range<Int>, city: Range<Int>)?
    {
        guard let parts = splitAddress(input) else { return nil }
        return (parse(UnsafeRawBufferPointer(rebasing: input[parts.code])), parts.code, parts.city)
    }

    /// Convenience form for tests and cold paths.
    public static func parse(_ s: String) -> PostalCodeResult {
        var s = s
        return s.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    /// Writes `NNN NN` (6 bytes) into `out`; `out.count` must be at least 6.
    public static func format(_ code: Int32, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        precondition(out.count >= 6, "PostalCode.format needs 6 bytes")
        @inline(__always) func digit(_ v: Int32) -> UInt8 { UInt8(truncatingIfNeeded: v % 10) + 0x30 }
        out[0] = digit(code / 10_000)
        out[1] = digit(code / 1_000)
        out[2] = digit(code / 100)
        out[3] = .space
        out[4] = digit(code / 10)
        out[5] = digit(code)
        return 6
    }
}
