import Foundation

/// Record identifiers for output files: the bytes of an id column, or the 1-based row number.
public struct RecordIdentifiers: Sendable {
    let bytes: @Sendable (Int, inout [UInt8]) -> Void

    /// Identifiers from `id(row)`, appended as raw bytes (CSV-quoted when needed by the writer).
    public init(_ append: @escaping @Sendable (Int, inout [UInt8]) -> Void) { bytes = append }

    /// The id column of `store` (or 1-based row numbers when it has none).
    public static func of(_ store: RecordStore) -> RecordIdentifiers {
        if let c = store.column(for: .id) {
            return RecordIdentifiers { row, out in out.append(contentsOf: store.field(row: row, column: c)) }
        }
        // Without an id column a record is named by its position among all data records of the file
        // (excluded rows counted), the same numbering `RecordStore.id(row:)` and the truth loader use.
        return RecordIdentifiers { row, out in MatchWriters.appendInt(&out, store.recordOrdinal(row: row)) }
    }

    /// Link mode: rows below `split` come from `a`, the rest from `b`.
    public static func of(_ a: RecordStore, _ b: RecordStore) -> RecordIdentifiers {
        let ia = of(a), ib = of(b)
        let split = a.rowCount
        return RecordIdentifiers { row, out in row < split ? ia.bytes(row, &out) : ib.bytes(row - split, &out) }
    }
}

/// Writes the outputs of a matching run, each file atomically: clusters, explained pairs, review band,
/// chaining splits, and the run summary.
public enum MatchWriters {
    /// `id,cluster_id,cluster_size` for every record; `cluster_id` is the 1-based row of the cluster's
    /// first record, so it is stable for the same input whatever the worker count.
    public static func writeClusters(
        to path: String, count: Int, clustering: ClusterBuilder.Result,
        ids: RecordIdentifiers, workers: Int = Parallel.defaultWorkers
    ) throws {
        let w = try AtomicFileWriter(path: path)
        w.write("id,cluster_id,cluster_size\n")
        let labels = clustering.labels, sizes = clustering.sizes
        try writeChunks(w, count: count, workers: workers) { range, line in
            var scratch: [UInt8] = []
            for r in range {
                appendField(&line, r, ids, &scratch)
                line.append(.comma)
                appendInt(&line, Int(labels[r]) + 1)
                line.append(.comma)
                appendInt(&line, Int(sizes[r]))
                line.append(.lf)
            }
        }
    }

    /// Formats `0..<count` in parallel chunks and writes them in order, then commits.
    ///
    /// Works in rounds of `workers × 4` chunks of at most 32 768 rows, reusing the round's buffers, so
    /// memory stays a few megabytes however large the file (10 M-row pairs files are ~700 MB).
    static func writeChunks(
        _ w: AtomicFileWriter, count: Int, workers: Int,
        _ format: @Sendable (Range<Int>, inout [UInt8]) -> Void
    ) throws {
        let rowsPerChunk = 32_768
        let perRound = max(1, workers) * 4
        var parts = [[UInt8]](repeating: [], count: perRound)
        var start = 0
        while start < count {
            let first = start
            let chunks = min(perRound, (count - first + rowsPerChunk - 1) / rowsPerChunk)
            parts.withUnsafeMutableBufferPointer { pb in
                let out = UnsafeSendable(pb)
                Parallel.forEachChunk(count: chunks, workers: workers) { _, cr in
                    for c in cr {
                        var buffer: [UInt8] = []
                        swap(&buffer, &out.value[c])
                        buffer.removeAll(keepingCapacity: true)
                        let lo = first + c * rowsPerChunk
                        format(lo..<min(count, lo + rowsPerChunk), &buffer)
                        out.value[c] = buffer
                    }
                }
            }
            for c in 0..<chunks { w.write(parts[c]) }
            start += chunks * rowsPerChunk
        }
        try w.commit()
    }

    /// Scored pairs with the level and weight of every field, for pairs whose weight passes `include`.
    ///
    /// Columns: `id_a,id_b,match_weight,match_probability,blocking_rule`, then per field
    /// `<field>_level,<field>_weight` (the weight includes any term-frequency adjustment).
    public static func writePairs(
        to path: String, output o: Pipeline.Output, rules: [BlockingRule], ids: RecordIdentifiers,
        workers: Int = Parallel.defaultWorkers,
        include: (Float) -> Bool
    ) throws -> Int {
        let w = try AtomicFileWriter(path: path)
        let model = o.model
        var header = "id_a,id_b,match_weight,match_probability,blocking_rule"
        for c in model.comparisons { header += ",\(c.field.rawValue)_level,\(c.field.rawValue)_weight" }
        w.write(header + "\n")
        let tables = MaskedWeightTables(model: model)
        let tf = o.termFrequencies
        let names = model.comparisons.map { $0.field.levelNames.map { Array($0.utf8) } }
        let ruleNames = rules.map { Array($0.name.utf8) }
        let selected = o.pairs.indices.filter { include(o.weights[$0]) }
        let fieldCount = model.comparisons.count
        try writeChunks(w, count: selected.count, workers: workers) { range, line in
            var scratch: [UInt8] = []
            for s in range {
                let i = selected[s]
                let a = Int(o.pairs[i] >> 32), b = Int(o.pairs[i] & 0xFFFF_FFFF)
                appendField(&line, a, ids, &scratch)
                line.append(.comma)
                appendField(&line, b, ids, &scratch)
                line.append(.comma)
                appendFixed(&line, Double(o.weights[i]), decimals: 2)
                line.append(.comma)
                appendFixed(&line, matchProbability(weight: Double(o.weights[i])), decimals: 4)
                line.append(.comma)
                line += ruleNames[Int(o.rules[i])]
                let v = LevelVector(raw: o.levels[i])
                let chosen = tables.weigh(o.levels[i], mask: o.masks[i]) { f, t in
                    tf.adjustment(field: f, table: t, a, b)
                }
                let t = tables.tables[chosen.table]
                for f in 0..<fieldCount {
                    let l = v[f]
                    var fw = Double(t.table[f * 16 + l])
                    if l == 1 && t.tfField[f] { fw += Double(tf.adjustment(field: f, table: t, a, b)) }
                    line.append(.comma)
                    line += names[f][l]
                    line.append(.comma)
                    appendFixed(&line, fw, decimals: 2)
                }
                line.append(.lf)
            }
        }
        return selected.count
    }

