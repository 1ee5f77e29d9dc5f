import Foundation

/// A register's blocking buckets held in memory, for matching one record at a time in microseconds.
///
/// A server that answers "is this customer already in the register?" cannot run the candidate generator
/// over a million rows per request. This index keeps, per blocking rule, the register's keys sorted
/// (each run of equal keys is a bucket, an oversized one ordered by the rule's window order as the
/// generator orders it), the key matrix for agreement masks, and the term frequencies of the names.
/// A query record is then blocked by binary search, compared with its candidates only, and scored with
/// the register's model:
///
/// ```
/// query ─► features ─► key per rule ─► bucket (binary search) ─► candidates (whole bucket, or the
///          window around the query's place in an oversized one) ─► levels ─► weight, explanation
/// ```
///
/// The index is a value: `appending(_:inactive:)` gives the index after a batch (new rows merged into
/// every rule's sorted keys, replaced and removed rows taken out) without sorting the register again.
/// - Complexity: building O(rows × rules) plus one radix sort per rule; a query O(rules × log rows +
///   candidates × fields); memory about 20 bytes per row per rule plus the features.
public struct RegisterIndex: Sendable {
    /// The register's settings and model.
    public let matcher: IncrementalMatcher
    /// The features of every row (slot) of the register, inactive ones included.
    public private(set) var features: FeatureTable
    /// Per row, whether it joins no bucket (a replaced or removed record).
    public private(set) var inactive: [Bool]
    /// Per rule: the keys of the active keyed rows, sorted, and their rows.
    var sortedKeys: [[UInt64]]
    var sortedRows: [[UInt32]]
    /// `keyMatrix[row * rules + k]`: row's key under rule `k` (0 = not blocked).
    var keyMatrix: [UInt64]
    /// Per compared field with term frequencies: log2 frequency per row, and value hash → count.
    var tfColumns: PairScorer.TermFrequencyColumns
    var tfCounts: [[UInt64: Int32]]
    var tfTotals: [Int]

    /// Builds the index of `features` (rows with `inactive[row]` join no bucket).
    public init(matcher: IncrementalMatcher, features: FeatureTable, inactive: [Bool]? = nil, workers: Int) {
        precondition(inactive == nil || inactive!.count == features.count, "one inactive flag per row")
        self.matcher = matcher
        self.features = features
        self.inactive = inactive ?? [Bool](repeating: false, count: features.count)
        let rules = matcher.settings.blockingRules
        keyMatrix = CandidateGenerator.keyMatrix(rules, features, workers: workers)
        sortedKeys = []
        sortedRows = []
        tfColumns = PairScorer.TermFrequencyColumns(perField: [])
        tfCounts = []
        tfTotals = []
        for k in rules.indices {
            var keys: [UInt64] = [], rows: [UInt32] = []
            keys.reserveCapacity(features.count)
            rows.reserveCapacity(features.count)
            for r in 0..<features.count where !self.inactive[r] {
                let key = keyMatrix[r * rules.count + k]
                if key != 0 {
                    keys.append(key)
                    rows.append(UInt32(r))
                }
            }
            RadixSort.sort(keys: &keys, payload: &rows, workers: workers)
            Self.orderWindowedBuckets(rule: rules[k], keys: keys, rows: &rows, features, maxBucket: matcher.settings.maxBucket)
            sortedKeys.append(keys)
            sortedRows.append(rows)
        }
        computeTermFrequencies(workers: workers)
    }

    /// The number of rows (slots), inactive ones included.
    public var count: Int { features.count }

