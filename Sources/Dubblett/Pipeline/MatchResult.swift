/// Everything a run found: clusters with stable ids, scored pairs with per-field explanations, the
/// review band, the links the guards refused, the model and the run report.
///
/// Records are numbered `0..<recordCount` in source order (in link mode, source A's records first,
/// then B's); `id(ofRecord:)` gives the register's own id. A cluster's id is the smallest id among
/// its members (ids of digits compare as numbers), so it depends only on who the members are, not on
/// row order or worker count, and survives a re-run on the same data.
///
/// The result keeps the record stores alive (ids are read from them on demand). Writers
/// (`MatchWriters`) only format a result.
public struct MatchResult: Sendable {
    /// What kind of job produced the result.
    public enum Kind: String, Sendable { case dedupe, link }

    /// A pair's decision: at or above the match threshold, or in the review band below it.
    public enum Decision: String, Sendable { case match, review }

    /// A scored candidate pair at or above the review threshold.
    public struct ScoredPair: Sendable, Hashable {
        /// Position of the pair in `pairs` (for `explanation(of:)`).
        public var index: Int
        public var recordA: Int
        public var recordB: Int
        /// Match weight (log2 odds, term-frequency adjusted).
        public var weight: Double
        /// The weight as a probability.
        public var probability: Double { matchProbability(weight: weight) }
        /// Name of the blocking rule that generated the pair.
        public var rule: String
        public var decision: Decision
    }

    /// One field's part in a pair's weight.
    public struct FieldWeight: Sendable, Hashable {
        /// The compared field (`first_name`, `personnummer`, …).
        public var field: String
        /// The comparison level the pair reached (`exact`, `jw_0.92`, `null`, …).
        public var level: String
        /// The field's weight at that level (log2 m/u, with any term-frequency adjustment).
        public var weight: Double
    }

    /// A cluster of two or more records.
    public struct Cluster: Sendable, Hashable {
        public var id: String
        /// Member records in ascending order.
        public var records: [Int]
    }

    /// A link the chaining or conflict guard refused (the two groups it would have joined).
    public struct GuardSplit: Sendable, Hashable {
        public var recordA: Int
        public var recordB: Int
        public var weight: Double
        public var sizeA: Int
        public var sizeB: Int
        /// `chaining`, `personnummer`, `birth_date`, … (`ClusterBuilder.SplitReason`).
        public var reason: String
    }

    /// The pairs at or above the review threshold, in the engine's order.
    public struct ScoredPairs: RandomAccessCollection, Sendable {
        let result: MatchResult
        public var startIndex: Int { 0 }
        public var endIndex: Int { result.output.pairs.count }
        public subscript(i: Int) -> ScoredPair {
            let o = result.output
            let w = o.weights[i]
            return ScoredPair(
                index: i, recordA: Int(o.pairs[i] >> 32), recordB: Int(o.pairs[i] & 0xFFFF_FFFF),
                weight: Double(w), rule: result.ruleNames[Int(o.rules[i])],
                decision: w >= result.matchThreshold ? .match : .review)
        }
    }

    public let kind: Kind
    /// The report: counts and seconds per stage, blocking per rule, the model's summary.
    public internal(set) var report: RunReport
    /// The model the pairs were scored with (trained, or the one given).
    public var model: MatchModel { output.model }

    /// The stores the records came from (one, or A and B in link mode).
    package let stores: [RecordStore]
    /// The engine's arrays (pairs, levels, weights, rules, masks, clustering).
    package let output: Pipeline.Output
    let ruleNames: [String]
    let matchThreshold: Float
    /// The model's weight tables, built once for explanations and writers.
    package let weightTables: MaskedWeightTables
    /// Per record: the record whose id names its cluster.
    package let clusterNamer: [Int32]
    /// Indices into `pairs` of the matches and of the review band, in engine order.
    package let matchIndices: [Int]
    package let reviewIndices: [Int]

    init(kind: Kind, stores: [RecordStore], output: Pipeline.Output, settings: MatchSettings) {
        self.kind = kind
        self.stores = stores
        self.output = output
        self.report = output.report
        self.ruleNames = settings.blockingRules.map(\.name)
        self.matchThreshold = Float(settings.matchThreshold)
        self.weightTables = MaskedWeightTables(model: output.model)
        var match: [Int] = [], review: [Int] = []
        for i in output.weights.indices {
            if output.weights[i] >= matchThreshold { match.append(i) } else { review.append(i) }
        }
        matchIndices = match
        reviewIndices = review
        clusterNamer = Self.namers(labels: output.clustering.labels, ids: RecordIDs(stores))
    }

