import Dubblett
/// Scores a predicted clustering of records against the true persons (ground truth).
///
/// Pair counts come from cluster sizes, never from enumerating pairs: with n_ij the number of records
/// in predicted cluster i and true person j, a_i = Σ_j n_ij and b_j = Σ_i n_ij,
/// correct pairs = Σ C(n_ij, 2), predicted pairs = Σ C(a_i, 2), true pairs = Σ C(b_j, 2)
/// (the pair-counting view of the Rand index, Hubert & Arabie 1985). B-cubed (Bagga & Baldwin 1998):
/// precision = (1/n) Σ n_ij² / a_i, recall = (1/n) Σ n_ij² / b_j.
///
/// - Complexity: O(n) time and memory for labels in `0..<4n` (the engine's and the generator's);
///   other labels are first compacted with a dictionary.
public enum Evaluation {
    /// How many of the worst false merges and missed pairs a report lists.
    public static let defaultExamples = 10
    /// At most this many ids are listed per group in an example.
    public static let idsPerGroup = 12

    /// The fast path: one label per record.
    ///
    /// - Parameters:
    ///   - truthEntity: the true person of each record (any `Int32` labels).
    ///   - predictedCluster: the predicted cluster of each record; a negative label means the record is
    ///     a singleton of its own.
    ///   - id: names a record (row index) in the examples; the default is the 1-based row number.
    ///   - examples: how many worst false merges and missed pairs to list.
    public static func evaluate(
        truthEntity: [Int32], predictedCluster: [Int32], id: ((Int) -> String)? = nil,
        examples: Int = defaultExamples
    ) -> EvaluationReport {
        precondition(truthEntity.count == predictedCluster.count, "one predicted label per truth record")
        let truth = DenseLabels(truthEntity, negativeIsSingleton: false)
        let predicted = DenseLabels(predictedCluster, negativeIsSingleton: true)
        return core(
            truth: truth, predicted: predicted, examples: examples,
            idName: id ?? { String($0 + 1) },
            truthName: { String(truthEntity[$0]) },
            clusterName: { predictedCluster[$0] < 0 ? "(singleton)" : String(predictedCluster[$0]) })
    }

    /// The string form: predicted `(id, cluster)` rows against truth `(id, entity)` rows.
    ///
    /// Truth ids absent from the prediction are singletons; predicted ids absent from the truth are
    /// ignored and reported.
    public static func evaluate(
        predicted: [(id: String, cluster: String)], truth: [(id: String, entity: String)],
        examples: Int = defaultExamples
    ) -> EvaluationReport {
        var rowOf: [String: Int32] = [:]
        rowOf.reserveCapacity(truth.count)
        var ids: [String] = []
        var entityLabel: [Int32] = []
        var entityIndex: [String: Int32] = [:]
        var duplicates = 0
        for (id, entity) in truth {
            if rowOf[id] != nil {
                duplicates += 1
                continue
            }
            rowOf[id] = Int32(ids.count)
            ids.append(id)
            let e = entityIndex[entity] ?? {
                let next = Int32(entityIndex.count)
                entityIndex[entity] = next
                return next
            }()
            entityLabel.append(e)
        }
        var entityNames = [String](repeating: "", count: entityIndex.count)
        for (name, e) in entityIndex { entityNames[Int(e)] = name }

        var cluster = [Int32](repeating: -1, count: ids.count)
        var clusterIndex: [String: Int32] = [:]
        var missing = 0
        var sample: [String] = []
        var conflicts = 0
        for (id, label) in predicted {
            guard let row = rowOf[id] else {
                missing += 1
                if sample.count < examples { sample.append(id) }
                continue
            }
            let c = clusterIndex[label] ?? {
                let next = Int32(clusterIndex.count)
                clusterIndex[label] = next
                return next
            }()
            if cluster[Int(row)] >= 0 {
                if cluster[Int(row)] != c { conflicts += 1 }
                continue
            }
            cluster[Int(row)] = c
        }
        var clusterNames = [String](repeating: "", count: clusterIndex.count)
        for (name, c) in clusterIndex { clusterNames[Int(c)] = name }

        var report = core(
            truth: DenseLabels(entityLabel, negativeIsSingleton: false),
            predicted: DenseLabels(cluster, negativeIsSingleton: true), examples: examples,
            idName: { ids[$0] }, truthName: { entityNames[Int(entityLabel[$0])] },
            clusterName: { cluster[$0] < 0 ? "(singleton)" : clusterNames[Int(cluster[$0])] })
        report.idsMissingFromTruth = missing
        report.sampleIdsMissingFromTruth = sample
        report.conflictingPredictedIds = conflicts
        report.duplicateTruthIds = duplicates
        return report
    }

