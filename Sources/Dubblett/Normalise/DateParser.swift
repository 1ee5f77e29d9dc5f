/// Why a date field was rejected.
public enum DateProblem: UInt8, Sendable, CaseIterable, Hashable {
    /// Not one of the recognised date spellings.
    case unrecognised
    /// Recognised shape but no such calendar day (`2023-02-29`, month 13), or a year outside 1800–2199.
    case impossibleDate

    /// A short English reason for reports.
    public var reason: String {
        switch self {
        case .unrecognised: "not a recognised date format"
        case .impossibleDate: "impossible date"
        }
    }
}

/// The outcome of parsing one date field.
public enum DateResult: Sendable, Hashable {
    /// A calendar date as the integer yyyymmdd.
    case valid(yyyymmdd: Int32)
    /// A non-empty field that is not a date.
    case invalid(DateProblem)
    /// Day and month cannot be told apart (`05/06/2020`).
    case ambiguous
    /// Empty or white space only.
    case empty
}

/// How a stated birth date relates to the date inside a personnummer.
public enum BirthDateAgreement: Sendable, Hashable {
    /// The same day.
    case agree
    /// Same year and month, `days` (1 or 2) apart: Skatteverket may assign a nearby day when a day's
    /// birth numbers run out (Prop. 2008/09:111), so this is not an error on its own.
    case nearby(days: Int32)
    /// Different dates.
    case conflict
}

/// Dates as written in Swedish registers → yyyymmdd integers.
///
/// Accepted (after trimming; a trailing time such as `T12:00:00Z` or ` 00:00:00` is ignored):
/// - ISO `2020-03-05`, `2020/3/5`, `2020.03.05`; compact `20200305`;
/// - `YYMMDD` and `YY-MM-DD` with the century inferred like a 10-digit personnummer (the latest such
///   date on or before the reference date);
/// - day-first `5.3.2020`/`05.03.2020` (the dot convention is always day-first) and the Swedish short date
///   `5/3 2020` (day, month, a space, the year);
/// - `D/M/YYYY` or `M/D/YYYY` (also with `-`) only when unambiguous: one of the two numbers is above 12,
///   or both are equal; otherwise `.ambiguous`.
/// - Complexity: O(n); no allocation.
public enum DateParser {
    /// Parses one field. `referenceDate` (yyyymmdd) anchors two-digit years; 0 means today.
    /// - Parameter ambiguousMonthFirst: how to read `D/M/YYYY` versus `M/D/YYYY` when both numbers are 12 or
    ///   less: nil reports `.ambiguous`; true or false follows the column's dominant order (`columnMonthFirst`).
    public static func parse(
        _ input: UnsafeRawBufferPointer, referenceDate: Int32 = 0, ambiguousMonthFirst: Bool? = nil
    ) -> DateResult {
        let range = NormaliseSupport.trimmed(input)
        if range.isEmpty { return .empty }
        // Up to three digit groups separated by one of - / . ; lengths and separators recorded.
        var groups: (Int, Int, Int) = (0, 0, 0)
        var lengths: (Int, Int, Int) = (0, 0, 0)
        var groupCount = 0
        var separator: UInt8 = 0
        var spaceYear = false
        var len = 0
        var value = 0
        var i = range.lowerBound
        let end = range.upperBound
        func close() {
            switch groupCount {
            case 0: groups.0 = value; lengths.0 = len
            case 1: groups.1 = value; lengths.1 = len
            default: groups.2 = value; lengths.2 = len
            }
            groupCount += 1
            value = 0
            len = 0
        }
        while i < end {
            let b = input[i]
            let d = b &- 0x30
            if d < 10 {
                if len >= 8 { return .invalid(.unrecognised) }
                value = value * 10 + Int(d)
                len += 1
            } else if b == .hyphen || b == .slash || b == .period {
                guard len > 0, groupCount < 2, separator == 0 || separator == b else { return .invalid(.unrecognised) }
                separator = b
                close()
            } else if b == .space && groupCount == 1 && separator == .slash && lengths.0 <= 2 && len > 0 && len <= 2 {
                // The Swedish short date `5/3 2020`: day and month, a space, the year (always day first).
                spaceYear = true
                close()
            } else if b == .space || b == 0x54 {  // a time part follows
                if !isTimeTail(input, from: i + 1, to: end) { return .invalid(.unrecognised) }
                break
            } else {
                return .invalid(.unrecognised)
            }
            i += 1
        }
        guard len > 0 else { return .invalid(.unrecognised) }
        close()
        let reference = referenceDate > 0 ? Int(referenceDate) : Int(NormaliseSupport.today)
        var year = 0
        var month = 0
        var day = 0
        var twoDigitYear = false
        if groupCount == 1 {
            switch lengths.0 {
            case 8: year = groups.0 / 10_000; month = groups.0 / 100 % 100; day = groups.0 % 100
            case 6: year = groups.0 / 10_000; month = groups.0 / 100 % 100; day = groups.0 % 100; twoDigitYear = true
            default: return .invalid(.unrecognised)
            }
        } else if groupCount == 3 {
            guard lengths.1 <= 2, lengths.1 >= 1 else { return .invalid(.unrecognised) }
            if lengths.0 == 4 && lengths.2 <= 2 {
                year = groups.0; month = groups.1; day = groups.2
            } else if lengths.2 == 4 && lengths.0 <= 2 {
                year = groups.2
                let a = groups.0
                let b = groups.1
                if separator == .period || spaceYear || a > 12 || a == b {
                    day = a; month = b
                } else if b > 12 {
                    day = b; month = a
                } else if let monthFirst = ambiguousMonthFirst {
                    (day, month) = monthFirst ? (b, a) : (a, b)
                } else {
                    return .ambiguous
                }
            } else if lengths.0 == 2 && lengths.2 == 2 && separator == .hyphen {
                year = groups.0; month = groups.1; day = groups.2; twoDigitYear = true
            } else {
                return .invalid(.unrecognised)
            }
        } else {
            return .invalid(.unrecognised)
        }
        if twoDigitYear {
            year += (reference / 1_000_000) * 100
            if year * 10_000 + month * 100 + day > reference { year -= 100 }
        }
        guard NormaliseSupport.isValidDate(year: year, month: month, day: day) else { return .invalid(.impossibleDate) }
        return .valid(yyyymmdd: Int32(year * 10_000 + month * 100 + day))
    }

