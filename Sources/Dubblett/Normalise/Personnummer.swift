/// Why a personnummer or samordningsnummer field was rejected.
public enum PersonnummerProblem: UInt8, Sendable, CaseIterable, Hashable {
    /// The Luhn check digit (the last digit) does not match the nine digits before it.
    case badChecksum
    /// Month or day out of range (day 61–91 is allowed: samordningsnummer), or a 12-digit year before 1800.
    case impossibleDate
    /// Not 10 or 12 digits.
    case wrongLength
    /// Characters other than digits and one `-`, `+` or space before the last four digits.
    case nonDigits
    /// A 12-digit number whose birth date lies after the reference date.
    case future

    /// A short English reason for reports (`bad check digit`, …).
    public var reason: String {
        switch self {
        case .badChecksum: "bad check digit"
        case .impossibleDate: "impossible date"
        case .wrongLength: "wrong number of digits (want 10 or 12)"
        case .nonDigits: "characters other than digits and one separator"
        case .future: "birth date in the future"
        }
    }
}

/// The outcome of parsing one personnummer field.
public enum PersonnummerResult: Sendable, Hashable {
    /// A well-formed number: 12 digits `YYYYMMDDNNNC` as an integer (day + 60 kept for samordningsnummer).
    case valid(canonical: Int64, isSamordningsnummer: Bool)
    /// A non-empty field that is not a valid number.
    case invalid(PersonnummerProblem)
    /// Empty or white space only.
    case empty
}

/// Swedish personnummer and samordningsnummer: parse, check, canonicalise, format.
///
/// Accepted spellings (after trimming): `YYYYMMDD-NNNC`, `YYYYMMDDNNNC`, `YYMMDD-NNNC`, `YYMMDD+NNNC`,
/// `YYMMDDNNNC`, and a space instead of the separator. Rules (Skatteverket, folkbokföringslagen 18 §;
/// Skatteverket's rättsliga vägledning on personnummer and samordningsnummer):
/// - The check digit is Luhn (weights 2,1,2,… over the nine digits `YYMMDDNNN`, never the century).
/// - A samordningsnummer has day + 60 (61–91); it is otherwise checked exactly like a personnummer.
/// - The 10-digit form carries no century. With `-` (or no separator) the number is taken as the most
///   recent birth date on or before `referenceDate` (an age of 0–99 years). `+` is written from the
///   calendar year the person turns 100, so with `+` the year is the latest one ending in `YY` that is at
///   most the reference year − 100 (reference 2026-03-01: `260601+…` is 1926, not 1826). 12-digit forms state the century and must not lie after
///   `referenceDate` (`.future`).
/// - Problems are reported in this order: `nonDigits`, `wrongLength`, `impossibleDate`, `badChecksum`,
///   `future`.
///
/// - Complexity: O(n) in the field length; no allocation.
public enum Personnummer {
    /// Parses one field. `referenceDate` is yyyymmdd (e.g. the register's extraction date); 0 means today.
    public static func parse(_ input: UnsafeRawBufferPointer, referenceDate: Int32) -> PersonnummerResult {
        let range = NormaliseSupport.trimmed(input)
        if range.isEmpty { return .empty }
        var digits: UInt64 = 0
        var count = 0
        var separator: UInt8 = 0
        var separatorAt = -1
        for i in range {
            let b = input[i]
            let d = b &- 0x30
            if d < 10 {
                if count < 12 { digits = digits &* 10 &+ UInt64(d) }
                count += 1
            } else if (b == .hyphen || b == .plus || b == .space) && separator == 0 && count > 0 {
                separator = b
                separatorAt = count
            } else {
                return .invalid(.nonDigits)
            }
        }
        if count != 10 && count != 12 { return .invalid(.wrongLength) }
        if separator != 0 && separatorAt != count - 4 { return .invalid(.nonDigits) }
        let reference = referenceDate > 0 ? Int(referenceDate) : Int(NormaliseSupport.today)
        let tail = Int(digits % 1_0000)
        let mmdd = Int((digits / 1_0000) % 1_0000)
        let month = mmdd / 100
        let rawDay = mmdd % 100
        let isSamordning = rawDay > 60
        let day = isSamordning ? rawDay - 60 : rawDay
        var year: Int
        if count == 12 {
            year = Int(digits / 1_0000_0000)
        } else {
            let yy = Int(digits / 1_0000_0000)
            if separator == .plus {
                // `+` is written from the calendar year the person turns 100: the latest year ending in
                // `yy` that is at most the reference year − 100.
                let latest = reference / 10_000 - 100
                year = latest - ((latest - yy) % 100 + 100) % 100
            } else {
                // `-` or none: the latest birth date on or before the reference date (age 0–99).
                year = (reference / 1_000_000) * 100 + yy
                if year * 10_000 + month * 100 + day > reference { year -= 100 }
            }
        }
        guard NormaliseSupport.isValidDate(year: year, month: month, day: day) else { return .invalid(.impossibleDate) }
        let ten = UInt64(year % 100) * 1_0000_0000 + UInt64(mmdd) * 1_0000 + UInt64(tail)
        if NormaliseSupport.luhnCheckDigit(ten / 10, count: 9) != Int(ten % 10) { return .invalid(.badChecksum) }
        if count == 12 && year * 10_000 + month * 100 + day > reference { return .invalid(.future) }
        let canonical = Int64(year) * 1_0000_0000 + Int64(mmdd) * 1_0000 + Int64(tail)
        return .valid(canonical: canonical, isSamordningsnummer: isSamordning)
    }

