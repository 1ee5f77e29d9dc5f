/// The one-machine-word Jaro path: per-byte position masks of `a`, matched positions as bits.
///
/// For each byte `b[j]`, `mask(b[j]) & window & ~matchedA` holds the unmatched positions of `a` that
/// may match; its lowest bit (`x & -x`) is taken, exactly the greedy choice of the scalar algorithm.
/// Transpositions: a second walk over the same positions of `b` pairs each matched `b[j]` with the
/// lowest remaining matched position of `a`. After rapidfuzz-cpp `Jaro_impl.hpp`
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
        // Window for b[j]: a[j - window ... j + window] = (band << j) >> window, while the band fits a
        // word; one loop, so only one data-dependent loop exit per pair.
        let band: UInt64 = window >= 31 ? ~0 : (UInt64(1) &<< UInt64(2 * window + 1)) &- 1
        var windowMask: UInt64 = window >= 63 ? ~0 : (UInt64(1) &<< UInt64(window + 1)) &- 1
        if window < 31 && usefulB + 2 * window < 64 {
            for j in 0..<usefulB {
                let candidates = masks.mask(b[j]) & ((band &<< UInt64(j)) &>> UInt64(window)) & ~matchedA
                matchedA |= candidates & (0 &- candidates)
                matchedB |= UInt64(candidates != 0 ? 1 : 0) &<< UInt64(j)
            }
        } else {
            for j in 0..<usefulB {
                let candidates = masks.mask(b[j]) & windowMask & ~matchedA
                matchedA |= candidates & (0 &- candidates)
                matchedB |= UInt64(candidates != 0 ? 1 : 0) &<< UInt64(j)
                windowMask = (windowMask &<< 1) | (j < window ? 1 : 0)
            }
        }
        let m = matchedA.nonzeroBitCount
        if m == 0 || (cutoff > 0 && _clearlyBelow(matches: m, la, lb, cutoff: cutoff)) { return 0 }
        // Transpositions: the same trip count as the matching loop (predicts better than walking the
        // matched bits); a matched b[j] pairs with the lowest remaining matched position of a.
        var unordered = 0
        var restA = matchedA
        for j in 0..<usefulB {
            let isMatched = (matchedB &>> UInt64(j)) & 1
            let bitA = restA & (0 &- restA)
            unordered &+= Int(truncatingIfNeeded: isMatched & (masks.mask(b[j]) & bitA == 0 ? 1 : 0))
            restA ^= bitA & (0 &- isMatched)
        }
        return _score(matches: m, transpositions: unordered / 2, la, lb)
    }
}

/// The short-string path: both strings at most 16 bytes, the common case for names.
///
/// The longer string `L` sits in one 16-byte vector; for each byte of the shorter string `S` one vector
/// compare gives the positions of `L` holding it (no mask table to build and clear, which cost more
/// than the matching itself). Jaro is symmetric, so walking the shorter string is allowed and saves
/// iterations; the symmetry is tested exhaustively on small alphabets and randomly on names.
/// The window masks are shifts of one constant, and the transposition walk visits the same positions as
/// the matching loop (the same trip count twice predicts better than a second, data-dependent count).
extension Jaro {
    /// `count` (1...16) bytes at `p` in a vector, zero-padded; reads only `p[0..<count]` (overlapping
    /// word loads instead of a byte loop or a `memcpy` call).
    @inlinable @inline(__always)
    static func _load16(_ p: UnsafePointer<UInt8>, _ count: Int) -> SIMD16<UInt8> {
        let raw = UnsafeRawPointer(p)
        var lo: UInt64 = 0, hi: UInt64 = 0
        if count >= 8 {
            lo = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
            let tail = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
            hi = count == 8 ? 0 : tail >> UInt64(8 * (16 - count))
        } else if count >= 4 {
            let head = UInt64(UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self)))
            let tail = UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)))
            lo = head | (tail << UInt64(8 * (count - 4)))
        } else {
            lo = UInt64(p[0]) | (UInt64(p[count >> 1]) << UInt64(8 * (count >> 1)))
                | (UInt64(p[count - 1]) << UInt64(8 * (count - 1)))
        }
        return unsafeBitCast(SIMD2<UInt64>(lo.littleEndian, hi.littleEndian), to: SIMD16<UInt8>.self)
    }

    /// Bit i set iff lane i of the compare is true (weights and a multiply: `pmovmskb` is not
    /// reachable from Swift).
    @inline(__always)
    static func _bits16(_ m: SIMDMask<SIMD16<Int8>>) -> UInt64 {
        let weights = SIMD16<UInt8>(1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128)
        let w = unsafeBitCast(unsafeBitCast(m, to: SIMD16<UInt8>.self) & weights, to: SIMD2<UInt64>.self)
        return ((w[0] &* 0x0101_0101_0101_0101) >> 56) | (((w[1] &* 0x0101_0101_0101_0101) >> 56) << 8)
    }

    /// Jaro of `long` (`ll` bytes) and `short` (`ls` bytes), 1 ≤ ls ≤ ll ≤ 16; 0 once clearly below `cutoff`.
    @inline(__always)
    static func _short16(
        _ long: UnsafePointer<UInt8>, _ ll: Int, _ short: UnsafePointer<UInt8>, _ ls: Int, cutoff: Double
    ) -> Double {
        let vector = _load16(long, ll)
        let window = _window(ll, ls)
        let lengthMask: UInt64 = (1 &<< UInt64(ll)) &- 1
        // Window of short position j: long positions j - window ... j + window = (band << j) >> window.
        let band: UInt64 = (1 &<< UInt64(2 * window + 1)) &- 1
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 16) { positions in
            var matchedA: UInt64 = 0, matchedB: UInt64 = 0
            for j in 0..<ls {
                let pm = _bits16(vector .== SIMD16<UInt8>(repeating: short[j])) & lengthMask
                positions[j] = pm
                let candidates = pm & ((band &<< UInt64(j)) &>> UInt64(window)) & ~matchedA
                matchedA |= candidates & (0 &- candidates)
                matchedB |= UInt64(candidates != 0 ? 1 : 0) &<< UInt64(j)
            }
            let m = matchedA.nonzeroBitCount
            if m == 0 || (cutoff > 0 && _clearlyBelow(matches: m, ll, ls, cutoff: cutoff)) { return 0 }
            // Matched short positions in order pair with matched long positions in order; a pair is out
            // of order when the long position does not hold the short byte.
            var unordered = 0
            var restA = matchedA
            for j in 0..<ls {
                let isMatched = (matchedB &>> UInt64(j)) & 1
                let bitA = restA & (0 &- restA)
                unordered &+= Int(truncatingIfNeeded: isMatched & (positions[j] & bitA == 0 ? 1 : 0))
                restA ^= bitA & (0 &- isMatched)
            }
            return _score(matches: m, transpositions: unordered / 2, ll, ls)
        }
    }
}
