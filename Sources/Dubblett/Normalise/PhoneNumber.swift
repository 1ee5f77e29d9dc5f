/// What kind of subscription a valid phone number belongs to.
public enum PhoneKind: UInt8, Sendable, CaseIterable, Hashable {
    /// Swedish mobile: national `07[02369]` + 7 digits.
    case mobile
    /// Swedish geographic number (area code + subscriber number).
    case landline
    /// Swedish non-geographic service number: freephone `020`, premium `0900/0939/0944/099`,
    /// personal `075`, shared cost `077`, corporate `010`.
    case service
    /// A number with a country code other than +46, kept as E.164.
    case foreign
}

/// Why a phone field was rejected.
public enum PhoneProblem: UInt8, Sendable, CaseIterable, Hashable {
    /// Letters or symbols other than spaces, `-`, `/`, `.`, `(`, `)` and a leading `+`.
    case nonDigits
    /// Too few digits for the number's type.
    case tooShort
    /// Too many digits for the number's type (E.164 allows at most 15).
    case tooLong
    /// A national number that does not start with the trunk prefix `0` and has no country code
    /// (for example `8123456`); only a bare 9-digit mobile number `7[02369]…` is accepted without it,
    /// since spreadsheets often drop the leading zero.
    case missingTrunkPrefix
    /// A number whose national part starts with an unused prefix (`+46 00…`, `078…`) or a country code 0.
    case invalidPrefix

    /// A short English reason for reports.
    public var reason: String {
        switch self {
        case .nonDigits: "characters other than digits and separators"
        case .tooShort: "too few digits"
        case .tooLong: "too many digits"
        case .missingTrunkPrefix: "no leading 0 and no country code"
        case .invalidPrefix: "impossible number prefix"
        }
    }
}

/// The outcome of parsing one phone field.
public enum PhoneResult: Sendable, Hashable {
    /// A plausible number as E.164 digits in an integer (`46701234567` for `070-123 45 67`).
    case valid(e164: Int64, kind: PhoneKind)
    /// A non-empty field that is not a usable number.
    case invalid(PhoneProblem)
    /// Empty or white space only.
    case empty
}

