/// Double Metaphone keys for names of non-Swedish origin, packed into integers.
///
/// Lawrence Philips, "The Double Metaphone Search Algorithm", C/C++ Users Journal, June 2000: English
/// spelling rules plus Germanic, Slavic, Romance, Greek and other exceptions, giving a primary code and
/// an alternate code of up to 4 letters each (from A F H J K L M N P R S T X and 0 for "th"). Used by
/// Splink and dedupe for name blocking; two names are candidates when any of their codes agree.
///
/// Input is the engine alphabet (lower-case Latin-1): letters are upper-cased, ç and ñ keep their own
/// rules, other accented letters fold to their base letter (å ä → A, ö ø → O, é → E, ü → U, ß → SS);
/// spaces and hyphens separate words (so "van "/"von " prefixes apply). Bytes past 120 are ignored.
///
/// Keys: each code's letters as 4-bit symbols 1...14, base-16, so every code (≤ 4 letters) has its own
/// key and the key is 0 only for an empty code. When no alternate spelling applies, `alternate ==
/// primary`.
public enum DoubleMetaphone {
    /// Primary and alternate Double Metaphone keys of a name, packed (0 for an empty code).
    ///
    /// - Complexity: O(|name|); no allocation.
    public static func keys(_ name: UnsafeBufferPointer<UInt8>) -> (primary: UInt64, alternate: UInt64) {
        var state = _Encoder()
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: _capacity + _padding) { buffer in
            let n = _load(name, into: buffer.baseAddress!)
            state.run(buffer.baseAddress!, count: n)
        }
        return (state.primary.key, state.alternate.key)
    }

    /// Keys of a name given as an array (convenience).
    public static func keys(_ name: [UInt8]) -> (primary: UInt64, alternate: UInt64) {
        name.withUnsafeBufferPointer { keys($0) }
    }

    /// The readable codes ("XMT" / "SMT" for "schmidt"), for display and tests.
    ///
    /// - Complexity: O(|name|); allocates the returned strings.
    public static func codes(_ name: [UInt8]) -> (primary: String, alternate: String) {
        let k = keys(name)
        return (_text(k.primary), _text(k.alternate))
    }

    static let _capacity = 120
    static let _padding = 8
    static let _letters: [Character] = ["?", "A", "F", "H", "J", "K", "L", "M", "N", "P", "R", "S", "T", "X", "0"]

    static func _text(_ key: UInt64) -> String {
        var symbols: [Character] = []
        var k = key
        while k != 0 { symbols.append(_letters[Int(k & 15)]); k >>= 4 }
        return String(symbols.reversed())
    }

    /// Upper-cases and folds `name` into `out` (Ç = 0xC7 and Ñ = 0xD1 kept), pads with spaces; returns
    /// the length without padding.
    static func _load(_ name: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        var n = 0
        var i = 0
        // Skip leading separators so position 0 is the first letter.
        while i < name.count && (name[i] == 0x20 || name[i] == 0x2D) { i += 1 }
        while i < name.count && n < _capacity - 1 {
            let c = name[i]
            i += 1
            let mapped: UInt8
            switch c {
            case 0x61...0x7A: mapped = c - 0x20
            case 0x41...0x5A: mapped = c
            case 0x20, 0x2D: mapped = 0x20
            case 0xE7, 0xC7: mapped = 0xC7
            case 0xF1, 0xD1: mapped = 0xD1
            case 0xE0...0xE6, 0xC0...0xC6: mapped = 0x41
            case 0xE8...0xEB, 0xC8...0xCB: mapped = 0x45
            case 0xEC...0xEF, 0xCC...0xCF: mapped = 0x49
            case 0xF2...0xF6, 0xF8, 0xD2...0xD6, 0xD8: mapped = 0x4F
            case 0xF9...0xFC, 0xD9...0xDC: mapped = 0x55
            case 0xFD, 0xFF, 0xDD: mapped = 0x59
            case 0xDF: out[n] = 0x53; n += 1; mapped = 0x53
            default: continue
            }
            if mapped == 0x20 && (n == 0 || out[n - 1] == 0x20) { continue }
            out[n] = mapped
            n += 1
        }
        while n > 0 && out[n - 1] == 0x20 { n -= 1 }
        for k in n..<(n + _padding) { out[k] = 0x20 }
        return n
    }
}

/// A code of at most 4 letters being built.
struct _MetaphoneCode {
    var key: UInt64 = 0
    var count = 0
    mutating func add(_ s: StaticString) {
        for k in 0..<s.utf8CodeUnitCount where count < 4 {
            let symbol: UInt64
            switch s.utf8Start[k] {
            case 0x41: symbol = 1  // A
            case 0x46: symbol = 2  // F
            case 0x48: symbol = 3  // H
            case 0x4A: symbol = 4  // J
            case 0x4B: symbol = 5  // K
            case 0x4C: symbol = 6  // L
            case 0x4D: symbol = 7  // M
            case 0x4E: symbol = 8  // N
            case 0x50: symbol = 9  // P
            case 0x52: symbol = 10  // R
            case 0x53: symbol = 11  // S
            case 0x54: symbol = 12  // T
            case 0x58: symbol = 13  // X
            default: symbol = 14  // 0 (th)
            }
            key = key << 4 | symbol
            count += 1
        }
    }
}
