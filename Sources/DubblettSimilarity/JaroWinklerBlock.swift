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

    let _masks: [SIMD16<UInt16>]
    /// Per lane: name length (names over 16 bytes count as 16; their lanes are recomputed scalar).
    let _laneLengths: SIMD16<UInt16>
    /// Per lane: the window and the initial window mask a text no longer than the name gives.
    let _laneWindow: SIMD16<UInt16>
    let _laneWindowMask: SIMD16<UInt16>
    /// Per lane: name bytes 0...3, or 0x100 + i past the name's end (never equal to a text byte).
    let _lanePrefix: (SIMD16<UInt16>, SIMD16<UInt16>, SIMD16<UInt16>, SIMD16<UInt16>)
    let _bytes: [UInt8]
    let _offsets: [Int]

    /// The number of names in the block (1...16).
    public var count: Int { _offsets.count - 1 }

    /// Prepares up to 16 names; `name(k)` returns name k for k in 0..<count.
    public init(count: Int, name: (Int) -> UnsafeBufferPointer<UInt8>) {
        precondition(count >= 1 && count <= Self.lanes, "a block holds 1...16 names")
        var masks = [SIMD16<UInt16>](repeating: .zero, count: 256)
        var bytes: [UInt8] = []
        var offsets = [0]
        for k in 0..<count {
            let n = name(k)
            bytes.append(contentsOf: n)
            offsets.append(bytes.count)
            if n.count <= Self.maxLaneLength {
                for (i, c) in n.enumerated() { masks[Int(c)][k] |= UInt16(1) << UInt16(i) }
            }
        }
        var lengths = SIMD16<UInt16>.zero, windows = SIMD16<UInt16>.zero, windowMasks = SIMD16<UInt16>.zero
        for k in 0..<count {
            let la = Swift.min(offsets[k + 1] - offsets[k], Self.maxLaneLength)
            let w = Jaro._window(la, la)
            lengths[k] = UInt16(la)
            windows[k] = UInt16(w)
            windowMasks[k] = UInt16((1 << (w + 1)) - 1)
        }
        _laneLengths = lengths
        _laneWindow = windows
        _laneWindowMask = windowMasks
        var p0 = SIMD16<UInt16>(repeating: 0x100), p1 = SIMD16<UInt16>(repeating: 0x101)
        var p2 = SIMD16<UInt16>(repeating: 0x102), p3 = SIMD16<UInt16>(repeating: 0x103)
        for k in 0..<count {
            let start = offsets[k], length = offsets[k + 1] - offsets[k]
            if length > 0 { p0[k] = UInt16(bytes[start]) }
            if length > 1 { p1[k] = UInt16(bytes[start + 1]) }
            if length > 2 { p2[k] = UInt16(bytes[start + 2]) }
            if length > 3 { p3[k] = UInt16(bytes[start + 3]) }
        }
        _lanePrefix = (p0, p1, p2, p3)
        _masks = masks
        _bytes = bytes
        _offsets = offsets
    }

    /// Jaro-Winkler of every name in the block against `text`, written to `out[0..<count]` (0 below
    /// `cutoff`); `out[k]` equals `JaroWinkler.similarity(name_k, text, cutoff:)`.
    public func similarities(to text: UnsafeBufferPointer<UInt8>, cutoff: Double = 0, into out: UnsafeMutableBufferPointer<Double>) {
        precondition(out.count >= count, "the output buffer is shorter than the block")
        _bytes.withUnsafeBufferPointer { bytes in
            _masks.withUnsafeBufferPointer { table in
                let lb = text.count
                let n = count
                @inline(__always) func name(_ k: Int) -> UnsafeBufferPointer<UInt8> {
                    UnsafeBufferPointer(rebasing: bytes[_offsets[k]..<_offsets[k + 1]])
                }
                if lb == 0 || lb > Self.maxLaneLength {
                    for k in 0..<n { out[k] = JaroWinkler.similarity(name(k), text, cutoff: cutoff) }
                    return
                }
                // Per-lane window max(0, max(|name|, |text|)/2 - 1) and its initial mask (bits 0...window):
                // lanes whose name is shorter than the text all share the text's values, the others were
                // computed at init. A select by mask, no per-lane scalar work.
                let w = Jaro._window(lb, lb)
                let textIsLonger = 0 &- ((_laneLengths &- SIMD16<UInt16>(repeating: UInt16(lb))) &>> 15)
                let window = (SIMD16<UInt16>(repeating: UInt16(w)) & textIsLonger) | (_laneWindow & ~textIsLonger)
                var windowMask = (SIMD16<UInt16>(repeating: UInt16((1 << (w + 1)) - 1)) & textIsLonger)
                    | (_laneWindowMask & ~textIsLonger)
                var matchedA = SIMD16<UInt16>.zero, matchedB = SIMD16<UInt16>.zero
                let one = SIMD16<UInt16>(repeating: 1)
                for j in 0..<lb {
                    let pm = table[Int(text[j])]
                    let candidates = pm & windowMask & ~matchedA
                    matchedA |= candidates & (0 &- candidates)
                    let found = (candidates | (0 &- candidates)) &>> 15  // 1 where candidates != 0
                    matchedB |= found &<< UInt16(j)
                    let grow = (SIMD16<UInt16>(repeating: UInt16(j)) &- window) &>> 15  // 1 where j < window
                    windowMask = (windowMask &<< 1) | grow
                }
                // Transpositions: walk text positions in order; a matched one pairs with the lowest
                // remaining matched name position.
                var restA = matchedA
                var unordered = SIMD16<UInt16>.zero
                for j in 0..<lb {
                    let isMatched = (matchedB &>> UInt16(j)) & one
                    let bitA = restA & (0 &- restA)
                    let hit = table[Int(text[j])] & bitA
                    let hitBit = (hit | (0 &- hit)) &>> 15
                    unordered &+= isMatched & (one &- hitBit)
                    restA ^= bitA & (0 &- isMatched)
                }
                // Scores for all lanes at once: the same one-division Jaro fraction and Winkler boost as
                // the scalar path (exact products, IEEE division per lane, so bit-identical results).
                var m = matchedA  // popcount per 16-bit lane
                m = m &- ((m &>> 1) & 0x5555)
                m = (m & 0x3333) &+ ((m &>> 2) & 0x3333)
                m = (m &+ (m &>> 4)) & 0x0F0F
                m = (m &+ (m &>> 8)) & 0x001F
                let zeroM = SIMD16<Double>(one &- (((m | (0 &- m)) &>> 15)))  // 1 where m == 0
                let md = SIMD16<Double>(m), la = SIMD16<Double>(_laneLengths), lbd = SIMD16<Double>(repeating: Double(lb))
                let t = SIMD16<Double>(unordered &>> 1)
                let numerator = md * md * (la + lbd) + (md - t) * la * lbd
                let jaro = numerator / (3 * la * lbd * md + zeroM)
                // Common prefix ≤ 4: running product of per-position equality.
                @inline(__always) func equal(_ lane: SIMD16<UInt16>, _ i: Int) -> SIMD16<UInt16> {
                    let d = lane ^ SIMD16<UInt16>(repeating: i < lb ? UInt16(text[i]) : 0x200)
                    return one &- ((d | (0 &- d)) &>> 15)
                }
                let e0 = equal(_lanePrefix.0, 0), e1 = e0 & equal(_lanePrefix.1, 1)
                let e2 = e1 & equal(_lanePrefix.2, 2), e3 = e2 & equal(_lanePrefix.3, 3)
                let prefix = SIMD16<Double>(e0 &+ e1 &+ e2 &+ e3)
                let boosted = jaro + prefix * JaroWinkler.prefixWeight * (1.0 - jaro)
                for k in 0..<n {
                    if _offsets[k + 1] - _offsets[k] > Self.maxLaneLength {
                        out[k] = JaroWinkler.similarity(name(k), text, cutoff: cutoff)
                        continue
                    }
                    let value = jaro[k] > JaroWinkler.boostThreshold ? boosted[k] : jaro[k]
                    out[k] = value >= cutoff ? value : 0
                }
            }
        }
    }
}
