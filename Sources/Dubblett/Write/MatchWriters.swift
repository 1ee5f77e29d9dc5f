import Foundation

/// Formats a `MatchResult` as files, each written atomically: clusters, explained pairs, review band,
/// refused links, links (link mode) and the run summary. Writers only format: every figure and
/// decision comes from the result.
public enum MatchWriters {
    /// The data files of `result` in `directory` (which must exist): `clusters.csv`, `pairs.csv`,
    /// `review.csv`, `splits.csv` for a dedupe; `links.csv`, `pairs.csv`, `review.csv` for a link.
    ///
    /// One file after another, each formatted by all workers. (Writing the clusters file and the pair
    /// files side by side with one worker each was measured slower at 1 M rows: the pairs file alone
    /// then took 1.44 s on one core.)
    /// - Returns: the names of the files written, in order.
    /// - Throws: `AtomicFileError` when a file cannot be written (nothing half-written is left).
    @discardableResult
    public static func write(_ result: MatchResult, to directory: String, workers: Int) throws -> [String] {
        let dir = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        var written: [String] = []
        if result.kind == .dedupe {
            try writeClusters(result, to: dir + "/clusters.csv", workers: workers)
            written.append("clusters.csv")
        } else {
            try writeLinks(result, to: dir + "/links.csv")
            written.append("links.csv")
        }
        try writePairs(result, .match, to: dir + "/pairs.csv", workers: workers)
        try writePairs(result, .review, to: dir + "/review.csv", workers: workers)
        written += ["pairs.csv", "review.csv"]
        if result.kind == .dedupe {
            try writeSplits(result, to: dir + "/splits.csv")
            written.append("splits.csv")
        }
        return written
    }

    /// `id,cluster_id,cluster_size` for every record; `cluster_id` is the smallest id among the
    /// cluster's members (`MatchResult`), so it depends on the members only.
    public static func writeClusters(_ result: MatchResult, to path: String, workers: Int) throws {
        let w = try AtomicFileWriter(path: path)
        w.write("id,cluster_id,cluster_size\n")
        let ids = RecordIDs(result.stores)
        let labels = result.output.clustering.labels, sizes = result.output.clustering.sizes
        let namer = result.clusterNamer
        try writeChunks(w, count: result.recordCount, workers: workers) { range, line in
            var scratch: [UInt8] = []
            for r in range {
                appendField(&line, r, ids, &scratch)
                line.append(.comma)
                appendField(&line, Int(namer[r]), ids, &scratch)
                line.append(.comma)
                appendInt(&line, Int(sizes[Int(labels[r])]))
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

    /// The pairs with `decision`, with the level and weight of every field.
    ///
    /// Columns: `id_a,id_b,match_weight,match_probability,blocking_rule`, then per field
    /// `<field>_level,<field>_weight` (the weight includes any term-frequency adjustment).
    /// - Returns: the number of pairs written.
    @discardableResult
    public static func writePairs(
        _ result: MatchResult, _ decision: MatchResult.Decision, to path: String, workers: Int
    ) throws -> Int {
        let w = try AtomicFileWriter(path: path)
        let model = result.model
        var header = "id_a,id_b,match_weight,match_probability,blocking_rule"
        for c in model.comparisons { header += ",\(c.name)_level,\(c.name)_weight" }
        w.write(header + "\n")
        let tables = result.weightTables
        let names = model.comparisons.map { $0.field.levelNames.map { Array($0.utf8) } }
        let ruleNames = result.ruleNames.map { Array($0.utf8) }
        let selected = decision == .match ? result.matchIndices : result.reviewIndices
        let ids = RecordIDs(result.stores)
        let o = result.output
        try writeChunks(w, count: selected.count, workers: workers) { range, line in
            var scratch: [UInt8] = []
            for s in range {
                let i = selected[s]
                appendField(&line, Int(o.pairs[i] >> 32), ids, &scratch)
                line.append(.comma)
                appendField(&line, Int(o.pairs[i] & 0xFFFF_FFFF), ids, &scratch)
                line.append(.comma)
                appendFixed(&line, Double(o.weights[i]), decimals: 2)
                line.append(.comma)
                appendFixed(&line, matchProbability(weight: Double(o.weights[i])), decimals: 4)
                line.append(.comma)
                line += ruleNames[Int(o.rules[i])]
                result.forEachFieldWeight(i, tables: tables) { f, level, weight in
                    line.append(.comma)
                    line += names[f][level]
                    line.append(.comma)
                    appendFixed(&line, weight, decimals: 2)
                }
                line.append(.lf)
            }
        }
        return selected.count
    }

    /// The links the guards refused: `id_a,id_b,match_weight,group_a_size,group_b_size,reason`.
    public static func writeSplits(_ result: MatchResult, to path: String) throws {
        let splits = result.output.clustering.splits, reasons = result.output.clustering.splitReasons
        let ids = RecordIDs(result.stores)
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
    public static func writeLinks(_ result: MatchResult, to path: String) throws {
        let o = result.output
        let ids = RecordIDs(result.stores)
        let w = try AtomicFileWriter(path: path)
        var line: [UInt8] = Array("id_a,id_b,match_weight,match_probability\n".utf8)
        var scratch: [UInt8] = []
        guard let best = o.bestMatch else {
            try w.commit()
            return
        }
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

    static func appendField(_ line: inout [UInt8], _ row: Int, _ ids: RecordIDs, _ scratch: inout [UInt8]) {
        // The id's bytes are appended straight from the store (no copy through `scratch`) unless they need
        // quoting; record ordinals are digits and never do.
        guard let field = ids.bytes(row) else {
            appendInt(&line, ids.ordinal(row))
            return
        }
        if !field.contains(where: { $0 == .comma || $0 == .quote || $0 == .lf || $0 == .cr }) {
            line.append(contentsOf: field)
            return
        }
        line.append(.quote)
        for b in field {
            if b == .quote { line.append(.quote) }
            line.append(b)
        }
        line.append(.quote)
    }

    @inline(__always)
    static func appendInt(_ line: inout [UInt8], _ v: Int) {
        if v < 0 { line.append(.hyphen) }
        var m = v.magnitude
        if m < 10 {
            line.append(UInt8(0x30 + m))
            return
        }
        // Digits right to left into a 20-byte stack buffer, then appended once.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buf in
            var i = 24
            while m > 0 {
                i -= 1
                buf[i] = UInt8(0x30 + m % 10)
                m /= 10
            }
            line.append(contentsOf: UnsafeRawBufferPointer(rebasing: buf[i..<24]))
        }
    }

    static func appendFixed(_ line: inout [UInt8], _ v: Double, decimals: Int) {
        precondition((0...18).contains(decimals), "at most 18 decimals")
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int((abs(v) * Double(scale)).rounded())
        // Right to left into a 48-byte stack buffer (fraction, period, integer part, sign), appended once.
        var digits: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buf in
            var i = 48
            var m = scaled
            for _ in 0..<decimals {
                i -= 1
                buf[i] = UInt8(0x30 + m % 10)
                m /= 10
            }
            i -= 1
            buf[i] = .period
            repeat {
                i -= 1
                buf[i] = UInt8(0x30 + m % 10)
                m /= 10
            } while m > 0
            if v < 0 && scaled != 0 {
                i -= 1
                buf[i] = .hyphen
            }
            line.append(contentsOf: UnsafeRawBufferPointer(rebasing: buf[i..<48]))
        }
    }
}
