/// SfinxBis phonetic keys for Swedish names, packed into integers.
///
/// Implements the SfinxBis rules (Pål Axelsson, "SfinxBis", SWAMI, 2009; reference Java by Allan Sjöö,
/// Uppsala University; behaviour cross-checked with the published vectors Johansson = J585,
/// Sjöberg = #162, Christopher = K68376, Smith = Schmidt = S53, Niall = N4), per word:
/// 1. lower-case, hyphen → space, ß → ss, ð → eth, þ → th; nobility and foreign particles (af, av,
///    von, van, de, la, …) are skipped as separate words (kept when the name has nothing else);
/// 2. runs of one letter collapse (Pettersson → Peterson);
/// 3. "Swedify": stiern → stjärn, hie → hj, siö → sjö, sch → sh, qu → kv, io → jo, ph → f; a vowel
///    followed by ü/y/i → vowel + j; h before a consonant is dropped (Pehr → Per); then w → v, z → s,
///    æ → ä, ø → ö, ü → y and accented letters to their base letter; only a–z, å, ä, ö are kept;
/// 4. the first sound gets one symbol: a vowel → `$`; dj/gj/hj/lj and g + soft vowel → j; q → k;
///    sj-sounds (ch + vowel, sch, skj, stj, sh, kj, tj, sj, sk + soft vowel, k + soft vowel) → `#`;
///    c + hard vowel or consonant → k; c + soft vowel and x → s; else the letter itself;
/// 5. the rest: dt → t, x → ks, c + soft vowel → s; then b p → 1, c g j k q → 2, d t → 3, l → 4,
///    m n → 5, r → 6, f v w → 7, s z → 8, vowels and h → 9; equal neighbours collapse; 9s are dropped.
///
/// So Karlsson = Carlsson = K6485, Eriksson = Ericsson = Erixon = $6285, Kjell = Tjell = #4. Like every
/// vowel-dropping key it over-merges (Lind = Lund = L53, Lindberg = Lundberg): use it as a blocking key
/// or one comparison level, never alone.
///
/// Keys pack with `PhoneticKeyPacker` (exact up to 10 symbols, a flagged 63-bit hash beyond); word codes
/// in a whole-name key are separated by a separator symbol. Words longer than 120 letters are truncated.
public enum SwedishPhonetic {
    /// SfinxBis key of a whole name (all words but particles, in order), packed; 0 only when the name has
    /// no letters.
    ///
    /// - Complexity: O(|name|); no allocation.
    public static func key(_ name: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var packer = PhoneticKeyPacker()
        _forEachWordCode(name) { word in
            if packer.count > 0 { packer.append(_separatorSymbol) }
            for k in 0..<word.count { packer.append(word[k]) }
            return true
        }
        return packer.key
    }

    /// SfinxBis key of a whole name given as an array (convenience).
    public static func key(_ name: [UInt8]) -> UInt64 { name.withUnsafeBufferPointer { key($0) } }

    /// Keys per word (particles skipped), written into `out`; returns how many were written (at most
    /// `out.count`).
    ///
    /// - Complexity: O(|name|); no allocation.
    public static func wordKeys(_ name: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt64>) -> Int {
        var written = 0
        _forEachWordCode(name) { word in
            guard written < out.count else { return false }
            var packer = PhoneticKeyPacker()
            for k in 0..<word.count { packer.append(word[k]) }
            out[written] = packer.key
            written += 1
            return true
        }
        return written
    }

    /// The readable SfinxBis code, words comma-separated ("K6485", "$5,K6485"), for display and tests.
    ///
    /// - Complexity: O(|name|); allocates the returned `String`.
    public static func code(_ name: [UInt8]) -> String {
        var text: [Character] = []
        name.withUnsafeBufferPointer { buffer in
            _forEachWordCode(buffer) { word in
                if !text.isEmpty { text.append(",") }
                for k in 0..<word.count { text.append(_display(word[k])) }
                return true
            }
        }
        return String(text)
    }

    // MARK: Symbols

    /// Symbol of the word separator inside a whole-name key.
    static let _separatorSymbol: UInt8 = 40
    static let _dollar: UInt8 = 30
    static let _hash: UInt8 = 31

    /// Symbol (1...39) of a first-sound letter or of a digit code (`digit` 1...8 → 32...39).
    @inline(__always)
    static func _letterSymbol(_ c: UInt8) -> UInt8 {
        switch c {
        case 0x61...0x7A: return c - 0x60  // a-z → 1...26
        case 0xE5: return 27  // å
        case 0xE4: return 28  // ä
        case 0xF6: return 29  // ö
        case 0x24: return _dollar
        default: return _hash  // '#'
        }
    }

    static func _display(_ symbol: UInt8) -> Character {
        switch symbol {
        case 1...26: return Character(Unicode.Scalar(symbol + 0x40))
        case 27: return "Å"
        case 28: return "Ä"
        case 29: return "Ö"
        case _dollar: return "$"
        case _hash: return "#"
        case 32...39: return Character(Unicode.Scalar(symbol - 32 + 0x31))
        default: return ","
        }
    }
}
