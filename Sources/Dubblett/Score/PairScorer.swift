/// Match weights for every candidate pair: table lookup per field plus term-frequency adjustments.
public enum PairScorer {
    /// Per-row log2 term frequencies of the fields that use them (empty arrays for fields that do not).
    public struct TermFrequencyColumns: Sendable {
        public var perField: [[Float]]
        public init(perField: [[Float]]) { self.perField = perField }

        /// Computes the columns for `comparisons` from the table's name hashes.
        public static func compute(_ f: FeatureTable, comparisons: [ComparisonSpec], workers: Int) -> Self {
            Self(perField: comparisons.map { spec -> [Float] in
                guard spec.termFrequency else { return [] }
                switch spec.field {
                case .firstName: return TermFrequencies.compute(hashes: f.firstHash, workers: workers).log2Frequency
                case .lastName: return TermFrequencies.compute(hashes: f.lastHash, workers: workers).log2Frequency
                default: return []
                }
            })
        }
    }

    /// The weight of each pair.
    /// - Complexity: O(pairs × fields); allocates the result only.
    public static func score(pairs: [UInt64], levels: [UInt32], masks: [UInt16], tables: MaskedWeightTables,
                             tf: TermFrequencyColumns, workers: Int) -> [Float] {
        var out = [Float](repeating: 0, count: pairs.count)
        let tfFields = tf.perField.indices.filter { !tf.perField[$0].isEmpty && tables.tables[0].tfField[$0] }
        out.withUnsafeMutableBufferPointer { ob in
            let o = UnsafeSendable(ob)
            Parallel.forEachChunk(count: pairs.count, workers: workers) { _, range in
                for i in range {
                    let v = levels[i]
                    let table = tables.table(masks[i])
                    var w = table.weight(v)
                    for f in tfFields where (v >> UInt32(4 * f)) & 0xF == 1 {
                        let p = pairs[i]
                        let col = tf.perField[f]
                        let t = max(col[Int(p >> 32)], col[Int(p & 0xFFFF_FFFF)])
                        // Replace log2(u_exact) by log2(frequency of this value), bounded.
                        w += max(-6, min(6, table.tfBase[f] - t))
                    }
                    o.value[i] = w
                }
            }
        }
        return out
    }
}
