import Foundation

/// How common each record's exact name is in the register: log2 of its relative frequency.
///
/// Used for the term-frequency adjustment of an exact name match (as Splink and fastLink do): two
/// records that share a rare surname are stronger evidence than two Anderssons. The adjustment
/// replaces the exact level's u by the value's own frequency:
/// `log2(m/u_value) = log2(m/u) + (log2(u) − log2(u_value))`.
///
/// - Complexity: O(n) plus one radix sort of the name hashes.
public enum TermFrequencies {
    /// log2(frequency among non-missing values) per row (0 for missing), and Σ p² (the chance that
    /// two random non-missing records share a value).
    public static func compute(hashes: [UInt64], workers: Int) -> (log2Frequency: [Float], collision: Double) {
        let n = hashes.count
        var keys: [UInt64] = []
        var rows: [UInt32] = []
        keys.reserveCapacity(n)
        rows.reserveCapacity(n)
        for (r, h) in hashes.enumerated() where h != 0 {
            // Fibonacci hashing, then the top 33 bits: enough to group values (three radix passes), works
            // for raw numbers (personnummer, dates) as well as hashes; collisions are negligible.
            keys.append((h &* 0x9E37_79B9_7F4A_7C15) >> 31 | 1)
            rows.append(UInt32(r))
        }
        var out = [Float](repeating: 0, count: n)
        let total = keys.count
        if total == 0 { return (out, 0) }
        RadixSort.sort(keys: &keys, payload: &rows, workers: workers)
        var collision = 0.0
        var i = 0
        while i < total {
            var j = i + 1
            while j < total && keys[j] == keys[i] { j += 1 }
            let p = Double(j - i) / Double(total)
            collision += p * p
            let l = Float(log2(p))
            for k in i..<j { out[Int(rows[k])] = l }
            i = j
        }
        return (out, collision)
    }
}