    /// Convenience form for tests and cold paths.
    public static func parse(_ s: String, referenceDate: Int32 = 0) -> DateResult {
        var s = s
        return s.withUTF8 { parse(UnsafeRawBufferPointer($0), referenceDate: referenceDate) }
    }

    /// Whether `input[from..<to]` looks like a time of day (`12:00`, `00:00:00.000`, `12:00:00Z`, `+01:00`).
    static func isTimeTail(_ input: UnsafeRawBufferPointer, from: Int, to: Int) -> Bool {
        var digits = 0
        for j in from..<to {
            let b = input[j]
            if b.isASCIIDigit { digits += 1; continue }
            if b == .colon || b == .period || b == .plus || b == .hyphen || b == .space || b == 0x5A { continue }
            return false
        }
        return digits >= 2
    }

    /// Compares a stated birth date (yyyymmdd) with the one inside a canonical personnummer.
    public static func compareBirthDate(_ date: Int32, personnummer canonical: Int64) -> BirthDateAgreement {
        let fromNumber = Personnummer.birthDate(canonical: canonical)
        if fromNumber == date { return .agree }
        if fromNumber / 100 == date / 100 {
            let gap = abs(fromNumber % 100 - date % 100)
            if gap <= 2 { return .nearby(days: gap) }
        }
        return .conflict
    }

    /// Days between two yyyymmdd dates (`b − a`), for age and recency arithmetic.
    public static func daysBetween(_ a: Int32, _ b: Int32) -> Int {
        func days(_ d: Int32) -> Int {
            NormaliseSupport.daysFromCivil(year: Int(d / 10_000), month: Int(d / 100 % 100), day: Int(d % 100))
        }
        return days(b) - days(a)
    }
}
