/// Computes every record's blocking key for each rule: XXH3-64 over the parts' values, seeded per rule.
///
/// A key is `0` when the record lacks any part (it is not blocked by that rule). Keys keep the top 33
/// bits of the hash (with the lowest bit set, so never 0): the radix sort then needs three 11-bit
/// passes instead of six, and the rare collision only merges two buckets (a few extra pairs compared).
/// Equal parts under different rules hash differently because the seed differs.
public enum KeyHasher {
    /// The bits a key occupies (the generator keeps window positions above them).
    public static let keyBits = 33
    /// The key bits of a key-matrix entry.
    public static let keyMask: UInt64 = (1 << UInt64(keyBits)) - 1

    /// The seed of rule `index`.
    @inlinable public static func seed(rule index: Int) -> UInt64 { 0x9E37_79B9_7F4A_7C15 &* UInt64(index + 1) }

    /// One key per row for `rule`, computed on `workers` threads.
    /// - Complexity: O(rows × parts); allocates the result only.
    public static func keys(for rule: BlockingRule, index: Int, features f: FeatureTable, workers: Int) -> [UInt64] {
        let n = f.count
        var out = [UInt64](repeating: 0, count: n)
        let seed = seed(rule: index)
        let parts = rule.parts
        precondition(!parts.isEmpty && parts.count <= 8, "a blocking rule needs 1 to 8 parts")
        out.withUnsafeMutableBufferPointer { buf in
            let dst = UnsafeSendable(buf)
            Parallel.forEachChunk(count: n, workers: workers) { _, range in
                var tmp: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
                withUnsafeMutableBytes(of: &tmp) { raw in
                    let words = raw.bindMemory(to: UInt64.self)
                    for row in range {
                        var missing = false
                        for (i, p) in parts.enumerated() {
                            let v = p.value(f, row)
                            if v == 0 { missing = true; break }
                            words[i] = v
                        }
                        if missing { dst.value[row] = 0; continue }
                        let h = XXH3.hash(UnsafeRawBufferPointer(rebasing: raw[0..<parts.count * 8]), seed: seed)
                        dst.value[row] = (h >> UInt64(64 - keyBits)) | 1
                    }
                }
            }
        }
        return out
    }
}
