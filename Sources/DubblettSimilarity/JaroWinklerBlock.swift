/// Up to 16 short names prepared together, compared with one text in 16 SIMD lanes at once.
///
/// Lane k holds name k's position masks (16 bits: names of at most 16 bytes); for each text byte one
/// vector load gives every lane's mask, so the matching and transposition loops run once per text
/// byte for all 16 pairs, with no per-lane branches. This is rapidfuzz-cpp's multi-string Jaro idea
/// (`MultiJaro`, patterns in SIMD lanes, used by its `cdist`). Use it for a bucket: prepare the
/// bucket's names in blocks of 16 once, then compare every record's name against each block.
///
/// Lane k's result is exactly `JaroWinkler.similarity(name_k, text, cutoff:)` (same integer counts,
/// same formula). Names or texts longer than 16 bytes take the scalar path for their lanes.
///
/// - Complexity: `init` O(16 · 256) and one 8 KiB table; `similarities` O(|text|) vector steps plus
///   O(16) per call; no allocation per call.
public struct JaroWinklerBlock: Sendable {
    /// The most names per block.
    public static let lanes = 16
    /// The longest name (and text) handled in lanes.
    public static let maxLaneLength = 16

    /// Everything in one object, so a copy of the block (as in `for block in blocks`) is one retain.
    /// All properties are constants: no exclusivity checks on the hot path.
    final class _Storage: @unchecked Sendable {
        /// 256 entries: lane k of entry c has bit i set when byte i of name k equals c.
        let masks: UnsafeMutablePointer<SIMD16<UInt16>>
        /// Per lane: name length (names over 16 bytes count as 16; their lanes are recomputed scalar).
        let lengths: SIMD16<UInt16>
        /// Per lane: the window and the initial window mask a text no longer than the name gives.
        let window: SIMD16<UInt16>
        let windowMask: SIMD16<UInt16>
        /// Per lane: name bytes 0...3, or 0x100 + i past the name's end (never equal to a text byte).
        let prefix: (SIMD16<UInt16>, SIMD16<UInt16>, SIMD16<UInt16>, SIMD16<UInt16>)
        /// Bit k is set when name k is longer than 16 bytes (its lane is computed on the scalar path).
        let longLanes: UInt16
        let bytes: [UInt8]
        let offsets: [Int]

        init(names: [[UInt8]]) {
            masks = .allocate(capacity: 256)
            masks.initialize(repeating: .zero, count: 256)
            var lengths = SIMD16<UInt16>.zero, window = SIMD16<UInt16>.zero, windowMask = SIMD16<UInt16>.zero
            var p0 = SIMD16<UInt16>(repeating: 0x100), p1 = SIMD16<UInt16>(repeating: 0x101)
            var p2 = SIMD16<UInt16>(repeating: 0x102), p3 = SIMD16<UInt16>(repeating: 0x103)
            var long: UInt16 = 0
            for (k, name) in names.enumerated() {
                if name.count <= JaroWinklerBlock.maxLaneLength {
                    for (i, c) in name.enumerated() { masks[Int(c)][k] |= UInt16(1) << UInt16(i) }
                } else {
                    long |= 1 << UInt16(k)
                }
                let la = Swift.min(name.count, JaroWinklerBlock.maxLaneLength)
                let w = Jaro._window(la, la)
                lengths[k] = UInt16(la)
                window[k] = UInt16(w)
                windowMask[k] = UInt16((1 << (w + 1)) - 1)
                if name.count > 0 { p0[k] = UInt16(name[0]) }
                if name.count > 1 { p1[k] = UInt16(name[1]) }
                if name.count > 2 { p2[k] = UInt16(name[2]) }
                if name.count > 3 { p3[k] = UInt16(name[3]) }
            }
            self.lengths = lengths
            self.window = window
            self.windowMask = windowMask
            self.prefix = (p0, p1, p2, p3)
            self.longLanes = long
            self.bytes = Array(names.joined())
            var offsets = [0]
            for name in names { offsets.append(offsets[offsets.count - 1] + name.count) }
            self.offsets = offsets
        }

        deinit { masks.deallocate() }

        /// JW of name `k` and `text` on the one-pair path (names or texts over 16 bytes); no allocation.
        func scalar(_ k: Int, _ text: UnsafeBufferPointer<UInt8>, cutoff: Double) -> Double {
            bytes.withUnsafeBufferPointer { all in
                JaroWinkler.similarity(UnsafeBufferPointer(rebasing: all[offsets[k]..<offsets[k + 1]]), text, cutoff: cutoff)
            }
        }
    }

