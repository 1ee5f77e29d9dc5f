/// Small byte-level helpers shared by the Swedish normalisers: trimming, digit runs, Luhn, calendar.
///
/// Everything here is allocation-free and works on `UnsafeRawBufferPointer` views of UTF-8 fields.
@usableFromInline
enum NormaliseSupport {
    /// Whether `b` is ASCII white space (space, tab, CR, LF, VT, FF).
    @inlinable @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b &- 0x09) < 5 }

    /// The range of `input` without leading and trailing ASCII white space and no-break spaces (U+00A0).
    @inlinable
    static func trimmed(_ input: UnsafeRawBufferPointer) -> Range<Int> {
        var lo = 0
        var hi = input.count
        while lo < hi {
            let b = input[lo]
            if isSpace(b) { lo += 1; continue }
            if b == 0xC2, lo + 1 < hi, input[lo + 1] == 0xA0 { lo += 2; continue }
            break
        }
        while hi > lo {
            let b = input[hi - 1]
            if isSpace(b) { hi -= 1; continue }
            if b == 0xA0, hi - 2 >= lo, input[hi - 2] == 0xC2 { hi -= 2; continue }
            break
        }
        return lo..<hi
    }

    /// Luhn (modulus 10, weights 2,1,2,…) check digit over `count` digits packed in `digits`,
    /// most significant first. This is Skatteverket's "kontrollsiffra" rule for personnummer,
    /// samordningsnummer and organisationsnummer (applied to the 9 digits YYMMDDNNN / NNNNNNNNN).
    /// - Complexity: O(count).
    @inlinable
    static func luhnCheckDigit(_ digits: UInt64, count: Int) -> Int {
        var sum = 0
        var v = digits
        // Walk from the least significant digit; the rightmost of the 9 gets weight 2.
        var weight2 = true
        for _ in 0..<count {
            let d = Int(v % 10)
            v /= 10
            if weight2 {
                let p = d * 2
                sum += p > 9 ? p - 9 : p
            } else {
                sum += d
            }
            weight2.toggle()
        }
        return (10 - sum % 10) % 10
    }

    /// Whether `year` is a Gregorian leap year.
    @inlinable @inline(__always)
    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    /// Days in `month` (1...12) of `year`; 0 for a month out of range.
    @inlinable
    static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeap(year) ? 29 : 28
        default: return 0
        }
    }

    /// Whether year/month/day is a real calendar date (years 1800...2199).
    @inlinable
    static func isValidDate(year: Int, month: Int, day: Int) -> Bool {
        guard year >= 1800, year <= 2199, day >= 1 else { return false }
        return day <= daysInMonth(month, year: year)
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    /// - Complexity: O(1).
    @inlinable
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Today's date (UTC) as yyyymmdd, read from the system clock once per process.
    static let today: Int32 = {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        let days = Int(ts.tv_sec) / 86_400
        // civil_from_days (Hinnant).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return Int32(y * 10_000 + m * 100 + d)
    }()
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