    /// Orders every bucket larger than `maxBucket` by the rule's window order, then row (the generator's
    /// sorted neighbourhood); smaller buckets keep row order.
    static func orderWindowedBuckets(
        rule: BlockingRule, keys: [UInt64], rows: inout [UInt32], _ f: FeatureTable, maxBucket: Int,
        only touched: Set<UInt64>? = nil
    ) {
        var i = 0
        let n = keys.count
        while i < n {
            var j = i + 1
            while j < n && keys[j] == keys[i] { j += 1 }
            if j - i > maxBucket && touched?.contains(keys[i]) != false {
                var order = (i..<j).map { idx -> (UInt64, UInt64, UInt32) in
                    let r = Int(rows[idx])
                    return (Self.order(rule, f, r, 0), Self.order(rule, f, r, 1), rows[idx])
                }
                order.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
                for (p, o) in order.enumerated() { rows[i + p] = o.2 }
            }
            i = j
        }
    }

    @inline(__always)
    static func order(_ rule: BlockingRule, _ f: FeatureTable, _ row: Int, _ part: Int) -> UInt64 {
        part < rule.windowOrder.count ? rule.windowOrder[part].orderValue(f, row) : 0
    }

    mutating func computeTermFrequencies(workers: Int) {
        let specs = matcher.model.comparisons
        tfColumns = PairScorer.TermFrequencyColumns.compute(features, comparisons: specs, workers: workers)
        tfCounts = []
        tfTotals = []
        for spec in specs {
            var counts: [UInt64: Int32] = [:]
            var total = 0
            if spec.termFrequency, let hashes = Self.tfHashes(spec, features) {
                for h in hashes where h != 0 {
                    counts[h, default: 0] += 1
                    total += 1
                }
            }
            tfCounts.append(counts)
            tfTotals.append(total)
        }
    }

    static func tfHashes(_ spec: ComparisonSpec, _ f: FeatureTable) -> [UInt64]? {
        switch spec.field {
        case .firstName: return f.firstHash
        case .lastName: return f.lastHash
        default: return nil
        }
    }

    // MARK: - Queries

    /// One register row that a query record may be the same person as.
    public struct Candidate: Sendable {
        /// The register row (slot).
        public var row: Int
        /// The match weight (log2 Bayes factor, prior included).
        public var weight: Float
        /// The comparison levels (`LevelVector` raw value).
        public var levels: UInt32
        /// Per compared field: its name, level name and weight; the weights sum to `weight` minus the prior.
        public var fields: [MatchResult.FieldWeight]

        /// The probability that the two are the same person.
        public var probability: Double { matchProbability(weight: Double(weight)) }
    }