    let _storage: _Storage

    /// The number of names in the block (1...16).
    public var count: Int { _storage.offsets.count - 1 }

    /// Prepares up to 16 names; `name(k)` returns name k for k in 0..<count.
    public init(count: Int, name: (Int) -> UnsafeBufferPointer<UInt8>) {
        precondition(count >= 1 && count <= Self.lanes, "a block holds 1...16 names")
        _storage = _Storage(names: (0..<count).map { Array(name($0)) })
    }

    /// Jaro-Winkler of every name in the block against `text`, written to `out[0..<count]` (0 below
    /// `cutoff`); `out[k]` equals `JaroWinkler.similarity(name_k, text, cutoff:)`. An `out` of 16 or
    /// more elements is written with one vector store (lanes past `count` then hold 0).
    public func similarities(to text: UnsafeBufferPointer<UInt8>, cutoff: Double = 0, into out: UnsafeMutableBufferPointer<Double>) {
        let s = _storage
        let n = s.offsets.count - 1
        precondition(out.count >= n, "the output buffer is shorter than the block")
        let lb = text.count
        if lb == 0 || lb > Self.maxLaneLength {
            for k in 0..<n { out[k] = s.scalar(k, text, cutoff: cutoff) }
            return
        }
        let result = Self._lanes(s, text.baseAddress!, lb, cutoff: cutoff)
        if out.count >= Self.lanes {
            UnsafeMutableRawPointer(out.baseAddress!).storeBytes(of: result, as: SIMD16<Double>.self)
        } else {
            for k in 0..<n { out[k] = result[k] }
        }
        // Names over 16 bytes: their lanes are recomputed on the scalar path.
        var long = s.longLanes
        while long != 0 {
            let k = long.trailingZeroBitCount
            out[k] = s.scalar(k, text, cutoff: cutoff)
            long &= long &- 1
        }
    }

    /// The 16 lane results for a text of 1...16 bytes.
    @inline(__always)
    static func _lanes(_ s: _Storage, _ text: UnsafePointer<UInt8>, _ lb: Int, cutoff: Double) -> SIMD16<Double> {
        typealias V = SIMD16<UInt16>
        let table = s.masks
        let one = V(repeating: 1)
        // Per-lane window max(0, max(|name|, |text|)/2 - 1) and its initial mask (bits 0...window):
        // lanes whose name is shorter than the text all share the text's values, the others were
        // computed at init. A select by mask, no per-lane scalar work.
        let w = Jaro._window(lb, lb)
        let lbv = V(repeating: UInt16(lb))
        let textIsLonger = 0 &- ((s.lengths &- lbv) &>> 15)
        let window = (V(repeating: UInt16(w)) & textIsLonger) | (s.window & ~textIsLonger)
        var windowMask = (V(repeating: UInt16((1 << (w + 1)) - 1)) & textIsLonger) | (s.windowMask & ~textIsLonger)
        var matchedA = V.zero, matchedB = V.zero
        for j in 0..<lb {
            _match(table[Int(text[j])], j, window: window, windowMask: &windowMask, matchedA: &matchedA,
                   matchedB: &matchedB)
        }
        var restA = matchedA
        var unordered = V.zero
        for j in 0..<lb {
            _transposition(table[Int(text[j])], j, matchedB: matchedB, restA: &restA, unordered: &unordered)
        }
        // Common prefix ≤ 4: running product of per-position equality.
        @inline(__always) func equal(_ lane: V, _ i: Int) -> V {
            let d = lane ^ V(repeating: i < lb ? UInt16(text[i]) : 0x200)
            return one &- ((d | (0 &- d)) &>> 15)
        }
        let e0 = equal(s.prefix.0, 0), e1 = e0 & equal(s.prefix.1, 1)
        let e2 = e1 & equal(s.prefix.2, 2), e3 = e2 & equal(s.prefix.3, 3)
        return _finish(matched: matchedA, unordered: unordered, la: s.lengths, lb: lbv, prefix: e0 &+ e1 &+ e2 &+ e3,
                       cutoff: cutoff)
    }

