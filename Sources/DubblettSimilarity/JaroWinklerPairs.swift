/// Jaro-Winkler of up to 16 independent pairs at once, one pair per SIMD lane.
///
/// One pair at a time, Jaro-Winkler on names is bound by instruction count (about 35 instructions per
/// letter: a vector compare, gathering its bits, the matching step) plus a mispredicted loop exit per
/// pair. Here the 16 pairs' bytes are transposed so that vector `A[i]` holds byte i of every first string
/// and `B[j]` byte j of every second string; `A[i] .== B[j]` then compares position i with position j in
/// all 16 pairs at once, and the matching and transposition steps run on 16 lanes of 16-bit masks (the
/// same steps as `JaroWinklerBlock`). Loops run to the longest string of the batch, so a batch costs the
/// same whatever its length mix, and there is one loop exit per 16 pairs.
///
/// Lane k's result equals `JaroWinkler.similarity(a_k, b_k, cutoff:)` exactly (the same integer counts
/// and the same formula). Pairs where a string is empty or longer than 16 bytes take the one-pair path.
extension JaroWinkler {
    /// The most pairs per call.
    public static let pairLanes = 16

    /// Jaro-Winkler of `pair(k)` for k in 0..<count (1...16), written to `out[0..<count]`, 0 below `cutoff`.
    ///
    /// ```swift
    /// JaroWinkler.similarities(count: 16, cutoff: 0.8, into: out) { k in (firstNames[k], otherNames[k]) }
    /// ```
    /// - Complexity: O(L) steps of at most 16 vector compares each, for the longest string length
    ///   L ≤ 16 of the batch; no allocation (about 1.3 KiB of stack).
    @inlinable
    public static func similarities(
        count: Int, cutoff: Double = 0, into out: UnsafeMutableBufferPointer<Double>,
        pair: (Int) -> (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>)
    ) {
        precondition(count >= 1 && count <= pairLanes, "a batch holds 1...16 pairs")
        precondition(out.count >= count, "the output buffer is shorter than the batch")
        // The gathering is inlined into the caller (so is `pair`); the vector work is one call.
        withUnsafeTemporaryAllocation(of: SIMD16<UInt8>.self, capacity: 32) { rows in
            withUnsafeTemporaryAllocation(of: UInt16.self, capacity: 96) { scalars in
                let rowsA = rows.baseAddress!, rowsB = rows.baseAddress! + 16
                let lengthA = scalars.baseAddress!, lengthB = lengthA + 16, laneWindow = lengthA + 32
                let windowMask = lengthA + 48, lengthMask = lengthA + 64, prefix = lengthA + 80
                var scalarLanes: UInt32 = 0
                var longestA = 0, longestB = 0
                // Lane parameters are stored in the kernel's lane order: pair k at (k % 2) · 8 + k / 2.
                for k in 0..<16 {
                    let lane = (k & 1) << 3 | k >> 1
                    rowsA[k] = .zero; rowsB[k] = .zero
                    lengthA[lane] = 0; lengthB[lane] = 0; laneWindow[lane] = 0; windowMask[lane] = 0
                    lengthMask[lane] = 0; prefix[lane] = 0  // an inactive lane scores 0
                    if k >= count { continue }
                    let (a, b) = pair(k)
                    let la = a.count, lb = b.count
                    if la == 0 || lb == 0 || la > 16 || lb > 16 {
                        scalarLanes |= 1 << UInt32(k)
                        continue
                    }
                    rowsA[k] = Jaro._load16(a.baseAddress!, la)
                    rowsB[k] = Jaro._load16(b.baseAddress!, lb)
                    lengthA[lane] = UInt16(la)
                    lengthB[lane] = UInt16(lb)
                    let w = Jaro._window(la, lb)
                    laneWindow[lane] = UInt16(w)
                    windowMask[lane] = UInt16((1 << (w + 1)) - 1)
                    lengthMask[lane] = UInt16(truncatingIfNeeded: (1 << la) - 1)
                    prefix[lane] = UInt16(_commonPrefix(a, b))
                    longestA = Swift.max(longestA, la)
                    longestB = Swift.max(longestB, lb)
                }
                if longestA > 0 {
                    _pairKernel(rows: rows.baseAddress!, scalars: scalars.baseAddress!, count: count,
                                longestA: longestA, longestB: longestB, cutoff: cutoff, into: out.baseAddress!)
                }
                while scalarLanes != 0 {
                    let k = scalarLanes.trailingZeroBitCount
                    let (a, b) = pair(k)
                    out[k] = similarity(a, b, cutoff: cutoff)
                    scalarLanes &= scalarLanes &- 1
                }
            }
        }
    }

