/// Naive Jaro and Jaro-Winkler, written straight from the definition, to validate the fast paths.
///
/// Deliberately simple: arrays of flags, no bounds tricks, no cutoffs. The fast kernels must return
/// exactly these values: they compute the same integer counts and then the same expression, the
/// Jaro fraction rounded once, so the Doubles are bit-identical.
public enum ReferenceJaro {
    /// Jaro: `b` is visited in order; each byte takes the lowest unmatched equal byte of `a` within
    /// `max(0, max(|a|,|b|)/2 - 1)` positions. Both empty → 1, one empty → 0.
    public static func jaro(_ a: [UInt8], _ b: [UInt8]) -> Double {
        let la = a.count, lb = b.count
        if la == 0 && lb == 0 { return 1 }
        if la == 0 || lb == 0 { return 0 }
        let window = max(0, max(la, lb) / 2 - 1)
        var aFlag = [Bool](repeating: false, count: la)
        var bFlag = [Bool](repeating: false, count: lb)
        var m = 0
        for j in 0..<lb {
            let lo = max(0, j - window), hi = min(la - 1, j + window)
            if lo > hi { continue }
            for i in lo...hi where !aFlag[i] && a[i] == b[j] {
                aFlag[i] = true
                bFlag[j] = true
                m += 1
                break
            }
        }
        if m == 0 { return 0 }
        let matchedA = (0..<la).filter { aFlag[$0] }.map { a[$0] }
        let matchedB = (0..<lb).filter { bFlag[$0] }.map { b[$0] }
        let unordered = zip(matchedA, matchedB).filter { $0 != $1 }.count
        let t = unordered / 2
        // (m/|a| + m/|b| + (m − t)/m) / 3 as one fraction, rounded once (exact products below 2¹⁷ bytes).
        let md = Double(m), da = Double(la), db = Double(lb)
        return (md * md * (da + db) + Double(m - t) * da * db) / (3 * da * db * md)
    }

    /// Jaro-Winkler: prefix ≤ 4, weight 0.1, bonus only when Jaro > 0.7.
    public static func jaroWinkler(_ a: [UInt8], _ b: [UInt8]) -> Double {
        let j = jaro(a, b)
        var p = 0
        while p < min(4, a.count, b.count) && a[p] == b[p] { p += 1 }
        return j > 0.7 ? j + Double(p) * 0.1 * (1.0 - j) : j
    }
}

/// Naive optimal-string-alignment (restricted Damerau-Levenshtein) distance: the textbook DP table.
public enum ReferenceDamerauLevenshtein {
    /// Insertions, deletions, substitutions and transpositions of adjacent bytes, each cost 1; no
    /// substring is edited twice.
    public static func distance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        let la = a.count, lb = b.count
        var d = [[Int]](repeating: [Int](repeating: 0, count: lb + 1), count: la + 1)
        for i in 0...la { d[i][0] = i }
        for j in 0...lb { d[0][j] = j }
        if la == 0 || lb == 0 { return max(la, lb) }
        for i in 1...la {
            for j in 1...lb {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[la][lb]
    }
}
