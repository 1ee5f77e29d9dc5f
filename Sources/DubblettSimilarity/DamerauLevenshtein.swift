/// Optimal string alignment distance (restricted Damerau-Levenshtein) between two byte strings.
///
/// Counts insertions, deletions, substitutions and transpositions of two adjacent bytes, each costing 1,
/// with no substring edited twice (so "ca" → "abc" is 3, not 2). Catches the typing errors of register
/// data: Karlsosn → Karlsson is 1.
///
/// Source: F. J. Damerau (1964), the OSA recurrence as in Boytsov (2011); the bit-parallel path is
/// H. Hyyrö, "A bit-vector algorithm for computing Levenshtein and Damerau edit distances", Nordic
/// Journal of Computing 10 (2003), as in rapidfuzz-cpp `OSA_impl.hpp`.
public enum DamerauLevenshtein {
    /// OSA distance; returns `max + 1` as soon as the distance is known to exceed `max`.
    ///
    /// - Complexity: O(|a| + |b|) when the shorter string (after stripping a common prefix and suffix)
    ///   fits 64 bytes, with no allocation; otherwise O(|a| · |b|) with a temporary row buffer (stack up
    ///   to 1 KiB).
    public static func distance(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, max: Int = .max) -> Int {
        precondition(max >= 0, "max must not be negative")
        var a = a, b = b
        if Swift.abs(a.count - b.count) > max { return max + 1 }
        // A common prefix and suffix never change the OSA distance.
        var prefix = 0
        while prefix < a.count && prefix < b.count && a[prefix] == b[prefix] { prefix += 1 }
        a = UnsafeBufferPointer(rebasing: a[prefix...])
        b = UnsafeBufferPointer(rebasing: b[prefix...])
        var suffix = 0
        while suffix < a.count && suffix < b.count && a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        a = UnsafeBufferPointer(rebasing: a[..<(a.count - suffix)])
        b = UnsafeBufferPointer(rebasing: b[..<(b.count - suffix)])
        if a.count > b.count { swap(&a, &b) }
        let d: Int
        if a.isEmpty {
            d = b.count
        } else if a.count <= 64 {
            d = _StackMasks.with(a.baseAddress!, count: a.count, other: b.baseAddress!, otherCount: b.count) { masks in
                _hyyro(masks: masks, patternCount: a.count, text: b)
            }
        } else {
            d = _general(a, b)
        }
        return d > max ? max + 1 : d
    }

    /// OSA distance of two byte arrays (convenience).
    public static func distance(_ a: [UInt8], _ b: [UInt8], max: Int = .max) -> Int {
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in distance(pa, pb, max: max) } }
    }

    /// The textbook three-row dynamic programme, for patterns longer than 64 bytes.
    ///
    /// - Complexity: O(|a| · |b|) time, 3 · (|b| + 1) integers of temporary storage.
    @inline(never)
    static func _general(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let width = b.count + 1
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * width) { rows in
            var before = rows.baseAddress!, previous = before + width, current = previous + width
            for j in 0..<width { previous[j] = j; before[j] = 0 }
            for i in 1...a.count {
                current[0] = i
                for j in 1..<width {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    var v = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                    if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] { v = Swift.min(v, before[j - 2] + 1) }
                    current[j] = v
                }
                (before, previous, current) = (previous, current, before)
            }
            return previous[width - 1]
        }
    }
}
