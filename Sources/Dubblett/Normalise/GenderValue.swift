/// Gender as written in registers → 1 (man) or 2 (woman); 0 when empty or not recognised.
///
/// Accepted, case-insensitive and trimmed: `M`, `Man`, `Male`, `Mann`, `Herr`, `Hr`; `K`, `F`, `Kvinna`,
/// `Female`, `Kvinne`, `Fru`, `Kv`. Anything else (digits too: registers disagree on 1/2 and 1/0) is 0.
/// - Complexity: O(1); allocates nothing.
enum GenderValue {
    /// Up to eight ASCII bytes, lower-cased, packed big-end first (0 when longer or not ASCII).
    static func pack<S: Sequence<UInt8>>(_ bytes: S) -> UInt64 {
        var v: UInt64 = 0
        var n = 0
        for b in bytes {
            n += 1
            if n > 8 || b >= 0x80 { return 0 }
            v = v << 8 | UInt64(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
        }
        return v
    }

    static let men: Set<UInt64> = Set(["m", "man", "male", "mann", "herr", "hr", "hr."].map { pack($0.utf8) })
    static let women: Set<UInt64> = Set(["k", "f", "kvinna", "female", "kvinne", "fru", "kv", "kv."].map { pack($0.utf8) })

    static func parse(_ input: UnsafeRawBufferPointer) -> UInt8 {
        let range = NormaliseSupport.trimmed(input)
        if range.isEmpty || range.count > 8 { return 0 }
        let v = pack(UnsafeRawBufferPointer(rebasing: input[range]))
        return men.contains(v) ? 1 : women.contains(v) ? 2 : 0
    }
}