    /// One greedy matching step in 16 lanes: text position `j` with position mask `pm` (bit i: name
    /// position i holds the text byte) takes the lowest unmatched name position inside its window.
    /// `windowMask` then slides (it grows at the low end while j < window).
    @inline(__always)
    static func _match(
        _ pm: SIMD16<UInt16>, _ j: Int, window: SIMD16<UInt16>, windowMask: inout SIMD16<UInt16>,
        matchedA: inout SIMD16<UInt16>, matchedB: inout SIMD16<UInt16>
    ) {
        let candidates = pm & windowMask & ~matchedA
        matchedA |= candidates & (0 &- candidates)
        let found = (candidates | (0 &- candidates)) &>> 15  // 1 where candidates != 0
        matchedB |= found &<< UInt16(j)
        let grow = (SIMD16<UInt16>(repeating: UInt16(j)) &- window) &>> 15  // 1 where j < window
        windowMask = (windowMask &<< 1) | grow
    }

    /// One transposition step in 16 lanes: if text position `j` matched, it pairs with the lowest
    /// remaining matched name position, and the pair is out of order when that position does not hold
    /// the text byte (`pm`, as in `_match`).
    @inline(__always)
    static func _transposition(
        _ pm: SIMD16<UInt16>, _ j: Int, matchedB: SIMD16<UInt16>, restA: inout SIMD16<UInt16>,
        unordered: inout SIMD16<UInt16>
    ) {
        let one = SIMD16<UInt16>(repeating: 1)
        let isMatched = (matchedB &>> UInt16(j)) & one
        let bitA = restA & (0 &- restA)
        let hit = pm & bitA
        let hitBit = (hit | (0 &- hit)) &>> 15
        unordered &+= isMatched & (one &- hitBit)
        restA ^= bitA & (0 &- isMatched)
    }

    /// Jaro-Winkler per lane from the matched positions, the out-of-order count, the lengths and the
    /// common prefix (≤ 4), 0 below `cutoff`.
    ///
    /// The scalar path's fraction (m²(|a| + |b|) + (m − t)|a||b|) / (3|a||b|m) with its integer
    /// numerator and denominator computed exactly in 16-bit lanes (both ≤ 12 288 for lengths ≤ 16),
    /// then one IEEE division per lane: the same Double as the scalar path, bit for bit.
    @inline(__always)
    static func _finish(
        matched matchedA: SIMD16<UInt16>, unordered: SIMD16<UInt16>, la: SIMD16<UInt16>, lb lbv: SIMD16<UInt16>,
        prefix: SIMD16<UInt16>, cutoff: Double
    ) -> SIMD16<Double> {
        typealias V = SIMD16<UInt16>
        let one = V(repeating: 1)
        var m = matchedA  // popcount per 16-bit lane
        m = m &- ((m &>> 1) & 0x5555)
        m = (m & 0x3333) &+ ((m &>> 2) & 0x3333)
        m = (m &+ (m &>> 4)) & 0x0F0F
        m = (m &+ (m &>> 8)) & 0x001F
        let mZero = one &- ((m | (0 &- m)) &>> 15)  // 1 where m == 0
        let t = unordered &>> 1
        let ab = la &* lbv
        let numerator = m &* m &* (la &+ lbv) &+ (m &- t) &* ab
        let denominator = 3 &* ab &* m | mZero  // 0/1 = 0 where nothing matched
        let jaro = _double(numerator) / _double(denominator)
        let boosted = jaro + _double(prefix) * JaroWinkler.prefixWeight * (1.0 - jaro)
        // Boost where jaro > 0.7, then 0 below the cutoff: bitwise selects on the bit patterns (a
        // per-lane branch or `replacing(with:where:)` costs more than the whole kernel).
        let boost = unsafeBitCast(jaro .> JaroWinkler.boostThreshold, to: SIMD16<Int64>.self)
        let valueBits = (unsafeBitCast(boosted, to: SIMD16<Int64>.self) & boost)
            | (unsafeBitCast(jaro, to: SIMD16<Int64>.self) & ~boost)
        let keep = unsafeBitCast(unsafeBitCast(valueBits, to: SIMD16<Double>.self) .>= cutoff, to: SIMD16<Int64>.self)
        return unsafeBitCast(valueBits & keep, to: SIMD16<Double>.self)
    }

    /// Lane-wise conversion to Double (exact: the values are below 2¹⁶).
    @inline(__always)
    static func _double(_ x: SIMD16<UInt16>) -> SIMD16<Double> {
        // Lane by lane: the generic `SIMD16<Double>(x)` and `truncatingIfNeeded:` are not specialised
        // and cost more than this.
        SIMD16<Double>(
            Double(x[0]), Double(x[1]), Double(x[2]), Double(x[3]), Double(x[4]), Double(x[5]), Double(x[6]),
            Double(x[7]), Double(x[8]), Double(x[9]), Double(x[10]), Double(x[11]), Double(x[12]), Double(x[13]),
            Double(x[14]), Double(x[15]))
    }
}
