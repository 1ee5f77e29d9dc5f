/// The one-machine-word Jaro path: per-byte position masks of `a`, matched positions as bits.
///
/// For each byte `b[j]`, `mask(b[j]) & window & ~matchedA` holds the unmatched positions of `a` that
/// may match; its lowest bit (`x & -x`) is taken, exactly the greedy choice of the scalar algorithm.
/// Transpositions walk the matched bits of both words in step. After rapidfuzz-cpp `Jaro_impl.hpp`
/// (`flag_similar_characters_word`, `count_transpositions_word`).

/// Source of the per-byte position masks of the pattern (`a`).
protocol _PatternMasks {
    /// Bit i is set when pattern byte i equals `c` (positions 0..<64 only).
    func mask(_ c: UInt8) -> UInt64
}

/// Pattern masks in a 256-entry table owned elsewhere (the prepared form).
struct _TableMasks: _PatternMasks {
    let table: UnsafePointer<UInt64>
    @inline(__always) init(_ table: UnsafePointer<UInt64>) { self.table = table }
    @inline(__always) func mask(_ c: UInt8) -> UInt64 { table[Int(c)] }
}

/// Pattern masks built per call on the stack: two 128-entry halves (each ≤ 1 KiB, so Swift always
/// places them on the stack). Only entries for bytes present in either string are written, and only
/// those are read, so nothing is zeroed wholesale.
struct _StackMasks: _PatternMasks {
    let low: UnsafeMutablePointer<UInt64>
    let high: UnsafeMutablePointer<UInt64>

    @inline(__always)
    func mask(_ c: UInt8) -> UInt64 { c < 128 ? low[Int(c)] : high[Int(c & 127)] }

    @inline(__always)
    func _set(_ c: UInt8, _ value: UInt64) {
        if c < 128 { low[Int(c)] = value } else { high[Int(c & 127)] = value }
    }

    /// Builds masks for the first `count` bytes of `pattern`, readable for every byte of
    /// `other[0..<otherCount]`, and passes them to `body`.
    @inline(__always)
    static func with<R>(
        _ pattern: UnsafePointer<UInt8>, count: Int, other: UnsafePointer<UInt8>, otherCount: Int,
        _ body: (_StackMasks) -> R
    ) -> R {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 128) { low in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 128) { high in
                let masks = _StackMasks(low: low.baseAddress!, high: high.baseAddress!)
                for j in 0..<otherCount { masks._set(other[j], 0) }
                for i in 0..<count { masks._set(pattern[i], 0) }
                var bit: UInt64 = 1
                for i in 0..<count {
                    masks._set(pattern[i], masks.mask(pattern[i]) | bit)
                    bit &<<= 1
                }
                return body(masks)
            }
        }
    }
}

extension Jaro {
    /// Matches and transpositions in one word each; returns the exact Jaro or 0 below `cutoff`.
    ///
    /// Preconditions: the masks cover `a`'s first min(|a|, usefulB + window) ≤ 64 positions;
    /// `usefulB` ≤ 64.
    /// - Complexity: O(usefulB + m); no allocation.
    @inline(__always)
    static func _bitParallel<M: _PatternMasks>(
        masks: M, b: UnsafePointer<UInt8>, usefulB: Int, la: Int, lb: Int, window: Int, cutoff: Double
    ) -> Double {
        var matchedA: UInt64 = 0, matchedB: UInt64 = 0
        // Window for b[0] is a[0...window].
        var windowMask: UInt64 = window >= 63 ? ~0 : (UInt64(1) &<< UInt64(window + 1)) &- 1
        let growing = Swift.min(window, usefulB)
        var j = 0
        while j < growing {
            let candidates = masks.mask(b[j]) & windowMask & ~matchedA
            matchedA |= candidates & (0 &- candidates)
            matchedB |= UInt64(candidates != 0 ? 1 : 0) &<< UInt64(j)
            windowMask = (windowMask &<< 1) | 1
            j += 1
        }
        while j < usefulB {
            let candidates = masks.mask(b[j]) & windowMask & ~matchedA
            matchedA |= candidates & (0 &- candidates)
            matchedB |= UInt64(candidates != 0 ? 1 : 0) &<< UInt64(j)
            windowMask &<<= 1
            j += 1
        }
        let m = matchedA.nonzeroBitCount
        if m == 0 || _score(matches: m, transpositions: 0, la, lb) < cutoff { return 0 }
        var unordered = 0
        var restA = matchedA, restB = matchedB
        while restB != 0 {
            let bitA = restA & (0 &- restA)
            let jb = restB.trailingZeroBitCount
            if masks.mask(b[jb]) & bitA == 0 { unordered += 1 }
            restB &= restB &- 1
            restA ^= bitA
        }
        return _score(matches: m, transpositions: unordered / 2, la, lb)
    }
}
