/// The fixed-width values of declared columns (`ExtraColumn`) and their comparison levels.
///
/// Every value is a `UInt64`, 0 when the field is empty or unreadable:
///
/// ```
/// date      day number since 1970 (+ 2^31) << 32 | yyyymmdd     a year alone: yyyy0000, day number 0
/// number    the Double's bit pattern (0.0 stored as -0.0, so 0 means missing)
/// category  FNV-1a of the trimmed text, case and inner spacing folded, | 1
/// text      FNV-1a of its words in order, | 1; plus `tokenSlots` word hashes (the smallest, ascending)
/// ```
///
/// Parsing reads the field's bytes once and allocates nothing; so does every level function.
public enum ExtraValue {
    /// Word hashes kept per text value: the smallest `tokenSlots` distinct ones, ascending, 0 = unused.
    /// Texts of up to eight distinct words are compared exactly; longer ones by bottom-k sketch.
    public static let tokenSlots = 8

    // MARK: - Parsing

    /// A date (`DateParser`, with the column's day/month order) or a year alone between 1800 and 2199.
    public static func date(_ input: UnsafeRawBufferPointer, monthFirst: Bool?) -> UInt64 {
        if case .valid(let d) = DateParser.parse(input, referenceDate: 0, ambiguousMonthFirst: monthFirst) {
            let days = NormaliseSupport.daysFromCivil(year: Int(d / 10_000), month: Int(d / 100 % 100), day: Int(d % 100))
            return UInt64(UInt32(truncatingIfNeeded: days + (1 << 31))) << 32 | UInt64(UInt32(d))
        }
        let t = NormaliseSupport.trimmed(input)
        guard t.count == 4 else { return 0 }
        var year = 0
        for i in t {
            let d = input[i] &- 0x30
            if d >= 10 { return 0 }
            year = year * 10 + Int(d)
        }
        return (1800...2199).contains(year) ? UInt64(year * 10_000) : 0
    }

    /// A number: optional sign, digits with space, no-break space or apostrophe grouping, a decimal comma or
    /// point (when both appear the last one is decimal), anything after the digits ignored (`12 kg`, `99 %`).
    public static func number(_ input: UnsafeRawBufferPointer) -> UInt64 {
        let t = NormaliseSupport.trimmed(input)
        var i = t.lowerBound
        var negative = false
        if i < t.upperBound && (input[i] == .hyphen || input[i] == .plus) {
            negative = input[i] == .hyphen
            i += 1
        }
        // The decimal separator: the last comma or point among the number's bytes.
        var decimalAt = -1
        var j = i
        while j < t.upperBound {
            let b = input[j]
            if b &- 0x30 < 10 || b == .space || b == 0x27 || b == 0xC2 || b == 0xA0 {
            } else if b == .comma || b == .period {
                decimalAt = j
            } else {
                break
            }
            j += 1
        }
        var mantissa: UInt64 = 0
        var significant = 0, scale = 0
        var afterDecimal = false, sawDigit = false
        while i < j {
            let b = input[i]
            if b &- 0x30 < 10 {
                sawDigit = true
                if significant < 18 {
                    mantissa = mantissa * 10 + UInt64(b - 0x30)
                    if mantissa > 0 { significant += 1 }
                    if afterDecimal { scale += 1 }
                } else if !afterDecimal {
                    scale -= 1
                }
            } else if i == decimalAt {
                afterDecimal = true
            }
            i += 1
        }
        if !sawDigit { return 0 }
        var v = Double(mantissa)
        if scale > 0 { for _ in 0..<scale { v /= 10 } } else if scale < 0 { for _ in 0..<(-scale) { v *= 10 } }
        if negative { v = -v }
        return v == 0 ? (-0.0 as Double).bitPattern : v.bitPattern
    }

    /// FNV-1a 64 over the trimmed text, ASCII and Latin-1 capitals folded, runs of white space as one space.
    public static func category(_ input: UnsafeRawBufferPointer) -> UInt64 {
        let t = NormaliseSupport.trimmed(input)
        if t.isEmpty { return 0 }
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        var space = false, previous: UInt8 = 0
        for i in t {
            let b = input[i]
            if NormaliseSupport.isSpace(b) {
                space = true
                previous = b
                continue
            }
            if space {
                h = (h ^ UInt64(UInt8.space)) &* 0x100_0000_01B3
                space = false
            }
            h = (h ^ UInt64(fold(b, after: previous))) &* 0x100_0000_01B3
            previous = b
        }
        return h | 1
    }

