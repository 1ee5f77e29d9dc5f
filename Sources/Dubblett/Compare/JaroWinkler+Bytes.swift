/// Jaro-Winkler over one-byte-per-letter strings, for the comparer's hot path.
///
/// Jaro (1989) with Winkler's (1990) prefix bonus (scale 0.1, up to four characters). Strings up to
/// 64 letters use one 64-bit mask of matched positions in `b`; longer ones fall back to the first
/// 64 letters' similarity (names and streets are far shorter).
/// - Complexity: O(|a| × window); allocates nothing.
@usableFromInline
enum _ByteJaroWinkler {
    @inlinable
    static func similarity(_ a: UnsafePointer<UInt8>, _ la: Int, _ b: UnsafePointer<UInt8>, _ lb: Int) -> Double {
        let la = min(la, 64), lb = min(lb, 64)
        if la == 0 || lb == 0 { return 0 }
        let window = max(0, max(la, lb) / 2 - 1)
        var matchedB: UInt64 = 0
        var matchedA: UInt64 = 0
        var m = 0
        for i in 0..<la {
            let lo = max(0, i - window), hi = min(lb - 1, i + window)
            if lo > hi { continue }
            let c = a[i]
            var j = lo
            while j <= hi {
                if matchedB & (1 << UInt64(j)) == 0 && b[j] == c {
                    matchedB |= 1 << UInt64(j)
                    matchedA |= 1 << UInt64(i)
                    m += 1
                    break
                }
                j += 1
            }
        }
        if m == 0 { return 0 }
        var t = 0
        var mb = matchedB
        var ma = matchedA
        while ma != 0 {
            let i = ma.trailingZeroBitCount
            let j = mb.trailingZeroBitCount
            if a[i] != b[j] { t += 1 }
            ma &= ma - 1
            mb &= mb - 1
        }
        let md = Double(m)
        let jaro = (md / Double(la) + md / Double(lb) + (md - Double(t / 2)) / md) / 3
        if jaro < 0.7 { return jaro }
        var prefix = 0
        while prefix < min(4, la, lb) && a[prefix] == b[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }
}
