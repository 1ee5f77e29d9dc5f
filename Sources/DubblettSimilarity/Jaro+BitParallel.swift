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

/// Pattern masks built per call on the stack, without branches and without zeroing a 2 KiB table.
///
/// `slot[c]` (256 bytes) names the last pattern position holding byte `c`, plus one, or 0 for a byte
/// absent from the pattern; `masks[slot]` (65 words) holds that byte's positions, `masks[0]` = 0.
/// Only the slots of bytes present in either string are written, and only those are read. Both
/// buffers are under 1 KiB, so Swift always places them on the stack.
struct _StackMasks: _PatternMasks {
    let slot: UnsafeMutablePointer<UInt8>
    let masks: UnsafeMutablePointer<UInt64>

    @inline(__always)
    func mask(_ c: UInt8) -> UInt64 { masks[Int(slot[Int(c)])] }

    /// Builds masks for the first `count` (≤ 64) bytes of `pattern`, readable for every byte of
    /// `other[0..<otherCount]`, and passes them to `body`.
    @inline(__always)
    static func with<R>(
        _ pattern: UnsafePointer<UInt8>, count: Int, other: UnsafePointer<UInt8>, otherCount: Int,
        _ body: (_StackMasks) -> R
    ) -> R {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { slot in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 65) { masks in
                let table = _StackMasks(slot: slot.baseAddress!, masks: masks.baseAddress!)
                for j in 0..<otherCount { table.slot[Int(other[j])] = 0 }
                for i in 0..<count { table.slot[Int(pattern[i])] = UInt8(truncatingIfNeeded: i + 1) }
                for k in 0...count { table.masks[k] = 0 }
                var bit: UInt64 = 1
                for i in 0..<count {
                    table.masks[Int(table.slot[Int(pattern[i])])] |= bit
                    bit &<<= 1
                }
                return body(table)
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
        // One loop: the window grows at both ends while j < window, then slides (a select, not a
        // second loop, so only one data-dependent loop exit per pair).
        for j in 0..<usefulB {
            let candidates = masks.mask(b[j]) & windowMask & ~matchedA
            matchedA |= candidates & (0 &- candidates)
            matchedB |= UInt64(candidates != 0 ? 1 : 0) &<< UInt64(j)
            windowMask = (windowMask &<< 1) | (j < window ? 1 : 0)
        }
        let m = matchedA.nonzeroBitCount
        if m == 0 || (cutoff > 0 && _clearlyBelow(matches: m, la, lb, cutoff: cutoff)) { return 0 }
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