    /// The vector part of `similarities`: `rows` holds 16 rows of first strings then 16 of second
    /// strings (zero-padded), `scalars` six 16-lane parameter vectors in kernel lane order (lengths of
    /// a and b, window, initial window mask, length mask of a, common prefix). Writes `out[0..<count]`.
    @usableFromInline
    static func _pairKernel(
        rows: UnsafeMutablePointer<SIMD16<UInt8>>, scalars: UnsafeMutablePointer<UInt16>, count: Int,
        longestA: Int, longestB: Int, cutoff: Double, into out: UnsafeMutablePointer<Double>
    ) {
        _transpose16(rows)
        _transpose16(rows + 16)
        @inline(__always) func lanes(_ index: Int) -> SIMD16<UInt16> {
            UnsafeRawPointer(scalars + 16 * index).loadUnaligned(as: SIMD16<UInt16>.self)
        }
        let result = _pairLanes(
            columnsA: rows, columnsB: rows + 16, la: lanes(0), lb: lanes(1), window: lanes(2),
            windowMask: lanes(3), lengthMask: lanes(4), prefix: lanes(5),
            longestA: longestA, longestB: longestB, cutoff: cutoff)
        for k in 0..<count { out[k] = result[(k & 1) << 3 | k >> 1] }
    }

