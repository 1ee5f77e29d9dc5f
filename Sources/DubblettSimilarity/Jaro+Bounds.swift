/// Length bounds, the search window and the final formula shared by every Jaro path.
///
/// All paths produce the same integers (matches `m`, transpositions `t`) and call `_score`, so every
/// path returns bit-identical Doubles. The filters compare in multiplied-out form (no division) with a
/// 1e-9 margin, so they only reject pairs whose exact value is clearly below the cutoff; the final
/// comparison against the cutoff is done on the exact result.
extension Jaro {
    /// Jaro from its integer ingredients as one fraction rounded once:
    /// (m/|a| + m/|b| + (m − t)/m) / 3 = (m²(|a| + |b|) + (m − t)|a||b|) / (3|a||b|m), or 0 when m = 0.
    ///
    /// Every product is exact in a Double while the strings are shorter than 2¹⁷ bytes, so the result is
    /// the Double nearest the true value; one division instead of four keeps the kernel short.
    @inline(__always)
    static func _score(matches m: Int, transpositions t: Int, _ la: Int, _ lb: Int) -> Double {
        if m == 0 { return 0 }
        let md = Double(m), a = Double(la), b = Double(lb)
        return (md * md * (a + b) + Double(m - t) * a * b) / (3 * a * b * md)
    }

    /// Whether Jaro with `m` matches and no transpositions is clearly below `cutoff`:
    /// (m(|a| + |b|) + |a||b|) / (3|a||b|) < cutoff − margin, multiplied out.
    @inline(__always)
    static func _clearlyBelow(matches m: Int, _ la: Int, _ lb: Int, cutoff: Double) -> Bool {
        let ab = Double(la * lb)
        return Double(m * (la + lb)) + ab < (3 * cutoff - 1e-9) * ab
    }

    /// The match window: positions may differ by at most `max(0, max(|a|, |b|) / 2 - 1)`.
    @inlinable @inline(__always)
    static func _window(_ la: Int, _ lb: Int) -> Int { Swift.max(0, Swift.max(la, lb) / 2 - 1) }

    /// The length filter: true when even all of the shorter string matching in order stays clearly
    /// below `cutoff`, so no work is needed.
    @inline(__always)
    static func _lengthFilterRejects(_ la: Int, _ lb: Int, cutoff: Double) -> Bool {
        cutoff > 0 && _clearlyBelow(matches: Swift.min(la, lb), la, lb, cutoff: cutoff)
    }
}