    /// The register rows that `query` (one row of features, built with the register's settings) may be
    /// the same as: every row sharing a bucket with it (the window around its place in an oversized
    /// bucket), scored, with weight at or above `minimumWeight`, best first, at most `limit`.
    public func match(_ query: FeatureTable, minimumWeight: Float, limit: Int) -> [Candidate] {
        precondition(query.count == 1, "one query record")
        let rules = matcher.settings.blockingRules
        let stride = rules.count
        var queryKeys = [UInt64](repeating: 0, count: stride)
        for k in rules.indices { queryKeys[k] = KeyHasher.keys(for: rules[k], index: k, features: query, workers: 1)[0] }
        var rows: [UInt32] = []
        for k in rules.indices where queryKeys[k] != 0 {
            let keys = sortedKeys[k], slots = sortedRows[k]
            let s = Self.lowerBound(keys, queryKeys[k])
            var e = s
            while e < keys.count && keys[e] == queryKeys[k] { e += 1 }
            if e == s { continue }
            if e - s + 1 <= matcher.settings.maxBucket {
                rows.append(contentsOf: slots[s..<e])
            } else {
                // Oversized: the query's place by window order (after equal rows: it is the newest).
                let rule = rules[k]
                let qa = Self.order(rule, query, 0, 0), qb = Self.order(rule, query, 0, 1)
                var lo = s, hi = e
                while lo < hi {
                    let mid = (lo + hi) / 2
                    let r = Int(slots[mid])
                    if (Self.order(rule, features, r, 0), Self.order(rule, features, r, 1)) <= (qa, qb) {
                        lo = mid + 1
                    } else {
                        hi = mid
                    }
                }
                let span = (rule.window ?? matcher.settings.window) - 1
                rows.append(contentsOf: slots[max(s, lo - span)..<min(e, lo + span)])
            }
        }
        if rows.isEmpty { return [] }
        rows.sortAndRemoveDuplicates()
        // A small table: the query at 0, the candidates after it.
        var local = query
        local.append(gathering: rows, from: features)
        var pairs = [UInt64](repeating: 0, count: rows.count)
        var masks = [UInt16](repeating: 0, count: rows.count)
        let maskRules = min(16, stride)
        for (i, r) in rows.enumerated() {
            pairs[i] = UInt64(i + 1)
            var mask: UInt16 = 0
            for j in 0..<maskRules {
                let q = queryKeys[j]
                if q != 0 && q == keyMatrix[Int(r) * stride + j] { mask |= 1 << UInt16(j) }
            }
            masks[i] = mask
        }
        let specs = matcher.model.comparisons
        let levels = local.compareAll(pairs, specs: specs, workers: 1)
        var tf = PairScorer.TermFrequencyColumns(perField: [])
        for (f, spec) in specs.enumerated() {
            guard f < tfColumns.perField.count, !tfColumns.perField[f].isEmpty, let hashes = Self.tfHashes(spec, query)
            else {
                tf.perField.append([])
                continue
            }
            // The query counts itself, as it would in a batch run over the register and it.
            let h = hashes[0]
            var column = [Float](repeating: 0, count: rows.count + 1)
            if h != 0 {
                column[0] = Float(log2(Double(Int(tfCounts[f][h] ?? 0) + 1) / Double(tfTotals[f] + 1)))
            }
            for (i, r) in rows.enumerated() { column[i + 1] = tfColumns.perField[f][Int(r)] }
            tf.perField.append(column)
        }
        let tables = matcher.tables
        // Weigh every candidate; explain only the `limit` best (the explanation builds strings).
        var kept: [(i: Int, weight: Float, table: Int)] = []
        for i in rows.indices {
            let chosen = tables.weigh(levels[i], mask: masks[i]) { f, t in tf.adjustment(field: f, table: t, 0, i + 1) }
            if chosen.weight >= minimumWeight { kept.append((i, chosen.weight, chosen.table)) }
        }
        kept.sort { $0.weight != $1.weight ? $0.weight > $1.weight : rows[$0.i] < rows[$1.i] }
        if kept.count > limit { kept.removeLast(kept.count - limit) }
        let levelNames = specs.map { $0.field.levelNames }
        return kept.map { k in
            let i = k.i, t = tables.tables[k.table]
            let v = LevelVector(raw: levels[i])
            var fields: [MatchResult.FieldWeight] = []
            fields.reserveCapacity(specs.count)
            for f in specs.indices {
                let l = v[f]
                var w = Double(t.table[f * 16 + l])
                if l == 1 && t.tfField[f] { w += Double(tf.adjustment(field: f, table: t, 0, i + 1)) }
                fields.append(MatchResult.FieldWeight(field: specs[f].name, level: levelNames[f][l], weight: w))
            }
            return Candidate(row: Int(rows[i]), weight: k.weight, levels: levels[i], fields: fields)
        }
    }