    /// Transposes a 16 × 16 byte matrix in place (row k becomes column k) with four rounds of unpacks.
    @inline(__always)
    static func _transpose16(_ m: UnsafeMutablePointer<SIMD16<UInt8>>) {
        let lo8 = _interleaveLow, hi8 = _interleaveHigh
        @inline(__always) func lo16(_ x: SIMD16<UInt8>, _ y: SIMD16<UInt8>) -> SIMD16<UInt8> {
            let a = unsafeBitCast(x, to: SIMD8<UInt16>.self), b = unsafeBitCast(y, to: SIMD8<UInt16>.self)
            return unsafeBitCast(SIMD8<UInt16>(a[0], b[0], a[1], b[1], a[2], b[2], a[3], b[3]), to: SIMD16<UInt8>.self)
        }
        @inline(__always) func hi16(_ x: SIMD16<UInt8>, _ y: SIMD16<UInt8>) -> SIMD16<UInt8> {
            let a = unsafeBitCast(x, to: SIMD8<UInt16>.self), b = unsafeBitCast(y, to: SIMD8<UInt16>.self)
            return unsafeBitCast(SIMD8<UInt16>(a[4], b[4], a[5], b[5], a[6], b[6], a[7], b[7]), to: SIMD16<UInt8>.self)
        }
        @inline(__always) func lo32(_ x: SIMD16<UInt8>, _ y: SIMD16<UInt8>) -> SIMD16<UInt8> {
            let a = unsafeBitCast(x, to: SIMD4<UInt32>.self), b = unsafeBitCast(y, to: SIMD4<UInt32>.self)
            return unsafeBitCast(SIMD4<UInt32>(a[0], b[0], a[1], b[1]), to: SIMD16<UInt8>.self)
        }
        @inline(__always) func hi32(_ x: SIMD16<UInt8>, _ y: SIMD16<UInt8>) -> SIMD16<UInt8> {
            let a = unsafeBitCast(x, to: SIMD4<UInt32>.self), b = unsafeBitCast(y, to: SIMD4<UInt32>.self)
            return unsafeBitCast(SIMD4<UInt32>(a[2], b[2], a[3], b[3]), to: SIMD16<UInt8>.self)
        }
        @inline(__always) func lo64(_ x: SIMD16<UInt8>, _ y: SIMD16<UInt8>) -> SIMD16<UInt8> {
            let a = unsafeBitCast(x, to: SIMD2<UInt64>.self), b = unsafeBitCast(y, to: SIMD2<UInt64>.self)
            return unsafeBitCast(SIMD2<UInt64>(a[0], b[0]), to: SIMD16<UInt8>.self)
        }
        @inline(__always) func hi64(_ x: SIMD16<UInt8>, _ y: SIMD16<UInt8>) -> SIMD16<UInt8> {
            let a = unsafeBitCast(x, to: SIMD2<UInt64>.self), b = unsafeBitCast(y, to: SIMD2<UInt64>.self)
            return unsafeBitCast(SIMD2<UInt64>(a[1], b[1]), to: SIMD16<UInt8>.self)
        }
        // Round 1 interleaves bytes of rows (2i, 2i+1); round 2 words of (4i + r, 4i + 2 + r); round 3
        // double words; round 4 quad words. Afterwards vector c holds byte c of every row, in row order.
        let s = m
        let a0 = lo8(s[0], s[1]), a1 = hi8(s[0], s[1]), a2 = lo8(s[2], s[3]), a3 = hi8(s[2], s[3])
        let a4 = lo8(s[4], s[5]), a5 = hi8(s[4], s[5]), a6 = lo8(s[6], s[7]), a7 = hi8(s[6], s[7])
        let a8 = lo8(s[8], s[9]), a9 = hi8(s[8], s[9]), a10 = lo8(s[10], s[11]), a11 = hi8(s[10], s[11])
        let a12 = lo8(s[12], s[13]), a13 = hi8(s[12], s[13]), a14 = lo8(s[14], s[15]), a15 = hi8(s[14], s[15])
        // a(2p) holds columns 0-7 of rows 2p, 2p+1 as byte pairs; a(2p+1) columns 8-15.
        let b0 = lo16(a0, a2), b1 = hi16(a0, a2), b2 = lo16(a1, a3), b3 = hi16(a1, a3)
        let b4 = lo16(a4, a6), b5 = hi16(a4, a6), b6 = lo16(a5, a7), b7 = hi16(a5, a7)
        let b8 = lo16(a8, a10), b9 = hi16(a8, a10), b10 = lo16(a9, a11), b11 = hi16(a9, a11)
        let b12 = lo16(a12, a14), b13 = hi16(a12, a14), b14 = lo16(a13, a15), b15 = hi16(a13, a15)
        // b(4q + x): rows 4q...4q+3; x = 0: columns 0-3, 1: 4-7, 2: 8-11, 3: 12-15 (4 bytes per column).
        let c0 = lo32(b0, b4), c1 = hi32(b0, b4), c2 = lo32(b1, b5), c3 = hi32(b1, b5)
        let c4 = lo32(b2, b6), c5 = hi32(b2, b6), c6 = lo32(b3, b7), c7 = hi32(b3, b7)
        let c8 = lo32(b8, b12), c9 = hi32(b8, b12), c10 = lo32(b9, b13), c11 = hi32(b9, b13)
        let c12 = lo32(b10, b14), c13 = hi32(b10, b14), c14 = lo32(b11, b15), c15 = hi32(b11, b15)
        // c(x) for x < 8: rows 0-7, columns 2x, 2x+1 (8 bytes each); c(8 + x): rows 8-15.
        m[0] = lo64(c0, c8); m[1] = hi64(c0, c8); m[2] = lo64(c1, c9); m[3] = hi64(c1, c9)
        m[4] = lo64(c2, c10); m[5] = hi64(c2, c10); m[6] = lo64(c3, c11); m[7] = hi64(c3, c11)
        m[8] = lo64(c4, c12); m[9] = hi64(c4, c12); m[10] = lo64(c5, c13); m[11] = hi64(c5, c13)
        m[12] = lo64(c6, c14); m[13] = hi64(c6, c14); m[14] = lo64(c7, c15); m[15] = hi64(c7, c15)
    }

