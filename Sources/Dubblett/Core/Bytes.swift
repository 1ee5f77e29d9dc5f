/// Named ASCII bytes used by the scanners and normalisers (`UInt8.quote`, `.semicolon`, ...).
///
/// Comparisons against named constants read better than literals and compile to the same code.
extension UInt8 {
    public static let tab: UInt8 = 0x09
    public static let lf: UInt8 = 0x0A
    public static let cr: UInt8 = 0x0D
    public static let space: UInt8 = 0x20
    public static let quote: UInt8 = 0x22
    public static let plus: UInt8 = 0x2B
    public static let comma: UInt8 = 0x2C
    public static let hyphen: UInt8 = 0x2D
    public static let period: UInt8 = 0x2E
    public static let slash: UInt8 = 0x2F
    public static let digit0: UInt8 = 0x30
    public static let digit9: UInt8 = 0x39
    public static let colon: UInt8 = 0x3A
    public static let semicolon: UInt8 = 0x3B
    public static let at: UInt8 = 0x40
    public static let pipe: UInt8 = 0x7C
    public static let nul: UInt8 = 0x00

    /// Whether this byte is an ASCII digit `0`...`9`.
    @inlinable @inline(__always)
    public var isASCIIDigit: Bool { self &- 0x30 < 10 }
}

extension Array where Element: Comparable {
    /// Sorts the array and removes repeated elements in place (no second array).
    mutating func sortAndRemoveDuplicates() {
        sort()
        var unique = 0
        for i in indices where i == 0 || self[i] != self[i - 1] {
            self[unique] = self[i]
            unique += 1
        }
        removeLast(count - unique)
    }
}