    /// Predicted pairs `(id_a, id_b)` against truth `(id, entity)` rows.
    ///
    /// The pairs are closed into clusters (connected components, as a clustering step would) and
    /// scored like clusters; `listedPairs` also scores the list as it is.
    public static func evaluate(
        predictedPairs: [(String, String)], truth: [(id: String, entity: String)], examples: Int = defaultExamples
    ) -> EvaluationReport {
        var rowOf: [String: Int32] = [:]
        var truthRows: [(id: String, entity: String)] = []
        for t in truth where rowOf[t.id] == nil {
            rowOf[t.id] = Int32(truthRows.count)
            truthRows.append(t)
        }
        var missing = 0
        var sample: [String] = []
        var pairs: [(Int32, Int32)] = []
        for (a, b) in predictedPairs {
            guard let ra = rowOf[a], let rb = rowOf[b] else {
                for id in [a, b] where rowOf[id] == nil {
                    missing += 1
                    if sample.count < examples { sample.append(id) }
                }
                continue
            }
            pairs.append((ra, rb))
        }
        let roots = Self.components(count: truthRows.count, pairs: pairs)
        let predicted = truthRows.enumerated().map { (id: $0.element.id, cluster: String(roots[$0.offset])) }
        var report = evaluate(predicted: predicted, truth: truthRows, examples: examples)
        report.duplicateTruthIds = truth.count - truthRows.count
        report.idsMissingFromTruth = missing
        report.sampleIdsMissingFromTruth = sample
        let entity = truthRows.map(\.entity)
        report.listedPairs = listed(pairs: pairs, sameEntity: { entity[Int($0)] == entity[Int($1)] },
                                    truePairs: report.truePairs)
        return report
    }

    /// Scores a pair list as it is: distinct unordered pairs, the share that are true, the share of
    /// true pairs listed.
    static func listed(pairs: [(Int32, Int32)], sameEntity: (Int32, Int32) -> Bool, truePairs: Int)
        -> EvaluationReport.ListedPairs
    {
        var keys = pairs.compactMap { a, b -> UInt64? in
            a == b ? nil : UInt64(UInt32(min(a, b))) << 32 | UInt64(UInt32(max(a, b)))
        }
        keys.sort()
        var distinct = 0
        var correct = 0
        var previous: UInt64? = nil
        for k in keys where k != previous {
            previous = k
            distinct += 1
            if sameEntity(Int32(truncatingIfNeeded: k >> 32), Int32(truncatingIfNeeded: k & 0xFFFF_FFFF)) { correct += 1 }
        }
        return .init(
            pairs: distinct, correct: correct,
            scores: .init(precision: distinct == 0 ? 1 : Double(correct) / Double(distinct),
                          recall: truePairs == 0 ? 1 : Double(correct) / Double(truePairs)))
    }

    /// Connected components of `pairs` over `0..<count`: a root label per element (union–find with
    /// path halving and union by size; Tarjan 1975).
    /// - Complexity: O((n + m) α(n)).
    public static func components(count: Int, pairs: [(Int32, Int32)]) -> [Int32] {
        var parent = [Int32](0..<Int32(count))
        var size = [Int32](repeating: 1, count: count)
        func find(_ x: Int32) -> Int32 {
            var x = x
            while parent[Int(x)] != x {
                parent[Int(x)] = parent[Int(parent[Int(x)])]
                x = parent[Int(x)]
            }
            return x
        }
        for (a, b) in pairs {
            var ra = find(a)
            var rb = find(b)
            if ra == rb { continue }
            if size[Int(ra)] < size[Int(rb)] { swap(&ra, &rb) }
            parent[Int(rb)] = ra
            size[Int(ra)] += size[Int(rb)]
        }
        return (0..<Int32(count)).map { find($0) }
    }

