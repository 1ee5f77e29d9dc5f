/// Turns a name field into a canonical, comparable byte string with one byte per letter.
///
/// The output alphabet is Latin-1 lower case: ASCII `a`–`z` and digits, plus the Latin-1 letters as
/// their lower-case code points (`å` = 0xE5, `ä` = 0xE4, `ö` = 0xF6, `é` = 0xE9, `ü` = 0xFC, `ß` = 0xDF,
/// …), a single space between tokens and a hyphen kept only *inside* a double name
/// (`Jonsson-Blomqvist`). Because every letter is one byte, Jaro-Winkler and edit distances over the
/// output count letters, not UTF-8 bytes.
///
/// Rules, in the order they apply to each Unicode scalar of the UTF-8 input:
/// - ASCII letters are lower-cased; digits are kept; `'`, `` ` ``, `´`, `’` are dropped without a break
///   (`O'Brien` → `obrien`); `-` and the Unicode dashes U+2010–U+2015 become a hyphen when they join two
///   word characters, otherwise a space; all other punctuation, symbols and white space become one space;
///   leading and trailing spaces are removed.
/// - Latin-1 letters (U+00C0–U+00FF) map to their lower-case Latin-1 byte; `×` and `÷` are separators.
/// - Combining marks (U+0300–U+036F) compose with the preceding letter where the result is a Latin-1
///   letter (`a` + U+030A → `å`, `o` + U+0308 → `ö`, `e` + U+0301 → `é`), which makes the output
///   insensitive to NFC versus NFD input; other marks are dropped.
/// - Latin Extended-A letters (U+0100–U+017F: `Ł`, `Č`, `ő`, …) and `ș`/`ț` fold to their ASCII base letter
///   (`Œ`/`œ` → `oe`, `Ĳ`/`ĳ` → `ij`, `Ÿ` → `ÿ`); letters of other scripts are dropped.
/// - A byte that does not start a well-formed UTF-8 sequence is read as a Latin-1 character, so a
///   Windows-1252 field that slipped past the reader still normalises sensibly.
///
/// **Folded form** (`folded: true`) is a comparison key, not a display form. It additionally maps
/// `å ä à á â ã æ` → `a`, `ö ø ò ó ô õ` → `o`, `é è ê ë` → `e`, `ü ý ÿ` → `y`, `ù ú û` → `u`, `ì í î ï` → `i`,
/// `ç` → `c`, `ñ` → `n`, `ð` → `d`, `ß` → `ss`, `þ` → `th`, and then undoes the common ASCII
/// transliterations of å/ä/ö: `aa` → `a` everywhere (`Aakesson` = `Åkesson`), and `ae` → `a`, `oe` → `o`
/// only when the next letter is a consonant other than `l` (`Baeckstroem` → `backstrom`,
/// `Hoeglund` → `hoglund`), which keeps `Michael`, `Rafael`, `Joel`, `Noel` and `Zoe` intact. The rules
/// are applied to both sides of every comparison, so the occasional genuine `aa` (`Saab` → `sab`) still
/// compares equal to itself. Particles (`von`, `af`, `de`) are kept as tokens.
///
/// - Complexity: O(n) in the input length; no allocation. The output never exceeds the input length,
///   so `out.count >= input.count` is always enough (a lone non-UTF-8 `ß`/`Þ`/`þ` byte therefore folds to a
///   single `s`/`t`); a smaller buffer truncates the result.
public enum NameNormaliser {
    /// Normalises the UTF-8 name in `input` into `out` and returns the number of bytes written.
    public static func normalise(
        _ input: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<UInt8>, folded: Bool
    ) -> Int {
        var w = NameWriter(out: out, folded: folded)
        w.consume(input)
        return w.finish()
    }

    /// Convenience form of `normalise(_:into:folded:)` for tests and cold paths (allocates).
    public static func normalise(_ s: String, folded: Bool) -> [UInt8] {
        var utf8 = Array(s.utf8)
        var out = [UInt8](repeating: 0, count: utf8.count)
        let n = utf8.withUnsafeMutableBytes { raw in
            out.withUnsafeMutableBufferPointer { normalise(UnsafeRawBufferPointer(raw), into: $0, folded: folded) }
        }
        out.removeSubrange(n...)
        return out
    }

    /// Folds an already normalised exact form (output of `folded: false`) into the folded form.
    ///
    /// Cheaper than normalising the raw field twice; `fold(exact)` equals `normalise(raw, folded: true)`.
    /// `out.count >= 2 * exact.count` is always enough (`ß` → `ss`, `þ` → `th`).
    /// - Complexity: O(n); no allocation.
    public static func fold(_ exact: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var w = NameWriter(out: out, folded: true)
        for b in exact {
            switch b {
            case .space: w.separator()
            case .hyphen: w.hyphen()
            default: w.letter(b)
            }
        }
        return w.finish()
    }

