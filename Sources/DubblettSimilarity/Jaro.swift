/// Jaro similarity of two byte strings, in 0...1.
///
/// Two bytes *match* when they are equal and their positions differ by at most the search window
/// `max(0, max(|a|, |b|) / 2 - 1)`. Bytes of `b` are visited in order and each takes the lowest
/// unmatched position of `a` inside its window. With `m` matches and `t` half the number of matched
/// pairs out of order (integer division), Jaro = (m/|a| + m/|b| + (m − t)/m) / 3. Two empty strings
/// score 1; one empty string scores 0.
///
/// Source: M. A. Jaro, "Advances in record-linkage methodology as applied to matching the 1985 census of
/// Tampa, Florida", JASA 84 (1989); the bit-parallel matching follows rapidfuzz-cpp's `Jaro_impl.hpp`
/// (per-byte position masks, flagged-position words, a sliding window mask).
///
/// Paths: two strings of at most 16 bytes take `_short16` (vector compares, no mask table); strings whose
/// useful part fits 64 positions use one machine word with stack masks (`Jaro+BitParallel.swift`);
/// longer ones use `_general`, a scalar window scan. Every path checks the length-only upper bound
/// (`Jaro+Bounds.swift`) before any work.
public enum Jaro {
    /// Jaro similarity in 0...1; returns 0 when the result is below `cutoff`.
    ///
    /// - Complexity: O(|a| + |b|) when the useful part of either string fits 64 positions, else
    ///   O(|b| · window). Allocates nothing for strings up to 64 bytes; longer strings use a temporary
    ///   buffer that is on the stack up to 1 KiB.
    public static func similarity(
        _ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, cutoff: Double = 0
    ) -> Double {
        let value = _similarity(a, b, cutoff: cutoff)
        return value >= cutoff ? value : 0
    }

    /// Jaro similarity of two byte arrays (convenience; see the buffer form).
    public static func similarity(_ a: [UInt8], _ b: [UInt8], cutoff: Double = 0) -> Double {
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in similarity(pa, pb, cutoff: cutoff) } }
    }

    /// The exact Jaro value, or 0 once it is known to be below `cutoff` (a value ≥ `cutoff` is always exact).
    static func _similarity(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, cutoff: Double) -> Double {
        let la = a.count, lb = b.count
        if la == 0 || lb == 0 { return la == lb ? 1 : 0 }
        if _lengthFilterRejects(la, lb, cutoff: cutoff) { return 0 }
        if la <= 16 && lb <= 16 {
            // Selects, not a branch: which string is longer is a coin toss for the predictor.
            let swap = la < lb
            let pa = a.baseAddress!, pb = b.baseAddress!
            return _short16(swap ? pb : pa, swap ? lb : la, swap ? pa : pb, swap ? la : lb, cutoff: cutoff)
        }
        let window = _window(la, lb)
        // Positions of `a` beyond |b| + window and of `b` beyond |a| + window can never match.
        let usefulA = Swift.min(la, lb + window), usefulB = Swift.min(lb, la + window)
        if usefulA <= 64 && usefulB <= 64 {
            return _StackMasks.with(a.baseAddress!, count: usefulA, other: b.baseAddress!, otherCount: usefulB) {
                masks in
                _bitParallel(masks: masks, b: b.baseAddress!, usefulB: usefulB, la: la, lb: lb, window: window,
                             cutoff: cutoff)
            }
        }
        return _general(a, b, window: window, cutoff: cutoff)
    }

    /// Scalar path for strings whose useful parts exceed 64 positions: window scan with flag bytes.
    ///
    /// - Complexity: O(|b| · window); one temporary buffer of |a| + |b| bytes (stack up to 1 KiB).
    @inline(never)
    static func _general(
        _ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, window: Int, cutoff: Double
    ) -> Double {
        let la = a.count, lb = b.count
        return withUnsafeTemporaryAllocation(of: Bool.self, capacity: la + lb) { flags in
            flags.initialize(repeating: false)
            let aFlag = flags.baseAddress!, bFlag = flags.baseAddress! + la
            var m = 0
            for j in 0..<lb {
                let lo = Swift.max(0, j - window), hi = Swift.min(la - 1, j + window)
                if lo > hi { continue }
                let c = b[j]
                var i = lo
                while i <= hi {
                    if !aFlag[i] && a[i] == c { aFlag[i] = true; bFlag[j] = true; m += 1; break }
                    i += 1
                }
            }
            if m == 0 || (cutoff > 0 && _clearlyBelow(matches: m, la, lb, cutoff: cutoff)) { return 0 }
            var k = 0, unordered = 0
            for j in 0..<lb where bFlag[j] {
                while !aFlag[k] { k += 1 }
                if a[k] != b[j] { unordered += 1 }
                k += 1
            }
            return _score(matches: m, transpositions: unordered / 2, la, lb)
        }
    }
}