    static func lowerBound(_ keys: [UInt64], _ key: UInt64) -> Int {
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    // MARK: - Batches

    /// The index after a batch: `added` are the features of the new rows `count..<count + added.count`;
    /// `retired` rows (replaced or removed records) leave every bucket. New keys are merged into each
    /// rule's sorted keys (no sort of the register), oversized buckets they touch are ordered again;
    /// `erased` rows (removed records) have their features wiped, as the store wipes them.
    public func appending(_ added: FeatureTable, retired: [Int], erased: [Int] = [], workers: Int) -> RegisterIndex {
        var next = self
        let first = features.count
        let rules = matcher.settings.blockingRules
        let stride = rules.count
        next.features.append(contentsOf: added)
        next.inactive += [Bool](repeating: false, count: added.count)
        for r in retired where r < next.inactive.count { next.inactive[r] = true }
        for r in erased where r < first { next.features.erase(row: r) }
        let addedKeys = CandidateGenerator.keyMatrix(rules, added, workers: workers)
        next.keyMatrix += addedKeys
        let gone = Set(retired.map { UInt32($0) })
        for k in rules.indices {
            var newKeys: [UInt64] = [], newRows: [UInt32] = []
            for i in 0..<added.count where addedKeys[i * stride + k] != 0 {
                newKeys.append(addedKeys[i * stride + k])
                newRows.append(UInt32(first + i))
            }
            if newKeys.isEmpty && gone.isEmpty { continue }
            RadixSort.sort(keys: &newKeys, payload: &newRows, workers: 1)
            let oldKeys = sortedKeys[k], oldRows = sortedRows[k]
            var keys: [UInt64] = [], rows: [UInt32] = []
            keys.reserveCapacity(oldKeys.count + newKeys.count)
            rows.reserveCapacity(oldKeys.count + newKeys.count)
            var a = 0, b = 0
            while a < oldKeys.count || b < newKeys.count {
                if b == newKeys.count || (a < oldKeys.count && oldKeys[a] <= newKeys[b]) {
                    if !gone.contains(oldRows[a]) {
                        keys.append(oldKeys[a])
                        rows.append(oldRows[a])
                    }
                    a += 1
                } else {
                    keys.append(newKeys[b])
                    rows.append(newRows[b])
                    b += 1
                }
            }
            Self.orderWindowedBuckets(
                rule: rules[k], keys: keys, rows: &rows, next.features, maxBucket: matcher.settings.maxBucket,
                only: Set(newKeys))
            next.sortedKeys[k] = keys
            next.sortedRows[k] = rows
        }
        next.computeTermFrequencies(workers: workers)
        return next
    }
}

extension FeatureTable {
    /// Appends copies of rows `rows` of `other`.
    package mutating func append(gathering rows: [UInt32], from other: FeatureTable) {
        if count == 0 && extraColumns.isEmpty { extraColumns = other.extraColumns }
        let same = extraColumns == other.extraColumns
        let k = extraColumns.count, stride = textStride
        for r32 in rows {
            let r = Int(r32)
            firstFolded.append(other.firstFolded.slice(r))
            firstExact.append(other.firstExact.slice(r))
            lastFolded.append(other.lastFolded.slice(r))
            lastExact.append(other.lastExact.slice(r))
            street.append(other.street.slice(r))
            company.append(other.company.slice(r))
            firstPhonetic.append(other.firstPhonetic[r])
            lastPhonetic.append(other.lastPhonetic[r])
            firstHash.append(other.firstHash[r])
            lastHash.append(other.lastHash[r])
            personnummer.append(other.personnummer[r])
            phone.append(other.phone[r])
            emailHash.append(other.emailHash[r])
            postalCode.append(other.postalCode[r])
            houseNumber.append(other.houseNumber[r])
            birthDate.append(other.birthDate[r])
            cityHash.append(other.cityHash[r])
            source.append(other.source[r])
            identifier.append(other.identifier[r])
            organisationsnummer.append(other.organisationsnummer[r])
            companyHash.append(other.companyHash[r])
            companyToken.append(other.companyToken[r])
            gender.append(other.gender[r])
            if same {
                extraValues.append(contentsOf: other.extraValues[r * k..<(r + 1) * k])
                extraTokens.append(contentsOf: other.extraTokens[r * stride..<(r + 1) * stride])
            } else {
                extraValues.append(contentsOf: repeatElement(0, count: k))
                extraTokens.append(contentsOf: repeatElement(0, count: stride))
            }
        }
        _setCount(count + rows.count)
    }
}