    /// The shared computation over dense labels; the closures name records, persons and clusters in
    /// the examples (called for the listed examples only).
    static func core(
        truth: DenseLabels, predicted: DenseLabels, examples: Int, idName: (Int) -> String,
        truthName: (Int) -> String, clusterName: (Int) -> String
    ) -> EvaluationReport {
        let n = truth.labels.count
        var report = EvaluationReport()
        report.records = n
        report.trueEntities = truth.count
        report.predictedClusters = predicted.count
        guard n > 0 else { return report }

        var a = [Int](repeating: 0, count: predicted.count)
        var b = [Int](repeating: 0, count: truth.count)
        for i in 0..<n {
            a[Int(predicted.labels[i])] += 1
            b[Int(truth.labels[i])] += 1
        }
        // Rows grouped by predicted cluster (counting sort): start[c]..<start[c+1] in `byCluster`.
        let byCluster = groupRows(predicted.labels, groups: predicted.count, sizes: a)

        var correct = 0
        var bcP = 0.0
        var bcR = 0.0
        var togetherOfTruth = [Int](repeating: 0, count: truth.count)  // Σ_i C(n_ij, 2) per person
        var wrong: [(pairs: Int, cluster: Int32)] = []
        var count = [Int32](repeating: 0, count: truth.count)
        var touched: [Int32] = []
        for c in 0..<predicted.count {
            let rows = byCluster.rows(of: c)
            let size = rows.count
            if size == 1 {
                let j = Int(truth.labels[Int(rows.first!)])
                bcP += 1
                bcR += 1 / Double(b[j])
                continue
            }
            touched.removeAll(keepingCapacity: true)
            for r in rows {
                let j = truth.labels[Int(r)]
                if count[Int(j)] == 0 { touched.append(j) }
                count[Int(j)] += 1
            }
            var together = 0
            for j in touched {
                let nij = Int(count[Int(j)])
                let pairs = nij * (nij - 1) / 2
                together += pairs
                togetherOfTruth[Int(j)] += pairs
                let sq = Double(nij * nij)
                bcP += sq / Double(size)
                bcR += sq / Double(b[Int(j)])
                count[Int(j)] = 0
            }
            correct += together
            let all = size * (size - 1) / 2
            if all > together { wrong.append((all - together, Int32(c))) }
        }
        let predictedPairs = a.reduce(0) { $0 + $1 * ($1 - 1) / 2 }
        let truePairs = b.reduce(0) { $0 + $1 * ($1 - 1) / 2 }
        report.correctPairs = correct
        report.predictedPairs = predictedPairs
        report.truePairs = truePairs
        report.largestPredictedCluster = a.max() ?? 0
        report.largestTrueEntity = b.max() ?? 0
        report.predictedMultiClusters = a.reduce(0) { $0 + ($1 > 1 ? 1 : 0) }
        report.pairwise = .init(
            precision: predictedPairs == 0 ? 1 : Double(correct) / Double(predictedPairs),
            recall: truePairs == 0 ? 1 : Double(correct) / Double(truePairs))
        report.bcubed = .init(precision: bcP / Double(n), recall: bcR / Double(n))

        // Examples: worst false merges (most wrong pairs, then largest, then earliest first row), ordered
        // exactly like the missed pairs below.
        guard examples > 0 else { return report }
        wrong.sort { ($0.pairs, a[Int($0.cluster)], byCluster.rows(of: Int($1.cluster)).first!)
            > ($1.pairs, a[Int($1.cluster)], byCluster.rows(of: Int($0.cluster)).first!) }
        for (pairs, c) in wrong.prefix(examples) {
            let rows = byCluster.rows(of: Int(c))
            let groups = Self.groups(rows, key: { truth.labels[Int($0)] }, idName: idName)
            report.worstFalseMerges.append(.init(cluster: clusterName(Int(rows.first!)), size: rows.count,
                                                 wrongPairs: pairs, groups: groups))
        }
        var missed: [(pairs: Int, entity: Int32)] = []
        for j in 0..<truth.count {
            let all = b[j] * (b[j] - 1) / 2
            if all > togetherOfTruth[j] { missed.append((all - togetherOfTruth[j], Int32(j))) }
        }
        if !missed.isEmpty {
            let byTruth = groupRows(truth.labels, groups: truth.count, sizes: b)
            missed.sort { ($0.pairs, b[Int($0.entity)], byTruth.rows(of: Int($1.entity)).first!)
                > ($1.pairs, b[Int($1.entity)], byTruth.rows(of: Int($0.entity)).first!) }
            for (pairs, j) in missed.prefix(examples) {
                let rows = byTruth.rows(of: Int(j))
                let groups = Self.groups(rows, key: { predicted.labels[Int($0)] }, idName: idName)
                report.worstMissedPairs.append(.init(entity: truthName(Int(rows.first!)), size: rows.count,
                                                     missedPairs: pairs, groups: groups))
            }
        }
        return report
    }