    /// The folded form of one exact-alphabet byte, or 0 for `ß`/`þ` (which fold to two letters).
    @inlinable @inline(__always)
    public static func foldedByte(_ b: UInt8) -> UInt8 {
        if b < 0x80 { return b }
        switch b {
        case 0xE0...0xE6: return 0x61  // à á â ã ä å æ → a
        case 0xE7: return 0x63  // ç → c
        case 0xE8...0xEB: return 0x65  // è é ê ë → e
        case 0xEC...0xEF: return 0x69  // ì í î ï → i
        case 0xF0: return 0x64  // ð → d
        case 0xF1: return 0x6E  // ñ → n
        case 0xF2...0xF6, 0xF8: return 0x6F  // ò ó ô õ ö ø → o
        case 0xF9...0xFB: return 0x75  // ù ú û → u
        case 0xFC, 0xFD, 0xFF: return 0x79  // ü ý ÿ → y
        default: return 0
        }
    }
}

/// The output side of `NameNormaliser`: pending separators, bounds, folding.
@usableFromInline
struct NameWriter {
    let base: UnsafeMutablePointer<UInt8>?
    let capacity: Int
    let folded: Bool
    var count = 0
    /// 0, `.space` or `.hyphen`: the separator to write before the next letter.
    var pending: UInt8 = 0
    var lastWasWord = false

    init(out: UnsafeMutableBufferPointer<UInt8>, folded: Bool) {
        base = out.baseAddress
        capacity = out.count
        self.folded = folded
    }

    @inline(__always)
    mutating func put(_ b: UInt8) {
        if count < capacity { base![count] = b; count += 1 }
    }

    @inline(__always)
    mutating func separator() {
        if count > 0 { pending = .space }
        lastWasWord = false
    }

    @inline(__always)
    mutating func hyphen() {
        if pending == 0 && lastWasWord {
            pending = .hyphen
        } else if pending != .hyphen && count > 0 {
            pending = .space
        }
        lastWasWord = false
    }

    /// Appends one exact-alphabet letter (lower-case Latin-1 byte), folding it if asked.
    @inline(__always)
    mutating func letter(_ b: UInt8) {
        if pending != 0 { put(pending); pending = 0 }
        lastWasWord = true
        if !folded || b < 0x80 { put(b); return }
        let f = NameNormaliser.foldedByte(b)
        if f != 0 { put(f); return }
        if b == 0xDF { put(0x73); put(0x73) } else if b == 0xFE { put(0x74); put(0x68) }
    }

    /// Composes a combining mark with the letter just written, if that gives a Latin-1 letter.
    @inline(__always)
    mutating func combiningMark(_ mark: UInt32) {
        guard lastWasWord, pending == 0, count > 0, count <= capacity else { return }
        let c = NameWriter.compose(base![count - 1], mark)
        if c == 0 { return }
        base![count - 1] = folded ? (NameNormaliser.foldedByte(c) == 0 ? c : NameNormaliser.foldedByte(c)) : c
    }

    /// Latin-1 precomposed letter for `base` + combining `mark`, or 0.
    static func compose(_ base: UInt8, _ mark: UInt32) -> UInt8 {
        switch (base, mark) {
        case (0x61, 0x300): return 0xE0
        case (0x61, 0x301): return 0xE1
        case (0x61, 0x302): return 0xE2
        case (0x61, 0x303): return 0xE3
        case (0x61, 0x308): return 0xE4
        case (0x61, 0x30A): return 0xE5
        case (0x63, 0x327): return 0xE7
        case (0x65, 0x300): return 0xE8
        case (0x65, 0x301): return 0xE9
        case (0x65, 0x302): return 0xEA
        case (0x65, 0x308): return 0xEB
        case (0x69, 0x300): return 0xEC
        case (0x69, 0x301): return 0xED
        case (0x69, 0x302): return 0xEE
        case (0x69, 0x308): return 0xEF
        case (0x6E, 0x303): return 0xF1
        case (0x6F, 0x300): return 0xF2
        case (0x6F, 0x301): return 0xF3
        case (0x6F, 0x302): return 0xF4
        case (0x6F, 0x303): return 0xF5
        case (0x6F, 0x308): return 0xF6
        case (0x75, 0x300): return 0xF9
        case (0x75, 0x301): return 0xFA
        case (0x75, 0x302): return 0xFB
        case (0x75, 0x308): return 0xFC
        case (0x79, 0x301): return 0xFD
        case (0x79, 0x308): return 0xFF
        default: return 0
        }
    }