    // MARK: - Records and clusters

    /// Records in the run (both sources in link mode).
    public var recordCount: Int { output.clustering.labels.count }

    /// The register's id of `record`: its id column's value, or its 1-based position in its file.
    public func id(ofRecord record: Int) -> String { RecordIDs(stores).string(record) }

    /// Which source `record` came from: 0, or 1 for register B in link mode.
    public func source(ofRecord record: Int) -> Int { record < stores[0].rowCount ? 0 : 1 }

    /// The id of `record`'s cluster (the smallest member id; a singleton's is its own id).
    public func clusterID(ofRecord record: Int) -> String { id(ofRecord: Int(clusterNamer[record])) }

    /// The number of records in `record`'s cluster.
    public func clusterSize(ofRecord record: Int) -> Int {
        Int(output.clustering.sizes[Int(output.clustering.labels[record])])
    }

    /// The clusters of at least `minimumSize` records, ordered by id of their first member.
    /// - Complexity: O(n); allocates an array per cluster.
    public func clusters(minimumSize: Int = 2) -> [Cluster] {
        var members: [Int32: [Int]] = [:]
        for r in 0..<recordCount where clusterSize(ofRecord: r) >= minimumSize {
            members[output.clustering.labels[r], default: []].append(r)
        }
        return members.values.sorted { $0[0] < $1[0] }.map { Cluster(id: clusterID(ofRecord: $0[0]), records: $0) }
    }

    /// Link mode: `record`'s best match in register B at or above the match threshold, if any.
    public func bestMatch(ofRecord record: Int) -> Int? {
        guard let best = output.bestMatch, record < best.count, best[record] >= 0 else { return nil }
        return Int(best[record])
    }

    // MARK: - Pairs

    /// Every pair at or above the review threshold (matches and review band), in the engine's order.
    public var pairs: ScoredPairs { ScoredPairs(result: self) }

    /// The pairs with `decision`, in the engine's order.
    public func pairs(_ decision: Decision) -> [ScoredPair] {
        (decision == .match ? matchIndices : reviewIndices).map { pairs[$0] }
    }

    /// Each field's level and weight for `pair`; the weights sum to the pair's weight minus the prior.
    public func explanation(of pair: ScoredPair) -> [FieldWeight] {
        let levelNames = model.comparisons.map { $0.field.levelNames }
        var out: [FieldWeight] = []
        forEachFieldWeight(pair.index, tables: weightTables) { f, level, weight in
            out.append(FieldWeight(field: model.comparisons[f].name, level: levelNames[f][level], weight: weight))
        }
        return out
    }

    /// Calls `body(field, level, weight)` for every compared field of pair `i` (no allocation).
    @inline(__always)
    package func forEachFieldWeight(
        _ i: Int, tables: MaskedWeightTables, _ body: (_ field: Int, _ level: Int, _ weight: Double) -> Void
    ) {
        // Reads the output's arrays in place: a copy of `output` here cost a retain and release of each of
        // its arrays per pair (4 % of a 1 M-row run's CPU in the pair writers).
        let pair = output.pairs[i], level = output.levels[i]
        let a = Int(pair >> 32), b = Int(pair & 0xFFFF_FFFF)
        let chosen = tables.weigh(level, mask: output.masks[i]) { f, t in
            output.termFrequencies.adjustment(field: f, table: t, a, b)
        }
        let t = tables.tables[chosen.table]
        let v = LevelVector(raw: level)
        let tf = output.termFrequencies
        for f in 0..<t.fieldCount {
            let l = v[f]
            var fw = Double(t.table[f * 16 + l])
            if l == 1 && t.tfField[f] { fw += Double(tf.adjustment(field: f, table: t, a, b)) }
            body(f, l, fw)
        }
    }

    /// The links the guards refused.
    public var splits: [GuardSplit] {
        zip(output.clustering.splits, output.clustering.splitReasons).map { s, reason in
            GuardSplit(
                recordA: Int(s.rowA), recordB: Int(s.rowB), weight: Double(s.weight), sizeA: Int(s.sizeA),
                sizeB: Int(s.sizeB), reason: reason.description)
        }
    }