    /// The weak links the chaining guard refused: `id_a,id_b,match_weight,group_a_size,group_b_size`.
    /// `reasons` runs parallel to `splits` (why the guard refused the link); written as the last column.
    public static func writeSplits(
        to path: String, splits: [ClusterBuilder.Split], reasons: [ClusterBuilder.SplitReason], ids: RecordIdentifiers
    ) throws {
        precondition(reasons.count == splits.count, "one reason per split")
        let w = try AtomicFileWriter(path: path)
        var line: [UInt8] = Array("id_a,id_b,match_weight,group_a_size,group_b_size,reason\n".utf8)
        var scratch: [UInt8] = []
        for (s, reason) in zip(splits, reasons) {
            appendField(&line, Int(s.rowA), ids, &scratch)
            line.append(.comma)
            appendField(&line, Int(s.rowB), ids, &scratch)
            line.append(.comma)
            appendFixed(&line, Double(s.weight), decimals: 2)
            line.append(.comma)
            appendInt(&line, Int(s.sizeA))
            line.append(.comma)
            appendInt(&line, Int(s.sizeB))
            line.append(.comma)
            line.append(contentsOf: reason.description.utf8)
            line.append(.lf)
        }
        w.write(line)
        try w.commit()
    }

    /// Link mode: `id_a,id_b,match_weight,match_probability` for each A record's best match in B.
    public static func writeLinks(to path: String, output o: Pipeline.Output, ids: RecordIdentifiers) throws {
        let w = try AtomicFileWriter(path: path)
        var line: [UInt8] = Array("id_a,id_b,match_weight,match_probability\n".utf8)
        var scratch: [UInt8] = []
        guard let best = o.bestMatch else { return }
        var weightOf: [UInt64: Float] = [:]
        for i in o.pairs.indices { weightOf[o.pairs[i]] = o.weights[i] }
        for a in best.indices where best[a] >= 0 {
            let b = Int(best[a])
            let wgt = weightOf[UInt64(min(a, b)) << 32 | UInt64(max(a, b))] ?? 0
            appendField(&line, a, ids, &scratch)
            line.append(.comma)
            appendField(&line, b, ids, &scratch)
            line.append(.comma)
            appendFixed(&line, Double(wgt), decimals: 2)
            line.append(.comma)
            appendFixed(&line, matchProbability(weight: Double(wgt)), decimals: 4)
            line.append(.lf)
            if line.count > 1 << 16 { w.write(line); line.removeAll(keepingCapacity: true) }
        }
        w.write(line)
        try w.commit()
    }

    /// The run summary as pretty JSON.
    public static func writeSummary<T: Encodable>(to path: String, _ value: T) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        let w = try AtomicFileWriter(path: path)
        w.write(Array(try enc.encode(value)))
        w.write("\n")
        try w.commit()
    }

    // MARK: - Formatting

    static func appendField(_ line: inout [UInt8], _ row: Int, _ ids: RecordIdentifiers, _ scratch: inout [UInt8]) {
        scratch.removeAll(keepingCapacity: true)
        ids.bytes(row, &scratch)
        if scratch.contains(where: { $0 == .comma || $0 == .quote || $0 == .lf || $0 == .cr }) {
            line.append(.quote)
            for b in scratch {
                if b == .quote { line.append(.quote) }
                line.append(b)
            }
            line.append(.quote)
        } else {
            line += scratch
        }
    }

    @inline(__always)
    static func appendInt(_ line: inout [UInt8], _ v: Int) {
        if v < 0 { line.append(.hyphen); appendInt(&line, -v); return }
        if v >= 10 { appendInt(&line, v / 10) }
        line.append(UInt8(0x30 + v % 10))
    }

    static func appendFixed(_ line: inout [UInt8], _ v: Double, decimals: Int) {
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int((abs(v) * Double(scale)).rounded())
        if v < 0 && scaled != 0 { line.append(.hyphen) }
        appendInt(&line, scaled / scale)
        line.append(.period)
        var div = scale / 10
        let frac = scaled % scale
        while div > 0 {
            line.append(UInt8(0x30 + (frac / div) % 10))
            div /= 10
        }
    }
}
