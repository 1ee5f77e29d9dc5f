/// Jaro-Winkler similarity of two byte strings, in 0...1: Jaro plus a bonus for a common prefix.
///
/// With Jaro `j` and common prefix length `p` (at most 4): JW = j + p · 0.1 · (1 − j) when j > 0.7,
/// else j. These are the parameters of DuckDB's `jaro_winkler_similarity` (rapidfuzz) and of Splink's
/// `JaroWinklerAtThresholds`, so thresholds carry over.
///
/// Source: W. E. Winkler, "String comparator metrics and enhanced decision rules in the Fellegi-Sunter
/// model of record linkage" (1990); cutoff handling after rapidfuzz-cpp `JaroWinkler_impl.hpp`: the
/// prefix is counted first and the JW cutoff becomes a lower Jaro cutoff.
///
/// ```swift
/// JaroWinkler.similarity(Array("martha".utf8), Array("marhta".utf8))   // 0.9611…
/// ```
public enum JaroWinkler {
    /// The Winkler prefix weight (0.1).
    public static let prefixWeight = 0.1
    /// The longest prefix that earns a bonus (4).
    public static let maxPrefix = 4
    /// Jaro must exceed this for the prefix bonus to apply (0.7).
    public static let boostThreshold = 0.7

    /// Jaro-Winkler similarity in 0...1 (prefix ≤ 4, weight 0.1, boost threshold 0.7); returns 0 when
    /// below `cutoff`.
    ///
    /// - Complexity: O(|a| + |b|) for names (useful parts ≤ 64 bytes); no allocation there.
    public static func similarity(
        _ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, cutoff: Double = 0
    ) -> Double {
        let prefix = _commonPrefix(a, b)
        let jaro = Jaro._similarity(a, b, cutoff: _jaroCutoff(cutoff, prefix: prefix))
        let value = _boost(jaro, prefix: prefix)
        return value >= cutoff ? value : 0
    }

    /// Jaro-Winkler similarity of two byte arrays (convenience; see the buffer form).
    public static func similarity(_ a: [UInt8], _ b: [UInt8], cutoff: Double = 0) -> Double {
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in similarity(pa, pb, cutoff: cutoff) } }
    }

    /// Length of the common prefix, at most `maxPrefix`.
    @inlinable @inline(__always)
    static func _commonPrefix(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        if a.count >= 4 && b.count >= 4 {
            // Branch-free for names: compare the first four bytes as one word (a data-dependent loop exit
            // costs a mispredicted branch on most pairs).
            let wa = UnsafeRawPointer(a.baseAddress!).loadUnaligned(as: UInt32.self)
            let wb = UnsafeRawPointer(b.baseAddress!).loadUnaligned(as: UInt32.self)
            let difference = UInt32(littleEndian: wa ^ wb)
            return Swift.min(maxPrefix, difference.trailingZeroBitCount >> 3)
        }
        let limit = Swift.min(maxPrefix, a.count, b.count)
        var p = 0
        while p < limit && a[p] == b[p] { p += 1 }
        return p
    }

    /// Jaro-Winkler from Jaro and the prefix length: the one formula every path uses.
    @inline(__always)
    static func _boost(_ jaro: Double, prefix: Int) -> Double {
        jaro > boostThreshold ? jaro + Double(prefix) * prefixWeight * (1.0 - jaro) : jaro
    }

    /// The Jaro cutoff implied by a JW cutoff and a prefix length: below it, JW is below `cutoff`.
    ///
    /// JW = j for j ≤ 0.7, so a cutoff ≤ 0.7 carries over unchanged; above, j ≥ (c − pw)/(1 − pw) and
    /// j > 0.7 are needed. A margin of 1e-12 absorbs rounding in the inverted formula (the final
    /// comparison against `cutoff` is exact, so the margin only lets a few more pairs be computed).
    @inline(__always)
    static func _jaroCutoff(_ cutoff: Double, prefix: Int) -> Double {
        if cutoff <= boostThreshold { return cutoff }
        let pw = Double(prefix) * prefixWeight
        return Swift.max(boostThreshold, (cutoff - pw) / (1.0 - pw)) - 1e-12
    }
}