/// Swedish phone numbers in every common spelling → E.164 as an integer.
///
/// Accepted: `070-123 45 67`, `0701234567`, `+46 70 123 45 67`, `+46 (0)70-1234567`, `0046701234567`,
/// `46701234567`, `08-123 456 78`, `(08) 12 34 56`, `031/12 34 56`, `070.123.45.67`; foreign numbers with
/// `+` or `00` and their country code are kept as E.164 (`+47 22 12 34 56` → 4722123456).
/// Rules (PTS numbering plan; libphonenumber's SE metadata): the trunk prefix `0` is dropped; `(0)` after
/// a country code is dropped; mobile national significant numbers are `7[02369]` + 7 digits (exactly 9);
/// other Swedish numbers have 6–10 national digits (`20…` freephone, `9…` premium, `75`/`77` personal and
/// shared cost, `10` corporate are `.service`); foreign numbers have 8–15 digits including the country code.
/// A leading `46` without `+` is read as the country code (a national number would start with `0`).
/// - Complexity: O(n); no allocation.
public enum PhoneNumber {
    /// Parses one field.
    public static func parse(_ input: UnsafeRawBufferPointer) -> PhoneResult {
        let range = NormaliseSupport.trimmed(input)
        if range.isEmpty { return .empty }
        var digits: UInt64 = 0
        var count = 0
        var plus = false
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let b = input[i]
            let d = b &- 0x30
            if d < 10 {
                if count < 18 { digits = digits &* 10 &+ UInt64(d) }
                count += 1
            } else if b == .plus && count == 0 && !plus {
                plus = true
            } else if b == 0x28, i + 2 < end, input[i + 1] == .digit0, input[i + 2] == 0x29, count > 0 {
                i += 3  // "(0)" after the country code: the optional trunk prefix
                continue
            } else if b == .space || b == .hyphen || b == .slash || b == .period || b == 0x28 || b == 0x29 {
                // separators
            } else if b == 0xC2, i + 1 < end, input[i + 1] == 0xA0 {
                i += 1  // no-break space
            } else {
                return .invalid(.nonDigits)
            }
            i += 1
        }
        if count == 0 { return .invalid(.nonDigits) }
        if count > 18 { return .invalid(.tooLong) }
        // Split into (international?, digits after any 00/+ prefix).
        var international = plus
        if !plus && count >= 2 && digits / pow10(count - 2) == 0 {  // starts with "00"
            international = true
            count -= 2
            digits %= pow10(count)
        }
        if international {
            if count >= 2 && digits / pow10(count - 2) == 46 { return swedish(digits % pow10(count - 2), count - 2) }
            if count < 8 { return .invalid(.tooShort) }
            if count > 15 { return .invalid(.tooLong) }
            if digits / pow10(count - 1) == 0 { return .invalid(.invalidPrefix) }
            return .valid(e164: Int64(digits), kind: .foreign)
        }
        if digits / pow10(count - 1) == 0 { return swedish(digits, count) }  // trunk prefix 0
        if count >= 10 && digits / pow10(count - 2) == 46 { return swedish(digits % pow10(count - 2), count - 2) }
        if count == 9 && isMobilePrefix(digits / pow10(7)) {
            return .valid(e164: 46 * 1_000_000_000 + Int64(digits), kind: .mobile)
        }
        return .invalid(.missingTrunkPrefix)
    }

    /// Convenience form for tests and cold paths.
    public static func parse(_ s: String) -> PhoneResult {
        var s = s
        return s.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    /// Classifies a Swedish number given as `count` national digits, possibly still with the trunk `0`.
    @inline(__always)
    static func swedish(_ national: UInt64, _ n: Int) -> PhoneResult {
        var nsn = national
        var count = n
        if count > 0 && nsn / pow10(count - 1) == 0 {  // strip one trunk 0 (also "+46 070…")
            count -= 1
            nsn %= pow10(count)
        }
        if count < 6 { return .invalid(.tooShort) }
        if count > 10 { return .invalid(.tooLong) }
        let first = nsn / pow10(count - 1)
        let firstTwo = nsn / pow10(count - 2)
        if first == 0 { return .invalid(.invalidPrefix) }
        let e164 = Int64(46 * pow10(count) + nsn)
        if first == 7 {
            if isMobilePrefix(firstTwo) {
                if count < 9 { return .invalid(.tooShort) }
                if count > 9 { return .invalid(.tooLong) }
                return .valid(e164: e164, kind: .mobile)
            }
            // 071 telematics, 074 paging, 075 personal, 077 shared cost; no geographic area code starts with 07.
            if firstTwo == 71 || firstTwo == 74 || firstTwo == 75 || firstTwo == 77 {
                return .valid(e164: e164, kind: .service)
            }
            return .invalid(.invalidPrefix)
        }
        let firstThree = count >= 3 ? nsn / pow10(count - 3) : 0
        if firstTwo == 20 || firstTwo == 10 || firstTwo == 99 || firstThree == 900 || firstThree == 939
            || firstThree == 944 {
            return .valid(e164: e164, kind: .service)
        }
        if count > 9 { return .invalid(.tooLong) }
        return .valid(e164: e164, kind: .landline)
    }

    @inline(__always)
    static func isMobilePrefix(_ twoDigits: UInt64) -> Bool {
        twoDigits == 70 || twoDigits == 72 || twoDigits == 73 || twoDigits == 76 || twoDigits == 79
    }

    @inline(__always)
    static func pow10(_ n: Int) -> UInt64 {
        var p: UInt64 = 1
        for _ in 0..<max(0, n) { p &*= 10 }
        return p
    }

    /// Writes `+` and the E.164 digits into `out` and returns the length; `out.count ≥ 16` suffices.
    public static func format(e164: Int64, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var digits = 0
        var v = e164
        repeat { digits += 1; v /= 10 } while v > 0
        precondition(out.count >= digits + 1, "PhoneNumber.format needs \(digits + 1) bytes")
        out[0] = .plus
        v = e164
        for i in stride(from: digits, through: 1, by: -1) { out[i] = UInt8(truncatingIfNeeded: v % 10) + 0x30; v /= 10 }
        return digits + 1
    }
}
