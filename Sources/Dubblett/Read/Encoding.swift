/// Windows-1252 → UTF-8 (Swedish Excel exports) and the whole-file encoding statistics pass.
enum Windows1252 {
    /// Unicode scalars of bytes 0x80...0x9F; 0 marks the five bytes Windows-1252 leaves undefined.
    static let high: [UInt16] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E,
        0x0178,
    ]

    /// Whether Windows-1252 defines byte `b` (all but 0x81, 0x8D, 0x8F, 0x90, 0x9D).
    @inline(__always)
    static func isDefined(_ b: UInt8) -> Bool { b < 0x80 || b > 0x9F || high[Int(b) - 0x80] != 0 }

    /// Appends the UTF-8 encoding of Windows-1252 byte `b` to `out`.
    @inline(__always)
    static func append(_ b: UInt8, to out: inout [UInt8]) {
        if b < 0x80 {
            out.append(b)
            return
        }
        let scalar: UInt32 = b >= 0xA0 ? UInt32(b) : UInt32(high[Int(b) - 0x80])
        if scalar < 0x800 {
            out.append(UInt8(0xC0 | (scalar >> 6)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        } else {
            out.append(UInt8(0xE0 | (scalar >> 12)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }
}

/// What one pass over a byte range learned: quote count (for chunk parity) and encoding evidence.
struct ByteStats: Sendable {
    var quotes = 0
    var lineFeeds = 0
    var invalidUTF8 = 0
    var firstInvalidUTF8 = Int.max
    var validMultibyte = 0
    var firstUndefined1252 = Int.max
    /// The first valid UTF-8 sequence holding a byte Windows-1252 leaves undefined: text no Windows-1252
    /// file can contain, so evidence of UTF-8 (in a file that is not UTF-8: mixed encodings).
    var firstUTF8Only = Int.max
    var firstNUL = Int.max

    mutating func merge(_ o: ByteStats) {
        quotes += o.quotes
        lineFeeds += o.lineFeeds
        invalidUTF8 += o.invalidUTF8
        firstInvalidUTF8 = min(firstInvalidUTF8, o.firstInvalidUTF8)
        validMultibyte += o.validMultibyte
        firstUndefined1252 = min(firstUndefined1252, o.firstUndefined1252)
        firstUTF8Only = min(firstUTF8Only, o.firstUTF8Only)
        firstNUL = min(firstNUL, o.firstNUL)
    }

    /// Length of the valid UTF-8 sequence starting at `i` (lead byte ≥ 0x80), or 0 if invalid
    /// (RFC 3629 §4: no overlongs, no surrogates, nothing above U+10FFFF). May read past a chunk end.
    @inline(__always)
    static func utf8Length(_ p: UnsafeRawPointer, _ i: Int, _ n: Int) -> Int {
        let b0 = p.load(fromByteOffset: i, as: UInt8.self)
        @inline(__always) func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
            guard i + k < n else { return false }
            let b = p.load(fromByteOffset: i + k, as: UInt8.self)
            return b >= lo && b <= hi
        }
        switch b0 {
        case 0xC2...0xDF: return cont(1) ? 2 : 0
        case 0xE0: return cont(1, 0xA0) && cont(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return cont(1) && cont(2) ? 3 : 0
        case 0xED: return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0
        case 0xF0: return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0
        case 0xF1...0xF3: return cont(1) && cont(2) && cont(3) ? 4 : 0
        case 0xF4: return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0
        default: return 0
        }
    }

    /// Scans `[start, end)` of the `n` bytes at `p` in 64-byte blocks: quotes and NULs by SIMD masks, and
    /// UTF-8 validation only at bytes ≥ 0x80 (visited through the high-bit mask). A sequence begun before
    /// `start` is left to the previous chunk; one that runs past `end` is finished here.
    /// - Complexity: O(end − start); allocates nothing.
    static func scan(_ p: UnsafeRawPointer, count n: Int, start: Int, end: Int) -> ByteStats {
        var s = ByteStats()
        // `resume`: the first byte not yet consumed by a multi-byte sequence.
        var resume = start
        // Continuation bytes at the start belong to a sequence of the previous chunk if it covers them.
        if start > 0, start < end, p.load(fromByteOffset: start, as: UInt8.self) & 0xC0 == 0x80 {
            var lead = start - 1
            while lead > max(0, start - 4), p.load(fromByteOffset: lead, as: UInt8.self) & 0xC0 == 0x80 { lead -= 1 }
            let length = utf8Length(p, lead, n)
            if length > 0, lead + length > start { resume = lead + length }
        }
        let quote = SIMD16<UInt8>(repeating: .quote)
        let zero = SIMD16<UInt8>()
        let lf = SIMD16<UInt8>(repeating: .lf)
        let high = SIMD16<UInt8>(repeating: 0x80)
        var b = start
        while b < end {
            let valid = end - b
            let block = valid >= 64 ? ByteBlock(p + b) : ByteBlock(partial: p + b, count: valid)
            let validMask: UInt64 = valid >= 64 ? ~0 : (1 << UInt64(valid)) &- 1
            s.quotes += block.count(quote)  // padding bytes of a partial block are zero, never a quote
            s.lineFeeds += block.count(lf)
            if _slowPath(block.hasByte(zero)) {
                let nul = block.mask(zero) & validMask
                if nul != 0 { s.firstNUL = min(s.firstNUL, b + nul.trailingZeroBitCount) }
            }
            if !block.isASCII {
                var m = block.highMask(high) & validMask
                if resume > b { m &= resume - b >= 64 ? 0 : ~((UInt64(1) << UInt64(resume - b)) &- 1) }
                while m != 0 {
                    let i = b + m.trailingZeroBitCount
                    let length = utf8Length(p, i, n)
                    for k in 0..<max(1, length) where i + k < n {
                        let c = p.load(fromByteOffset: i + k, as: UInt8.self)
                        guard !Windows1252.isDefined(c) else { continue }
                        // Inside a valid UTF-8 sequence an undefined byte is UTF-8 evidence, not bad 1252.
                        if length == 0 {
                            s.firstUndefined1252 = min(s.firstUndefined1252, i + k)
                        } else {
                            s.firstUTF8Only = min(s.firstUTF8Only, i)
                        }
                    }
                    if length == 0 {
                        s.invalidUTF8 += 1
                        s.firstInvalidUTF8 = min(s.firstInvalidUTF8, i)
                        m &= m &- 1
                    } else {
                        s.validMultibyte += 1
                        resume = i + length
                        let consumed = resume - b
                        m &= consumed >= 64 ? 0 : ~((UInt64(1) << UInt64(consumed)) &- 1)
                    }
                }
            }
            b += 64
        }
        return s
    }
}
