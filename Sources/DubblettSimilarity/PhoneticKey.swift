/// Packs a phonetic code (a short sequence of symbols) into one `UInt64`, so equality is one compare.
///
/// Symbols are 6-bit values 1...63 (never 0). A code of at most 10 symbols is stored exactly as the
/// base-64 numeral of its symbols (bits 0..<60, bit 63 clear): since no symbol is 0, two different
/// codes of ≤ 10 symbols never share a key. A longer code is stored as bit 63 set plus 63 bits of a
/// hash of *all* its symbols; hashed keys never equal exact ones (bit 63), and two different long codes
/// collide with probability about 2⁻⁶³ per pair. The key is 0 only when no symbol was appended.
///
/// - Complexity: O(1) per symbol; no allocation.
public struct PhoneticKeyPacker {
    /// Symbols packed so far, exact while `count` ≤ 10.
    var packed: UInt64 = 0
    /// FNV-1a style running hash over every symbol.
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    /// Number of symbols appended.
    public private(set) var count = 0

    /// The most symbols stored exactly.
    public static let exactSymbols = 10

    /// An empty packer.
    public init() {}

    /// Appends one symbol (1...63).
    @inline(__always)
    public mutating func append(_ symbol: UInt8) {
        assert(symbol != 0 && symbol < 64, "phonetic symbols are 1...63")
        if count < Self.exactSymbols { packed = packed &<< 6 | UInt64(symbol) }
        hash = (hash ^ UInt64(symbol)) &* 0x0000_0100_0000_01B3
        count += 1
    }

    /// The packed key: exact for ≤ 10 symbols, flagged hash beyond, 0 when empty.
    public var key: UInt64 {
        if count <= Self.exactSymbols { return packed }
        var z = hash ^ UInt64(count)  // SplitMix64 finaliser spreads the FNV state over all bits
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return (UInt64(1) << 63) | (z & ~(UInt64(1) << 63))
    }
}
