/// Why an organisationsnummer field was rejected.
public enum OrganisationsnummerProblem: UInt8, Sendable, CaseIterable, Hashable {
    /// The Luhn check digit does not match.
    case badChecksum
    /// Digits 3–4 are below 20, so the number is shaped like a personnummer (enskild firma uses the
    /// owner's personnummer; parse it with `Personnummer` instead).
    case personnummerShape
    /// Not 10 digits (or 12 with the prefix `16`, or the VAT form `SE` + 10 digits + `01`).
    case wrongLength
    /// Characters other than digits and one `-` or space before the last four digits.
    case nonDigits

    /// A short English reason for reports.
    public var reason: String {
        switch self {
        case .badChecksum: "bad check digit"
        case .personnummerShape: "digits 3-4 below 20 (looks like a personnummer)"
        case .wrongLength: "wrong number of digits (want 10)"
        case .nonDigits: "characters other than digits and one separator"
        }
    }
}

/// The outcome of parsing one organisationsnummer field.
public enum OrganisationsnummerResult: Sendable, Hashable {
    /// A valid number: the 10 digits as an integer, and the group digit (the first digit:
    /// 1 dödsbo, 2 stat/region/kommun, 3 foreign company, 5 aktiebolag, 6 enkelt bolag,
    /// 7 ekonomisk förening, 8 ideell förening/stiftelse, 9 handels-/kommanditbolag).
    case valid(canonical: Int64, group: UInt8)
    /// A non-empty field that is not a valid number.
    case invalid(OrganisationsnummerProblem)
    /// Empty or white space only.
    case empty
}

/// Swedish organisationsnummer (Bolagsverket/Skatteverket): `NNNNNN-NNNC`, digits 3–4 ≥ 20, Luhn check.
///
/// Accepts `5560360793`, `556036-0793`, the 12-digit form `16556036-0793` and the VAT form
/// `SE556036079301` (any case, optional spaces).
/// - Complexity: O(n); no allocation.
public enum Organisationsnummer {
    /// Parses one field.
    public static func parse(_ input: UnsafeRawBufferPointer) -> OrganisationsnummerResult {
        var range = NormaliseSupport.trimmed(input)
        if range.isEmpty { return .empty }
        var vat = false
        if range.count >= 2, input[range.lowerBound] | 0x20 == 0x73, input[range.lowerBound + 1] | 0x20 == 0x65 {
            vat = true
            range = (range.lowerBound + 2)..<range.upperBound
        }
        var digits: UInt64 = 0
        var count = 0
        var separatorAt = -1
        for i in range {
            let b = input[i]
            let d = b &- 0x30
            if d < 10 {
                if count < 12 { digits = digits &* 10 &+ UInt64(d) }
                count += 1
            } else if b == .space && (count == 0 || vat) {
                continue
            } else if (b == .hyphen || b == .space) && separatorAt < 0 && count > 0 {
                separatorAt = count
            } else {
                return .invalid(.nonDigits)
            }
        }
        if vat {
            guard count == 12, digits % 100 == 1 else { return .invalid(.wrongLength) }
            digits /= 100
            count = 10
        } else if count == 12 {
            guard digits / 1_0000_0000_00 == 16 else { return .invalid(.wrongLength) }
            digits %= 1_0000_0000_00
            count = 10
            separatorAt -= separatorAt > 0 ? 2 : 0
        }
        guard count == 10 else { return .invalid(.wrongLength) }
        if separatorAt >= 0 && separatorAt != 6 && !vat { return .invalid(.nonDigits) }
        if (digits / 1_0000_00) % 100 < 20 { return .invalid(.personnummerShape) }
        if NormaliseSupport.luhnCheckDigit(digits / 10, count: 9) != Int(digits % 10) { return .invalid(.badChecksum) }
        return .valid(canonical: Int64(digits), group: UInt8(digits / 1_0000_0000_0))
    }

    /// Convenience form for tests and cold paths.
    public static func parse(_ s: String) -> OrganisationsnummerResult {
        var s = s
        return s.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    /// Writes `NNNNNN-NNNN` (11 bytes) into `out`; `out.count` must be at least 11.
    public static func format(canonical: Int64, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        precondition(out.count >= 11, "Organisationsnummer.format needs 11 bytes")
        var v = canonical
        for i in stride(from: 10, through: 7, by: -1) { out[i] = UInt8(truncatingIfNeeded: v % 10) + 0x30; v /= 10 }
        out[6] = .hyphen
        for i in stride(from: 5, through: 0, by: -1) { out[i] = UInt8(truncatingIfNeeded: v % 10) + 0x30; v /= 10 }
        return 11
    }
}