    /// The number `input` names when only its check digit is wrong (`19650406-4238` → 196504064236), nil for
    /// a valid, empty or otherwise invalid field. Nine digits determine the tenth, so the repair names
    /// exactly one number; whether it is the right person is for the caller's other evidence to say.
    static func repairingCheckDigit(_ input: UnsafeRawBufferPointer, referenceDate: Int32) -> Int64? {
        guard case .invalid(.badChecksum) = parse(input, referenceDate: referenceDate),
              let last = input.lastIndex(where: { $0 &- 0x30 < 10 })
        else { return nil }
        var bytes = Array(input)
        for digit in UInt8(0x30)...UInt8(0x39) where digit != bytes[last] {
            bytes[last] = digit
            let result = bytes.withUnsafeBytes { parse($0, referenceDate: referenceDate) }
            if case .valid(let canonical, _) = result { return canonical }
        }
        return nil
    }

    /// Convenience form of `parse(_:referenceDate:)` for tests and cold paths.
    public static func parse(_ s: String, referenceDate: Int32) -> PersonnummerResult {
        var s = s
        return s.withUTF8 { parse(UnsafeRawBufferPointer($0), referenceDate: referenceDate) }
    }

    /// The birth date (yyyymmdd) encoded in a canonical number; samordningsnummer day − 60.
    @inlinable
    public static func birthDate(canonical: Int64) -> Int32 {
        let date = canonical / 1_0000
        let day = date % 100
        return Int32(day > 60 ? date - 60 : date)
    }

    /// Whether a canonical number is a samordningsnummer (day 61–91).
    @inlinable
    public static func isSamordningsnummer(canonical: Int64) -> Bool { (canonical / 1_0000) % 100 > 60 }

    /// Whether the birth number's third digit (the ninth of the 10-digit form) is odd: registered as a man.
    @inlinable
    public static func isOddBirthNumber(canonical: Int64) -> Bool { (canonical / 10) % 2 == 1 }

    /// Writes `YYYYMMDD-NNNN` (13 bytes) into `out` and returns 13; `out.count` must be at least 13.
    @inlinable
    public static func format(canonical: Int64, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        precondition(out.count >= 13, "Personnummer.format needs 13 bytes")
        var v = canonical
        for i in stride(from: 12, through: 9, by: -1) { out[i] = UInt8(truncatingIfNeeded: v % 10) + 0x30; v /= 10 }
        out[8] = .hyphen
        for i in stride(from: 7, through: 0, by: -1) { out[i] = UInt8(truncatingIfNeeded: v % 10) + 0x30; v /= 10 }
        return 13
    }

    /// `YYYYMMDD-NNNN` as a `String` (cold path).
    public static func formatted(canonical: Int64) -> String {
        var bytes = [UInt8](repeating: 0, count: 13)
        _ = bytes.withUnsafeMutableBufferPointer { format(canonical: canonical, into: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