    /// Bytes 0-7 of `x` and `y` interleaved (`punpcklbw`).
    @inline(__always)
    static func _interleaveLow(_ x: SIMD16<UInt8>, _ y: SIMD16<UInt8>) -> SIMD16<UInt8> {
        SIMD16(x[0], y[0], x[1], y[1], x[2], y[2], x[3], y[3], x[4], y[4], x[5], y[5], x[6], y[6], x[7], y[7])
    }

    /// Bytes 8-15 of `x` and `y` interleaved (`punpckhbw`).
    @inline(__always)
    static func _interleaveHigh(_ x: SIMD16<UInt8>, _ y: SIMD16<UInt8>) -> SIMD16<UInt8> {
        SIMD16(x[8], y[8], x[9], y[9], x[10], y[10], x[11], y[11], x[12], y[12], x[13], y[13], x[14], y[14],
               x[15], y[15])
    }

    /// The 16 lane results from the transposed strings (columns), lengths 1...16 per active lane
    /// (inactive lanes have length 0 and give 0).
    @inline(__always)
    static func _pairLanes(
        columnsA: UnsafePointer<SIMD16<UInt8>>, columnsB: UnsafePointer<SIMD16<UInt8>>,
        la: SIMD16<UInt16>, lb: SIMD16<UInt16>, window: SIMD16<UInt16>, windowMask initialWindowMask: SIMD16<UInt16>,
        lengthMask: SIMD16<UInt16>, prefix: SIMD16<UInt16>, longestA: Int, longestB: Int, cutoff: Double
    ) -> SIMD16<Double> {
        typealias V = SIMD16<UInt16>
        return withUnsafeTemporaryAllocation(of: V.self, capacity: 16) { store in
            var windowMask = initialWindowMask
            var matchedA = V.zero, matchedB = V.zero
            for j in 0..<longestB {
                let bj = columnsB[j]
                // Bit i % 8 of byte lane k: a_k[i] == b_k[j]; positions 0-7 in `low`, 8-15 in `high`.
                @inline(__always) func bits(_ first: Int) -> SIMD16<UInt8> {
                    @inline(__always) func eq(_ i: Int, _ weight: UInt8) -> SIMD16<UInt8> {
                        unsafeBitCast(columnsA[first + i] .== bj, to: SIMD16<UInt8>.self)
                            & SIMD16<UInt8>(repeating: weight)
                    }
                    return (eq(0, 1) | eq(1, 2)) | (eq(2, 4) | eq(3, 8)) | (eq(4, 16) | eq(5, 32))
                        | (eq(6, 64) | eq(7, 128))
                }
                let low = bits(0)
                let high = longestA > 8 ? bits(8) : .zero
                // 16-bit masks high[k] · 256 + low[k], in the lane order even pairs then odd pairs
                // (word arithmetic; an interleaving shuffle here makes the compiler scalarise the
                // compares above). Positions past |a| and texts past |b| are masked.
                let low16 = unsafeBitCast(low, to: SIMD8<UInt16>.self)
                let high16 = unsafeBitCast(high, to: SIMD8<UInt16>.self)
                let pm = V(lowHalf: (low16 & 0x00FF) | (high16 &<< 8), highHalf: (low16 &>> 8) | (high16 & 0xFF00))
                    & lengthMask & (0 &- ((V(repeating: UInt16(j)) &- lb) &>> 15))
                store[j] = pm
                JaroWinklerBlock._match(
                    pm, j, window: window, windowMask: &windowMask, matchedA: &matchedA, matchedB: &matchedB)
            }
            var restA = matchedA
            var unordered = V.zero
            for j in 0..<longestB {
                JaroWinklerBlock._transposition(store[j], j, matchedB: matchedB, restA: &restA, unordered: &unordered)
            }
            return JaroWinklerBlock._finish(
                matched: matchedA, unordered: unordered, la: la, lb: lb, prefix: prefix, cutoff: cutoff)
        }
    }
}
