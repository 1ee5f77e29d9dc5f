/// The values of the columns a settings file declares (`ExtraColumn`), one fixed-width value per record.
extension FeatureBuilder {
    /// Fills `extraColumns`, `extraValues` and `extraTokens` of `t` for `declared` (in order; a declaration
    /// whose column the register lacks is all missing — `Pipeline` refuses such settings before this runs).
    /// - Complexity: O(field bytes of the declared columns) on `workers` threads; no allocation per row.
    static func buildExtraColumns(
        _ t: inout FeatureTable, _ store: RecordStore, declared: [ExtraColumn], count n: Int, workers: Int
    ) {
        var columns: [ExtraFeatureColumn] = []
        var tokens = 0
        for d in declared.prefix(ExtraColumn.limit) {
            columns.append(ExtraFeatureColumn(name: d.name, kind: d.kind, tokenOffset: d.kind == .text ? tokens : -1))
            if d.kind == .text { tokens += ExtraValue.tokenSlots }
        }
        t.extraColumns = columns
        let k = columns.count, stride = tokens
        t.extraValues = [UInt64](repeating: 0, count: n * k)
        t.extraTokens = [UInt32](repeating: 0, count: n * stride)
        guard k > 0 else { return }
        for (slot, d) in declared.prefix(k).enumerated() {
            guard let c = d.index(in: store) else { continue }
            let field: @Sendable (Int) -> UnsafeRawBufferPointer = { store.field(row: $0, column: c) }
            let monthFirst = d.kind == .date ? columnMonthFirst(count: n, field: field) : nil
            let kind = d.kind, offset = columns[slot].tokenOffset
            t.extraValues.withUnsafeMutableBufferPointer { values in
                t.extraTokens.withUnsafeMutableBufferPointer { words in
                    let out = UnsafeSendable((values, words))
                    Parallel.forEachChunk(count: n, workers: workers) { _, range in
                        let (values, words) = out.value
                        for row in range {
                            let input = field(row)
                            let v: UInt64
                            switch kind {
                            case .date: v = ExtraValue.date(input, monthFirst: monthFirst)
                            case .number: v = ExtraValue.number(input)
                            case .category: v = ExtraValue.category(input)
                            case .text:
                                let start = row * stride + offset
                                v = ExtraValue.text(
                                    input,
                                    into: UnsafeMutableBufferPointer(rebasing: words[start..<start + ExtraValue.tokenSlots]))
                            }
                            values[row * k + slot] = v
                        }
                    }
                }
            }
        }
    }
}