    /// ASCII base letters for U+0100–U+017F (Latin Extended-A); `#` marks the two-letter and `ÿ` cases.
    static let extendedA: StaticString =
        """
        aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii##jjkkkllllllllllnnnnnnnnnoooooo##rrrrrrssssssss\
        ttttttuuuuuuuuuuuuwwyy#zzzzzzs
        """

    /// Reads the whole input, scalar by scalar.
    @inline(__always)
    mutating func consume(_ input: UnsafeRawBufferPointer) {
        let n = input.count
        var i = 0
        while i < n {
            let b = input[i]
            if b < 0x80 {
                ascii(b)
                i += 1
                continue
            }
            var scalar = UInt32(b)
            var len = 1
            if b >= 0xC2 && b <= 0xDF && i + 1 < n && input[i + 1] & 0xC0 == 0x80 {
                scalar = (UInt32(b & 0x1F) << 6) | UInt32(input[i + 1] & 0x3F)
                len = 2
            } else if b >= 0xE0 && b <= 0xEF && i + 2 < n && input[i + 1] & 0xC0 == 0x80
                        && input[i + 2] & 0xC0 == 0x80 {
                scalar = (UInt32(b & 0x0F) << 12) | (UInt32(input[i + 1] & 0x3F) << 6) | UInt32(input[i + 2] & 0x3F)
                len = 3
            } else if b >= 0xF0 && b <= 0xF4 && i + 3 < n && input[i + 1] & 0xC0 == 0x80
                        && input[i + 2] & 0xC0 == 0x80 && input[i + 3] & 0xC0 == 0x80 {
                scalar = 0x1_0000  // outside the Basic Multilingual Plane: never a name letter we keep
                len = 4
            } else if folded && (b == 0xDF || b == 0xDE || b == 0xFE) {
                // A lone Windows-1252 ß/Þ/þ byte: fold to one letter so the output never outgrows the input.
                letter(b == 0xDF ? 0x73 : 0x74)
                i += 1
                continue
            }
            nonASCII(scalar)
            i += len
        }
    }

    @inline(__always)
    mutating func ascii(_ b: UInt8) {
        switch b {
        case 0x61...0x7A, 0x30...0x39: letter(b)
        case 0x41...0x5A: letter(b | 0x20)
        case .hyphen: hyphen()
        case 0x27, 0x60: break  // ' and ` inside names (O'Brien, D`Angelo)
        default: separator()
        }
    }

    @inline(never)
    mutating func nonASCII(_ u: UInt32) {
        switch u {
        case 0xC0...0xDE where u != 0xD7: letter(UInt8(u) | 0x20)
        case 0xDF...0xFF where u != 0xF7: letter(UInt8(u))
        case 0xB4, 0xAD: break  // ´ used as an apostrophe; soft hyphen (invisible)
        case 0x100...0x17F:
            let idx = Int(u - 0x100)
            let c = NameWriter.extendedA.utf8Start[idx]
            if c != 0x23 { letter(c); return }
            switch u {
            case 0x132, 0x133: letter(0x69); letter(0x6A)
            case 0x152, 0x153: letter(0x6F); letter(0x65)
            default: letter(0xFF)  // Ÿ
            }
        case 0x218, 0x219: letter(0x73)  // Ș ș
        case 0x21A, 0x21B: letter(0x74)  // Ț ț
        case 0x300...0x36F: combiningMark(u)
        case 0x2010...0x2015, 0x2212: hyphen()
        case 0x2018, 0x2019, 0x201B, 0x2032: break  // typographic apostrophes
        case 0x200B...0x200D, 0xFEFF: break  // zero-width characters, BOM
        case 0x80...0xBF, 0xD7, 0xF7, 0x2000...0x206F, 0x3000: separator()
        default: break  // letters of other scripts, symbols: dropped
        }
    }

    /// Ends the field: drops a dangling separator and, in folded form, undoes aa/ae/oe in place.
    mutating func finish() -> Int {
        guard folded, count > 1, let p = base else { return count }
        var r = 0
        var w = 0
        let n = count
        while r < n {
            let c = p[r]
            if r + 1 < n {
                let next = p[r + 1]
                if c == 0x61 && next == 0x61 { p[w] = c; w += 1; r += 2; continue }
                if (c == 0x61 || c == 0x6F) && next == 0x65 && r + 2 < n && NameWriter.isConsonantNotL(p[r + 2]) {
                    p[w] = c; w += 1; r += 2; continue
                }
            }
            p[w] = c
            w += 1
            r += 1
        }
        count = w
        return w
    }

    @inline(__always)
    static func isConsonantNotL(_ b: UInt8) -> Bool {
        guard b >= 0x61 && b <= 0x7A else { return false }
        switch b {
        case 0x61, 0x65, 0x69, 0x6F, 0x75, 0x79, 0x6C: return false
        default: return true
        }
    }
}
