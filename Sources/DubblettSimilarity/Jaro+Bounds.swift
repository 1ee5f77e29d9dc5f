/// Length bounds, the search window and the final formula shared by every Jaro path.
///
/// All paths produce the same integers (matches `m`, transpositions `t`) and call `_score`, so every
/// path returns bit-identical Doubles. `_score` is monotone in `m` for fixed lengths (IEEE rounding is
/// monotone and (m − t)/m ≤ m/m = 1), so the bound with m = min(|a|, |b|), t = 0 never underestimates.
extension Jaro {
    /// Jaro from its integer ingredients: (m/|a| + m/|b| + (m − t)/m) / 3, or 0 when m = 0.
    @inline(__always)
    static func _score(matches m: Int, transpositions t: Int, _ la: Int, _ lb: Int) -> Double {
        if m == 0 { return 0 }
        let md = Double(m)
        return (md / Double(la) + md / Double(lb) + Double(m - t) / md) / 3.0
    }

    /// The match window: positions may differ by at most `max(0, max(|a|, |b|) / 2 - 1)`.
    @inline(__always)
    static func _window(_ la: Int, _ lb: Int) -> Int { Swift.max(0, Swift.max(la, lb) / 2 - 1) }

    /// Highest Jaro any pair of non-empty strings with these lengths can reach (all of the shorter one
    /// matched, in order). The length filter: below the cutoff means no work at all.
    @inline(__always)
    static func _upperBound(_ la: Int, _ lb: Int) -> Double {
        _score(matches: Swift.min(la, lb), transpositions: 0, la, lb)
    }
}
