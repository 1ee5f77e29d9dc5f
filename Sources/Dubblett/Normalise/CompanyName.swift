/// Company names made comparable: the legal form and status words stripped from a folded name.
///
/// Input is a name in `NameNormaliser`'s folded form (lower case, punctuation as spaces), so "Ek. för.",
/// "A.B." and "(publ)" arrive as `ek for`, `a b` and `publ`. Removed wherever they stand: AB, Aktiebolag(et),
/// HB, Handelsbolag(et), KB, Kommanditbolag(et), Ek. för., Ekonomisk(a) förening(en), Ideell förening,
/// Enskild firma, (publ). Removed at the end: "i likvidation", "i konkurs", "under avveckling" and a trailing
/// "i <ort>" of up to three words ("Bygg AB i Västerås"). A name that is nothing but a legal form is kept whole.
///
/// - Complexity: O(n); no allocation (tokens on the stack).
public enum CompanyName {
    /// Most tokens looked at; later ones are copied as they are.
    static let maxTokens = 24

    /// Writes the stripped form of `folded` into `out` (at least `folded.count` bytes) and returns its length.
    public static func strip(_ folded: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        withUnsafeTemporaryAllocation(of: (Int, Int).self, capacity: maxTokens) { tokens -> Int in
            var n = 0
            var i = 0
            while i < folded.count && n < maxTokens {
                while i < folded.count && folded[i] == .space { i += 1 }
                if i == folded.count { break }
                let start = i
                while i < folded.count && (folded[i] != .space || n == maxTokens - 1) { i += 1 }
                tokens[n] = (start, i - start)
                n += 1
            }
            func token(_ k: Int, _ word: StaticString) -> Bool {
                let (s, len) = tokens[k]
                guard len == word.utf8CodeUnitCount else { return false }
                return word.withUTF8Buffer { w in (0..<len).allSatisfy { folded[s + $0] == w[$0] } }
            }
            // Status words and a trailing "i <ort>", from the end.
            var end = n
            var changed = true
            while changed && end >= 2 {
                changed = false
                if (token(end - 1, "likvidation") || token(end - 1, "konkurs") || token(end - 1, "avveckling"))
                    && (token(end - 2, "i") || token(end - 2, "under")) {
                    end -= 2
                    changed = true
                    continue
                }
                var k = end - 2
                while k >= 1 && end - k - 1 <= 3 {
                    if token(k, "i") {
                        end = k
                        changed = true
                        break
                    }
                    k -= 1
                }
            }
            // Legal forms anywhere.
            var written = 0
            var k = 0
            var kept = 0
            while k < end {
                if token(k, "ab") || token(k, "aktiebolag") || token(k, "aktiebolaget") || token(k, "hb")
                    || token(k, "handelsbolag") || token(k, "handelsbolaget") || token(k, "kb")
                    || token(k, "kommanditbolag") || token(k, "kommanditbolaget") || token(k, "publ")
                    || token(k, "ekfor")
                {
                    k += 1
                    continue
                }
                if k + 1 < end {
                    let pair =
                        ((token(k, "a") || token(k, "h") || token(k, "k")) && token(k + 1, "b"))
                        || (token(k, "ek") && (token(k + 1, "for") || token(k + 1, "forening")))
                        || ((token(k, "ekonomisk") || token(k, "ekonomiska") || token(k, "ideell")
                            || token(k, "ideella")) && (token(k + 1, "forening") || token(k + 1, "foreningen")))
                        || (token(k, "enskild") && token(k + 1, "firma"))
                    if pair {
                        k += 2
                        continue
                    }
                }
                let (s, len) = tokens[k]
                if kept > 0 { out[written] = .space; written += 1 }
                for j in 0..<len { out[written + j] = folded[s + j] }
                written += len
                kept += 1
                k += 1
            }
            if kept == 0 {
                for j in folded.indices { out[j] = folded[j] }
                return folded.count
            }
            return written
        }
    }