    /// Record ids of `rows` grouped by `key`, largest group first, each list capped.
    static func groups(_ rows: ArraySlice<Int32>, key: (Int32) -> Int32, idName: (Int) -> String) -> [[String]] {
        var byKey: [Int32: [Int32]] = [:]
        var order: [Int32] = []
        for r in rows {
            let k = key(r)
            if byKey[k] == nil { order.append(k) }
            byKey[k, default: []].append(r)
        }
        let sorted = order.map { byKey[$0]! }.enumerated()
            .sorted { ($0.element.count, -$0.offset) > ($1.element.count, -$1.offset) }.map(\.element)
        var out = sorted.prefix(idsPerGroup).map { group in
            var names = group.prefix(idsPerGroup).map { idName(Int($0)) }
            if group.count > idsPerGroup { names.append("… \(group.count - idsPerGroup) more") }
            return names
        }
        if sorted.count > idsPerGroup {
            let rest = sorted.dropFirst(idsPerGroup)
            out.append(["… \(rest.count) more groups, \(rest.reduce(0) { $0 + $1.count }) records"])
        }
        return out
    }

    /// Rows bucketed by a dense label (counting sort).
    struct Grouped {
        let start: [Int]
        let rowsByGroup: [Int32]
        func rows(of g: Int) -> ArraySlice<Int32> { rowsByGroup[start[g]..<start[g + 1]] }
    }

    static func groupRows(_ labels: [Int32], groups: Int, sizes: [Int]) -> Grouped {
        var start = [Int](repeating: 0, count: groups + 1)
        for g in 0..<groups { start[g + 1] = start[g] + sizes[g] }
        var fill = start
        var out = [Int32](repeating: 0, count: labels.count)
        for (row, g) in labels.enumerated() {
            out[fill[Int(g)]] = Int32(row)
            fill[Int(g)] += 1
        }
        return Grouped(start: start, rowsByGroup: out)
    }
}

/// Labels compacted to `0..<count`, in order of first appearance.
struct DenseLabels {
    var labels: [Int32]
    var count: Int
}

extension DenseLabels {
    /// Compacts `raw`; with `negativeIsSingleton`, every negative label becomes a fresh label of its own.
    /// Labels in `0..<4n` use a direct table; others a dictionary.
    init(_ raw: [Int32], negativeIsSingleton: Bool) {
        self = Self.direct(raw, negativeIsSingleton: negativeIsSingleton)
            ?? Self.dictionary(raw, negativeIsSingleton: negativeIsSingleton)
    }

    private static func direct(_ raw: [Int32], negativeIsSingleton: Bool) -> DenseLabels? {
        let n = raw.count
        let maxLabel = raw.max() ?? 0
        guard maxLabel < Int32(clamping: 4 * n + 64) else { return nil }
        var labels = [Int32](repeating: 0, count: n)
        var map = [Int32](repeating: -1, count: Int(max(0, maxLabel)) + 1)
        var next: Int32 = 0
        for i in 0..<n {
            let v = raw[i]
            if v < 0 {
                guard negativeIsSingleton else { return nil }
                labels[i] = next
                next += 1
                continue
            }
            if map[Int(v)] < 0 {
                map[Int(v)] = next
                next += 1
            }
            labels[i] = map[Int(v)]
        }
        return DenseLabels(labels: labels, count: Int(next))
    }

    private static func dictionary(_ raw: [Int32], negativeIsSingleton: Bool) -> DenseLabels {
        var map: [Int32: Int32] = [:]
        var labels = [Int32](repeating: 0, count: raw.count)
        var next: Int32 = 0
        for (i, v) in raw.enumerated() {
            if v < 0 && negativeIsSingleton {
                labels[i] = next
                next += 1
                continue
            }
            if let d = map[v] {
                labels[i] = d
            } else {
                map[v] = next
                labels[i] = next
                next += 1
            }
        }
        return DenseLabels(labels: labels, count: Int(next))
    }
}
