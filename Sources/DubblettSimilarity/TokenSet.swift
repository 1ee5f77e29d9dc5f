/// Token-set similarity for multi-word names: the best one-to-one pairing of words, scored by Jaro-Winkler.
///
/// Words are split at spaces and hyphens. Every word of the name with fewer words is paired with a
/// distinct word of the other name so that the sum of Jaro-Winkler scores is largest (an exact
/// assignment over at most 7 words per side: words past the 7th stay joined to the 7th); the result is
/// that sum divided by the smaller word count. So "anna maria" ~ "maria anna" = 1, and, like rapidfuzz's
/// `token_set_ratio`, a name that is a subset of the other ("anna" ~ "anna maria") also scores 1:
/// compare word counts separately if a missing middle name matters. Two names without words score 1;
/// one without words scores 0.
public enum TokenSet {
    /// Words per side taken apart; further words stay joined to the last one.
    public static let maxTokens = 7

    /// Best pairing of words ("anna maria" ~ "maria anna"), Jaro-Winkler based, in 0...1; 0 below `cutoff`.
    ///
    /// - Complexity: O(nₐ·n_b) Jaro-Winkler calls plus O(2^max(nₐ,n_b) · min(nₐ,n_b)) for the pairing;
    ///   no allocation (all scratch is on the stack).
    public static func similarity(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, cutoff: Double = 0) -> Double {
        let value = withUnsafeTemporaryAllocation(of: Int.self, capacity: 4 * maxTokens) { spans in
            let na = _split(a, into: spans.baseAddress!)
            let nb = _split(b, into: spans.baseAddress! + 2 * maxTokens)
            if na == 0 || nb == 0 { return na == nb ? 1.0 : 0.0 }
            @inline(__always) func token(_ s: UnsafeBufferPointer<UInt8>, _ base: Int, _ k: Int) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: s[spans[base + 2 * k]..<spans[base + 2 * k + 1]])
            }
            if na == 1 && nb == 1 { return JaroWinkler.similarity(token(a, 0, 0), token(b, 2 * maxTokens, 0)) }
            // Short side s (rows), long side l (columns, the bitmask).
            let aIsShort = na <= nb
            let ns = aIsShort ? na : nb, nl = aIsShort ? nb : na
            // Two buffers, each ≤ 1 KiB so Swift keeps them on the stack.
            return withUnsafeTemporaryAllocation(of: Double.self, capacity: maxTokens * maxTokens) { scores in
              withUnsafeTemporaryAllocation(of: Double.self, capacity: 1 << maxTokens) { bests in
                let score = scores.baseAddress!, best = bests.baseAddress!
                for i in 0..<na {
                    for j in 0..<nb {
                        let v = JaroWinkler.similarity(token(a, 0, i), token(b, 2 * maxTokens, j))
                        if aIsShort { score[i * maxTokens + j] = v } else { score[j * maxTokens + i] = v }
                    }
                }
                // best[mask]: the largest sum pairing short words 0..<popcount(mask) with the words in mask.
                let full = 1 << nl
                best[0] = 0
                var result = 0.0
                for mask in 1..<full {
                    let row = mask.nonzeroBitCount - 1
                    if row >= ns { best[mask] = -1; continue }
                    var top = -1.0
                    var rest = mask
                    while rest != 0 {
                        let col = rest.trailingZeroBitCount
                        rest &= rest - 1
                        let before = best[mask ^ (1 << col)]
                        if before >= 0 { top = Swift.max(top, before + score[row * maxTokens + col]) }
                    }
                    best[mask] = top
                    if row == ns - 1 { result = Swift.max(result, top) }
                }
                return result / Double(ns)
              }
            }
        }
        return value >= cutoff ? value : 0
    }

    /// Token-set similarity of two byte arrays (convenience).
    public static func similarity(_ a: [UInt8], _ b: [UInt8], cutoff: Double = 0) -> Double {
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in similarity(pa, pb, cutoff: cutoff) } }
    }

    /// Writes (start, end) of up to `maxTokens` words; returns the word count.
    @inline(__always)
    static func _split(_ s: UnsafeBufferPointer<UInt8>, into spans: UnsafeMutablePointer<Int>) -> Int {
        var count = 0, i = 0
        let n = s.count
        while i < n {
            while i < n && (s[i] == 0x20 || s[i] == 0x2D) { i += 1 }
            if i == n { break }
            let start = i
            while i < n && !(s[i] == 0x20 || s[i] == 0x2D) { i += 1 }
            if count == maxTokens {  // join to the last word
                spans[2 * count - 1] = i
            } else {
                spans[2 * count] = start
                spans[2 * count + 1] = i
                count += 1
            }
        }
        return count
    }
}