    /// Convenience form for tests and cold paths (allocates).
    public static func strip(_ name: String) -> String {
        let folded = NameNormaliser.normalise(name, folded: true)
        var out = [UInt8](repeating: 0, count: folded.count)
        let n = folded.withUnsafeBufferPointer { f in out.withUnsafeMutableBufferPointer { strip(f, into: $0) } }
        return String(decoding: out[..<n], as: UTF8.self)
    }

    /// XXH3 of the first word of a stripped name (0 when empty).
    public static func firstTokenHash(_ stripped: [UInt8]) -> UInt64 {
        stripped.withUnsafeBufferPointer { firstTokenHash($0) }
    }

    /// XXH3 of the first word of a stripped name (0 when empty).
    public static func firstTokenHash(_ stripped: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var end = 0
        while end < stripped.count && stripped[end] != .space { end += 1 }
        if end == 0 { return 0 }
        return XXH3.hash(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: stripped[..<end])), seed: 16) | 1
    }
}

/// A generic identifier (customer number, member number, `soc_sec_id`) as one comparable integer.
///
/// Separators (space, `-`, `.`, `/`) are dropped and leading zeros ignored. A value of at most 17 digits is
/// stored as `digits × 32 + count` (positive), so one-digit typos and transpositions can be recognised; any
/// other text is a hash of its upper-cased letters and digits, stored negative (exact comparison only).
/// 0 means missing.
public enum IdentifierValue {
    /// The value of one field.
    /// - Complexity: O(n); no allocation.
    public static func parse(_ input: UnsafeRawBufferPointer) -> Int64 {
        var value: Int64 = 0
        var count = 0
        var seen = 0
        var onlyDigits = true
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in input {
            if b == .space || b == .hyphen || b == .period || b == .slash || b == .tab { continue }
            seen += 1
            let d = b &- 0x30
            if d < 10 {
                if count > 0 || d != 0 {
                    count += 1
                    if count <= 17 { value = value * 10 + Int64(d) }
                }
            } else {
                onlyDigits = false
            }
            let u = b >= 0x61 && b <= 0x7A ? b - 0x20 : b
            h = (h ^ UInt64(u)) &* 0x100_0000_01B3
        }
        if seen == 0 { return 0 }
        if onlyDigits && count <= 17 { return value * 32 + Int64(count) }
        return -Int64((h >> 2) | 1)
    }

    /// Convenience form for tests.
    public static func parse(_ s: String) -> Int64 {
        var s = s
        return s.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    /// Comparison level: 0 missing, 1 equal, 2 one digit changed, two adjacent digits swapped or one digit
    /// dropped, 3 different.
    @inlinable
    public static func level(_ x: Int64, _ y: Int64) -> Int {
        if x == 0 || y == 0 { return 0 }
        if x == y { return 1 }
        if x < 0 || y < 0 { return 3 }
        return oneEditApart(x, y) ? 2 : 3
    }

    /// Whether two digit values (`digits × 32 + count`) are one substitution, adjacent transposition or
    /// deletion apart.
    @inlinable
    public static func oneEditApart(_ x: Int64, _ y: Int64) -> Bool {
        let cx = Int(x & 31), cy = Int(y & 31)
        var a = x >> 5, b = y >> 5
        if cx == cy {
            var diffs = 0, firstAt = -1, swapped = false
            var pa: Int64 = -1, pb: Int64 = -1
            for i in 0..<cx {
                let da = a % 10, db = b % 10
                if da != db {
                    diffs += 1
                    if diffs > 2 { return false }
                    if firstAt < 0 { firstAt = i } else if i == firstAt + 1 && da == pb && db == pa { swapped = true }
                }
                pa = da
                pb = db
                a /= 10
                b /= 10
            }
            return diffs == 1 || (diffs == 2 && swapped)
        }
        if abs(cx - cy) != 1 { return false }
        let (long, short, n) = cx > cy ? (a, b, cx) : (b, a, cy)
        var p: Int64 = 1
        for _ in 0..<n {
            // `long` without its digit at place p.
            if (long / (p * 10)) * p + long % p == short { return true }
            p *= 10
        }
        return false
    }
}
