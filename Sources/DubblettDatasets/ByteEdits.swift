import Dubblett
/// In-place edits on UTF-8 field bytes: the corruptions a register picks up (typos, lost diacritics,
/// case changes) and the ASCII folding used for e-mail local parts.
///
/// Only Latin-1 letters occur in generated values, so every non-ASCII letter is the two-byte sequence
/// `C3 xx` (U+00C0...U+00FF); the edits rely on that and never split such a pair.
enum ByteEdits {
    /// Neighbouring keys on a Swedish QWERTY keyboard (ASCII letters only), indexed by `letter - a`.
    static let neighbours: [[UInt8]] = {
        let rows = ["qwertyuiop", "asdfghjkl", "zxcvbnm"].map { Array($0.utf8) }
        var table = [[UInt8]](repeating: [], count: 26)
        for (r, row) in rows.enumerated() {
            for (c, ch) in row.enumerated() {
                var near: [UInt8] = []
                if c > 0 { near.append(row[c - 1]) }
                if c + 1 < row.count { near.append(row[c + 1]) }
                for other in [r - 1, r + 1] where other >= 0 && other < rows.count {
                    let o = rows[other]
                    for dc in [c - 1, c, c + 1] where dc >= 0 && dc < o.count { near.append(o[dc]) }
                }
                table[Int(ch - 97)] = near
            }
        }
        return table
    }()

    @inline(__always) static func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) &- 97 < 26 }

    /// One keyboard typo at a random ASCII letter: insert a neighbour, delete, substitute by a
    /// neighbour, or transpose with the next letter. Leaves fields without ASCII letters alone.
    static func typo(_ f: inout [UInt8], _ rng: inout SplitMix64) {
        guard f.count >= 2 else { return }
        var pos = -1
        for _ in 0..<4 {
            let i = rng.below(f.count)
            if isASCIILetter(f[i]) { pos = i; break }
        }
        guard pos >= 0 else { return }
        let lower = f[pos] | 0x20
        let upper = f[pos] != lower
        let near = neighbours[Int(lower - 97)]
        var n = near[rng.below(near.count)]
        if upper { n &= ~0x20 }
        switch rng.below(4) {
        case 0: f.insert(near[rng.below(near.count)], at: pos + 1)
        case 1: f.remove(at: pos)
        case 2: f[pos] = n
        default:
            if pos + 1 < f.count, isASCIILetter(f[pos + 1]) { f.swapAt(pos, pos + 1) } else { f[pos] = n }
        }
    }

    /// Replaces å/ä/ö (and é, ü) by their bare letters, or transliterates å/ä/ö as aa/ae/oe.
    static func loseDiacritics(_ f: inout [UInt8], transliterate: Bool) {
        guard f.contains(0xC3) else { return }
        var out: [UInt8] = []
        out.reserveCapacity(f.count + 4)
        var i = 0
        while i < f.count {
            let b = f[i]
            guard b == 0xC3, i + 1 < f.count else { out.append(b); i += 1; continue }
            let c = f[i + 1]
            let upper = c < 0xA0
            let base = upper ? c &+ 0x20 : c
            var bare: UInt8 = 0
            var second: UInt8 = 0
            switch base {
            case 0xA5: bare = 97; second = transliterate ? 97 : 0  // å
            case 0xA4: bare = 97; second = transliterate ? 101 : 0  // ä
            case 0xB6: bare = 111; second = transliterate ? 101 : 0  // ö
            case 0xA9, 0xA8: bare = 101  // é è
            case 0xBC: bare = transliterate ? 117 : 121; second = transliterate ? 101 : 0  // ü
            default: out.append(b); out.append(c); i += 2; continue
            }
            out.append(upper ? bare & ~0x20 : bare)
            if second != 0 { out.append(second) }
            i += 2
        }
        f = out
    }

    /// Upper-cases ASCII and Latin-1 letters in place.
    static func uppercase(_ f: inout [UInt8]) {
        var i = 0
        while i < f.count {
            let b = f[i]
            if b &- 97 < 26 { f[i] = b &- 32 } else if b == 0xC3, i + 1 < f.count {
                let c = f[i + 1]
                if c >= 0xA0, c <= 0xBE, c != 0xB7 { f[i + 1] = c &- 0x20 }
                i += 1
            }
            i += 1
        }
    }

    /// Lower-cases ASCII and Latin-1 letters in place.
    static func lowercase(_ f: inout [UInt8]) {
        var i = 0
        while i < f.count {
            let b = f[i]
            if b &- 65 < 26 { f[i] = b &+ 32 } else if b == 0xC3, i + 1 < f.count {
                let c = f[i + 1]
                if c >= 0x80, c <= 0x9E, c != 0x97 { f[i + 1] = c &+ 0x20 }
                i += 1
            }
            i += 1
        }
    }

    /// Appends `name` folded to lower-case ASCII letters (å→a, ä→a, ö→o, é→e ...), dropping spaces,
    /// hyphens and anything else, as people do in e-mail local parts.
    static func appendEmailFolded(_ name: [UInt8], to out: inout [UInt8]) {
        var i = 0
        while i < name.count {
            let b = name[i]
            if b &- 97 < 26 { out.append(b) } else if b &- 65 < 26 { out.append(b &+ 32) } else if b == 0xC3,
                i + 1 < name.count
            {
                let c = name[i + 1] | 0x20
                switch c {
                case 0xA0...0xA5: out.append(97)
                case 0xA6: out.append(97); out.append(101)
                case 0xA7: out.append(99)
                case 0xA8...0xAB: out.append(101)
                case 0xAC...0xAF: out.append(105)
                case 0xB1: out.append(110)
                case 0xB2...0xB6, 0xB8: out.append(111)
                case 0xB9...0xBC: out.append(117)
                case 0xBD, 0xBF: out.append(121)
                default: break
                }
                i += 1
            }
            i += 1
        }
    }

    /// Generic Swedish surname respellings for names without listed variants: -sson/-son,
    /// qvist/kvist, initial C/K, doubled consonants. Returns false when no rule applies.
    static func respellSurname(_ f: inout [UInt8]) -> Bool {
        func replace(_ from: String, _ to: String) -> Bool {
            let a = Array(from.utf8)
            guard f.count >= a.count else { return false }
            for start in stride(from: f.count - a.count, through: 0, by: -1) where f[start] == a[0] {
                if Array(f[start..<(start + a.count)]) == a {
                    f.replaceSubrange(start..<(start + a.count), with: Array(to.utf8))
                    return true
                }
            }
            return false
        }
        if replace("sson", "son") || replace("qvist", "kvist") || replace("kvist", "qvist") { return true }
        if f.first == 67 { f[0] = 75; return true }  // C → K
        if f.first == 75 { f[0] = 67; return true }  // K → C
        for pair in ["tt", "ll", "nn", "mm", "ss", "rr"] where replace(pair, String(pair.first!)) { return true }
        return false
    }
}