    // MARK: - Stable cluster names

    /// Per record, the member of its cluster with the smallest id (`RecordIDs.less`).
    static func namers(labels: [Int32], ids: RecordIDs) -> [Int32] {
        var best = [Int32](repeating: -1, count: labels.count)
        for r in labels.indices {
            let root = Int(labels[r])
            if best[root] < 0 || ids.less(r, Int(best[root])) { best[root] = Int32(r) }
        }
        return labels.map { best[Int($0)] }
    }
}

/// Record ids across the run's stores: id-column bytes, or 1-based record positions in their file.
package struct RecordIDs: Sendable {
    let stores: [RecordStore]
    let idColumns: [Int?]
    let split: Int

    package init(_ stores: [RecordStore]) {
        self.stores = stores
        idColumns = stores.map { $0.column(for: .id) }
        split = stores[0].rowCount
    }

    @inline(__always)
    func locate(_ record: Int) -> (Int, Int) { record < split ? (0, record) : (1, record - split) }

    /// The id of `record` as text.
    package func string(_ record: Int) -> String {
        let (s, r) = locate(record)
        return stores[s].id(row: r)
    }

    /// The id column's bytes of `record` (valid while the stores are), or nil when its source has no id
    /// column (then `ordinal(_:)` is its id).
    @inline(__always)
    package func bytes(_ record: Int) -> UnsafeRawBufferPointer? {
        let (s, r) = locate(record)
        guard let c = idColumns[s] else { return nil }
        return stores[s].field(row: r, column: c)
    }

    /// The record's 1-based ordinal in its file (its id when the file has no id column).
    package func ordinal(_ record: Int) -> Int {
        let (s, r) = locate(record)
        return stores[s].recordOrdinal(row: r)
    }

    /// Appends the id bytes of `record` to `out` (no allocation beyond `out`'s growth).
    package func append(_ record: Int, to out: inout [UInt8]) {
        let (s, r) = locate(record)
        if let c = idColumns[s] {
            out.append(contentsOf: stores[s].field(row: r, column: c))
        } else {
            MatchWriters.appendInt(&out, stores[s].recordOrdinal(row: r))
        }
    }

    /// Whether `a`'s id sorts before `b`'s: ids of digits only by number (shorter first after leading
    /// zeros are stripped), other ids by their bytes; equal ids by record position.
    package func less(_ a: Int, _ b: Int) -> Bool {
        let (sa, ra) = locate(a), (sb, rb) = locate(b)
        guard let ca = idColumns[sa], let cb = idColumns[sb] else {
            if idColumns[sa] == nil && idColumns[sb] == nil {
                let oa = stores[sa].recordOrdinal(row: ra), ob = stores[sb].recordOrdinal(row: rb)
                return oa != ob ? oa < ob : a < b
            }
            return a < b
        }
        let x = stores[sa].field(row: ra, column: ca), y = stores[sb].field(row: rb, column: cb)
        let c = Self.compare(x, y)
        return c != 0 ? c < 0 : a < b
    }

    static func compare(_ x: UnsafeRawBufferPointer, _ y: UnsafeRawBufferPointer) -> Int {
        func digitsOnly(_ s: UnsafeRawBufferPointer) -> Bool {
            !s.isEmpty && s.allSatisfy { $0 >= .digit0 && $0 <= .digit9 }
        }
        var x = x, y = y
        if digitsOnly(x) && digitsOnly(y) {
            while x.count > 1 && x.first == .digit0 { x = UnsafeRawBufferPointer(rebasing: x.dropFirst()) }
            while y.count > 1 && y.first == .digit0 { y = UnsafeRawBufferPointer(rebasing: y.dropFirst()) }
            if x.count != y.count { return x.count < y.count ? -1 : 1 }
        }
        let n = min(x.count, y.count)
        for i in 0..<n where x[i] != y[i] { return x[i] < y[i] ? -1 : 1 }
        return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
    }
}

extension MatchResult {
    /// Adds the writers' time to the report (the CLI writes after the run).
    public mutating func recordWriteTime(_ seconds: Double) { report.time("write", seconds) }
}