    /// The word hashes of a text into `out` (`tokenSlots` of them: the smallest distinct, ascending, then 0)
    /// and the hash of its words in order (0 when it has none). Words are runs of ASCII letters and digits
    /// and of non-ASCII bytes (å, ä, ö, é …), case folded.
    public static func text(_ input: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<UInt32>) -> UInt64 {
        for k in out.indices { out[k] = 0 }
        var whole: UInt64 = 0xCBF2_9CE4_8422_2325
        var word: UInt32 = 0x811C_9DC5
        var inWord = false, words = 0
        var previous: UInt8 = 0
        func finish() {
            let h = word == 0 ? 1 : word
            insert(h, into: out)
            whole = (whole ^ UInt64(h)) &* 0x100_0000_01B3
            words += 1
            word = 0x811C_9DC5
            inWord = false
        }
        for i in 0..<input.count {
            let b = input[i]
            let wordByte = b >= 0x80 || (b | 0x20) &- 0x61 < 26 || b &- 0x30 < 10
            if wordByte {
                word = (word ^ UInt32(fold(b, after: previous))) &* 0x0100_0193
                inWord = true
            } else if inWord {
                finish()
            }
            previous = b
        }
        if inWord { finish() }
        return words == 0 ? 0 : whole | 1
    }

    /// ASCII A–Z and the second byte of UTF-8 Latin-1 capitals (À–Þ after 0xC3) to lower case.
    @inline(__always)
    static func fold(_ b: UInt8, after previous: UInt8) -> UInt8 {
        if b &- 0x41 < 26 { return b | 0x20 }
        if previous == 0xC3 && b >= 0x80 && b <= 0x9E && b != 0x97 { return b | 0x20 }
        return b
    }

    /// Inserts `h` into the ascending, 0-terminated `out` when it is among the smallest (duplicates once).
    @inline(__always)
    static func insert(_ h: UInt32, into out: UnsafeMutableBufferPointer<UInt32>) {
        var k = 0
        while k < out.count && out[k] != 0 && out[k] < h { k += 1 }
        if k == out.count || out[k] == h { return }
        var j = out.count - 1
        while j > k {
            out[j] = out[j - 1]
            j -= 1
        }
        out[k] = h
    }

    // MARK: - Levels

    /// Date levels: 0 null, 1 exact, 2 day and month swapped, 3 within `days` days, 4 same year, 5 else.
    @inlinable
    public static func dateLevel(_ x: UInt64, _ y: UInt64, days: Int) -> Int {
        if x == 0 || y == 0 { return 0 }
        let dx = UInt32(truncatingIfNeeded: x), dy = UInt32(truncatingIfNeeded: y)
        if dx == dy { return 1 }
        let sameYear = dx / 10_000 == dy / 10_000
        if dx % 10_000 == 0 || dy % 10_000 == 0 { return sameYear ? 4 : 5 }
        if sameYear && dx / 100 % 100 == dy % 100 && dx % 100 == dy / 100 % 100 { return 2 }
        let gap = Int(x >> 32) - Int(y >> 32)
        if days > 0 && gap <= days && gap >= -days { return 3 }
        return sameYear ? 4 : 5
    }

    /// Number levels: 0 null, 1 exact, 2 within `absolute` or within `relative` of the larger magnitude, 3 else.
    @inlinable
    public static func numberLevel(_ x: UInt64, _ y: UInt64, absolute: Double, relative: Double) -> Int {
        if x == 0 || y == 0 { return 0 }
        if x == y { return 1 }
        let a = Double(bitPattern: x), b = Double(bitPattern: y)
        let d = abs(a - b)
        if d <= absolute || d <= relative * max(abs(a), abs(b)) { return 2 }
        return 3
    }

    /// Text levels: 0 null, 1 exact, 2 token-set Jaccard ≥ `high`, 3 ≥ `low`, 4 else. `a` and `b` point at
    /// the two values' `tokenSlots` word hashes.
    @inlinable
    public static func textLevel(
        _ x: UInt64, _ y: UInt64, _ a: UnsafePointer<UInt32>, _ b: UnsafePointer<UInt32>, high: Double, low: Double
    ) -> Int {
        if x == 0 || y == 0 { return 0 }
        if x == y { return 1 }
        let j = jaccard(a, b)
        return j >= high ? 2 : j >= low ? 3 : 4
    }

    /// Jaccard similarity of two word sets from their sketches: exact when both hold fewer than
    /// `tokenSlots` words, else estimated from the `tokenSlots` smallest hashes of the union (bottom-k).
    @inlinable
    public static func jaccard(_ a: UnsafePointer<UInt32>, _ b: UnsafePointer<UInt32>) -> Double {
        let k = tokenSlots
        let full = a[k - 1] != 0 || b[k - 1] != 0
        let limit = full ? k : 2 * k
        var i = 0, j = 0, taken = 0, both = 0
        while taken < limit {
            let x = i < k ? a[i] : 0, y = j < k ? b[j] : 0
            if x == 0 && y == 0 { break }
            if x != 0 && (y == 0 || x < y) {
                i += 1
            } else if y != 0 && (x == 0 || y < x) {
                j += 1
            } else {
                both += 1
                i += 1
                j += 1
            }
            taken += 1
        }
        return taken == 0 ? 0 : Double(both) / Double(taken)
    }
}
