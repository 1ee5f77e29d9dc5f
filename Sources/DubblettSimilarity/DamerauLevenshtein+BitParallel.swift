/// Hyyrö's bit-vector OSA recurrence for a pattern of at most 64 bytes.
extension DamerauLevenshtein {
    /// OSA distance between the pattern behind `masks` (`patternCount` ≤ 64 bytes) and `text`.
    ///
    /// Vertical deltas of the DP column are kept as bit vectors (VP/VN); the transposition term TR marks
    /// positions where the previous text byte matched one step later. One pass over `text`.
    /// - Complexity: O(|text|); no allocation.
    @inline(__always)
    static func _hyyro<M: _PatternMasks>(masks: M, patternCount: Int, text: UnsafeBufferPointer<UInt8>) -> Int {
        var vp: UInt64 = patternCount == 64 ? ~0 : (UInt64(1) &<< UInt64(patternCount)) &- 1
        var vn: UInt64 = 0, d0: UInt64 = 0, previousMatches: UInt64 = 0
        let last = UInt64(1) &<< UInt64(patternCount - 1)
        var distance = patternCount
        for c in text {
            let matches = masks.mask(c)
            let tr = (((~d0) & matches) &<< 1) & previousMatches
            d0 = ((((matches & vp) &+ vp) ^ vp) | matches | vn) | tr
            var hp = vn | ~(d0 | vp)
            var hn = d0 & vp
            if hp & last != 0 { distance += 1 }
            if hn & last != 0 { distance -= 1 }
            hp = (hp &<< 1) | 1
            hn = hn &<< 1
            vp = hn | ~(d0 | hp)
            vn = hp & d0
            previousMatches = matches
        }
        return distance
    }
}
