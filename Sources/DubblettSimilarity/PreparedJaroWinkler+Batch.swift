/// One-against-many Jaro-Winkler, four candidates at a time.
///
/// The single-candidate kernel is latency-bound: each step of the matching loop waits for the previous
/// step's `matchedA` word. Four candidates advanced in lock-step have independent chains, so the core
/// overlaps them (instruction-level parallelism, the scalar analogue of rapidfuzz's SIMD `cdist`).
/// Results equal `similarity(to:cutoff:)` exactly: same integer counts, same formula.
extension PreparedJaroWinkler {
    /// Jaro-Winkler of the pattern against `count` candidates, written to `out[0..<count]` (0 below
    /// `cutoff`). `candidate(i)` returns candidate i; it is called once per candidate.
    ///
    /// - Complexity: O(Σ|candidate|); no allocation.
    public func similarities(
        count: Int, cutoff: Double = 0, into out: UnsafeMutableBufferPointer<Double>,
        candidate: (Int) -> UnsafeBufferPointer<UInt8>
    ) {
        precondition(out.count >= count, "the output buffer is shorter than the candidate count")
        _pattern.withUnsafeBufferPointer { a in
            _masks.withUnsafeBufferPointer { tableBuffer in
                let table = tableBuffer.baseAddress!
                let la = a.count
                var i = 0
                if la > 0 {
                    while i + 4 <= count {
                        _four(a, table: table, cutoff: cutoff, out: out.baseAddress! + i,
                              candidate(i), candidate(i + 1), candidate(i + 2), candidate(i + 3))
                        i += 4
                    }
                }
                while i < count {
                    out[i] = similarity(to: candidate(i), cutoff: cutoff)
                    i += 1
                }
            }
        }
    }

    /// Matching state of one candidate in the lock-step loop.
    struct _Lane {
        var b: UnsafePointer<UInt8>
        var lb = 0
        var usefulB = 0
        var window = 0
        var prefix = 0
        var jaroCutoff = 0.0
        var matchedA: UInt64 = 0
        var matchedB: UInt64 = 0
        var windowMask: UInt64 = 0
        /// False when this candidate goes through the single path (long, empty or filtered).
        var active = false
        /// True when the length filter already proved the result is 0.
        var rejected = false

        @inline(__always)
        mutating func step(_ j: Int, _ table: UnsafePointer<UInt64>) {
            let inside = j < usefulB
            let c = b[inside ? j : 0]
            let candidates = inside ? table[Int(c)] & windowMask & ~matchedA : 0
            matchedA |= candidates & (0 &- candidates)
            matchedB |= UInt64(candidates != 0 ? 1 : 0) &<< UInt64(j)
            windowMask = j < window ? (windowMask &<< 1) | 1 : windowMask &<< 1
        }
    }

    @inline(__always)
    func _lane(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, cutoff: Double) -> _Lane {
        let la = a.count, lb = b.count
        var lane = _Lane(b: b.baseAddress ?? a.baseAddress!)
        lane.lb = lb
        if lb == 0 { return lane }
        lane.prefix = JaroWinkler._commonPrefix(a, b)
        lane.jaroCutoff = cutoff > 0 ? JaroWinkler._jaroCutoff(cutoff, prefix: lane.prefix) : 0
        if Jaro._lengthFilterRejects(la, lb, cutoff: lane.jaroCutoff) { lane.rejected = true; return lane }
        let window = Jaro._window(la, lb)
        let usefulA = Swift.min(la, lb + window), usefulB = Swift.min(lb, la + window)
        if usefulA > 64 || usefulB > 64 { return lane }
        lane.window = window
        lane.usefulB = usefulB
        lane.windowMask = window >= 63 ? ~0 : (UInt64(1) &<< UInt64(window + 1)) &- 1
        lane.active = true
        return lane
    }

    @inline(__always)
    func _finish(_ lane: _Lane, la: Int, table: UnsafePointer<UInt64>, unordered: Int, cutoff: Double,
                 single: UnsafeBufferPointer<UInt8>) -> Double {
        if lane.rejected { return 0 }
        if !lane.active { return similarity(to: single, cutoff: cutoff) }
        let m = lane.matchedA.nonzeroBitCount
        if m == 0 || (lane.jaroCutoff > 0 && Jaro._clearlyBelow(matches: m, la, lane.lb, cutoff: lane.jaroCutoff)) {
            return 0
        }
        let jaro = Jaro._score(matches: m, transpositions: unordered / 2, la, lane.lb)
        let value = JaroWinkler._boost(jaro, prefix: lane.prefix)
        return value >= cutoff ? value : 0
    }

    @inline(__always)
    func _four(
        _ a: UnsafeBufferPointer<UInt8>, table: UnsafePointer<UInt64>, cutoff: Double, out: UnsafeMutablePointer<Double>,
        _ b0: UnsafeBufferPointer<UInt8>, _ b1: UnsafeBufferPointer<UInt8>, _ b2: UnsafeBufferPointer<UInt8>,
        _ b3: UnsafeBufferPointer<UInt8>
    ) {
        let la = a.count
        var l0 = _lane(a, b0, cutoff: cutoff), l1 = _lane(a, b1, cutoff: cutoff)
        var l2 = _lane(a, b2, cutoff: cutoff), l3 = _lane(a, b3, cutoff: cutoff)
        let steps = Swift.max(Swift.max(l0.usefulB, l1.usefulB), Swift.max(l2.usefulB, l3.usefulB))
        for j in 0..<steps {
            l0.step(j, table); l1.step(j, table); l2.step(j, table); l3.step(j, table)
        }
        // Transpositions: walk matched bits of all four in step; a finished lane adds nothing.
        var ra0 = l0.matchedA, rb0 = l0.matchedB, ra1 = l1.matchedA, rb1 = l1.matchedB
        var ra2 = l2.matchedA, rb2 = l2.matchedB, ra3 = l3.matchedA, rb3 = l3.matchedB
        var u0 = 0, u1 = 0, u2 = 0, u3 = 0
        @inline(__always) func walk(_ ra: inout UInt64, _ rb: inout UInt64, _ u: inout Int, _ b: UnsafePointer<UInt8>) {
            let bitA = ra & (0 &- ra)
            let live = rb != 0
            let jb = live ? rb.trailingZeroBitCount : 0
            u += (live && table[Int(b[jb])] & bitA == 0) ? 1 : 0
            rb &= rb &- 1
            ra ^= bitA
        }
        while (rb0 | rb1 | rb2 | rb3) != 0 {
            walk(&ra0, &rb0, &u0, l0.b); walk(&ra1, &rb1, &u1, l1.b)
            walk(&ra2, &rb2, &u2, l2.b); walk(&ra3, &rb3, &u3, l3.b)
        }
        out[0] = _finish(l0, la: la, table: table, unordered: u0, cutoff: cutoff, single: b0)
        out[1] = _finish(l1, la: la, table: table, unordered: u1, cutoff: cutoff, single: b1)
        out[2] = _finish(l2, la: la, table: table, unordered: u2, cutoff: cutoff, single: b2)
        out[3] = _finish(l3, la: la, table: table, unordered: u3, cutoff: cutoff, single: b3)
    }
}
