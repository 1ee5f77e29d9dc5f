import Dubblett
import Foundation

/// What a predicted file holds.
public enum PredictionKind: String, Sendable, Codable {
    /// One row per record: record id and cluster id (records not listed are singletons).
    case clusters
    /// One row per predicted duplicate pair: two record ids.
    case pairs
}

/// A predicted or truth file cannot be evaluated; the message says what to change.
public struct EvaluationFileError: Error, CustomStringConvertible {
    /// The file that cannot be used.
    public let path: String
    /// What is wrong and what to do.
    public let reason: String
    /// `path: reason`.
    public var description: String { "\(path): \(reason)" }
}

extension Evaluation {
    /// Header names that mark a pair file (first and second id), compared case-insensitively.
    static let pairHeaders: [(String, String)] = [
        ("id_a", "id_b"), ("id1", "id2"), ("id_1", "id_2"), ("id_l", "id_r"), ("left_id", "right_id"),
        ("id_left", "id_right"), ("a", "b"), ("record_a", "record_b"), ("row_a", "row_b"),
    ]

    /// Decides whether `store` lists pairs or clusters from its header.
    static func detectKind(_ store: RecordStore) -> PredictionKind {
        pairColumns(store) != nil ? .pairs : .clusters
    }

    static func pairColumns(_ store: RecordStore) -> (Int, Int)? {
        let names = store.columns.map { $0.name.lowercased().trimmingCharacters(in: .whitespaces) }
        for (a, b) in pairHeaders {
            if let i = names.firstIndex(of: a), let j = names.firstIndex(of: b) { return (i, j) }
        }
        return nil
    }

    static func column(_ store: RecordStore, named candidates: [String], fallback: Int) -> Int {
        let names = store.columns.map { $0.name.lowercased().trimmingCharacters(in: .whitespaces) }
        for c in candidates { if let i = names.firstIndex(of: c) { return i } }
        return fallback
    }

    /// Evaluates the predicted file at `predictedPath` against the truth file at `truthPath`.
    ///
    /// The truth has `id` and `entity_id` columns (`truthColumns`). The prediction is read
    /// as clusters (`id` + `cluster_id`/`cluster`/`entity_id`, else the first two columns) or, when its
    /// header names two ids (`id_a,id_b`, `id1,id2`, `left_id,right_id` ...) or `kind` is `.pairs`, as
    /// pairs. Both files go through `CSVReader` (any delimiter, UTF-8 or Windows-1252), and ids are
    /// matched as bytes, so 10 M-row files need no `String` per row.
    /// - Throws: `ReadError` from the reader, `EvaluationFileError` for files without the columns needed.
    public static func evaluate(
        predictedPath: String, truthPath: String, kind: PredictionKind? = nil, examples: Int = defaultExamples,
        workers: Int = Parallel.defaultWorkers
    ) throws -> EvaluationReport {
        let options = ReadOptions(workers: workers)
        let truthStore = try CSVReader.read(path: truthPath, options: options)
        let (truthId, truthEntity) = try truthColumns(truthStore, path: truthPath)
        let predictedStore = try CSVReader.read(path: predictedPath, options: options)
        guard predictedStore.columns.count >= 2 else {
            throw EvaluationFileError(path: predictedPath, reason: """
                a prediction needs two columns: id and cluster_id (clusters) or id_a and id_b (pairs); \
                found \(predictedStore.columns.count)
                """)
        }

        // Records: the truth's rows with distinct ids (a repeated id keeps its first row).
        var ids = FieldInterner(store: truthStore, column: truthId, capacity: truthStore.rowCount)
        var recordRow: [Int32] = []
        recordRow.reserveCapacity(truthStore.rowCount)
        var duplicates = 0
        for row in 0..<truthStore.rowCount {
            if ids.intern(row: row).inserted { recordRow.append(Int32(row)) } else { duplicates += 1 }
        }
        var entities = FieldInterner(store: truthStore, column: truthEntity, capacity: recordRow.count)
        let truthLabels = recordRow.map { entities.intern(row: Int($0)).id }

        var missing = 0
        var sample: [String] = []
        func noteMissing(_ row: Int, _ column: Int) {
            missing += 1
            if sample.count < examples { sample.append(predictedStore.string(row: row, column: column)) }
        }
        let resolvedKind = kind ?? detectKind(predictedStore)
        var predictedLabels = [Int32](repeating: -1, count: recordRow.count)
        var conflicts = 0
        var listed: EvaluationReport.ListedPairs?
        var clusterName: (Int) -> String
        switch resolvedKind {
        case .clusters:
            let idColumn = column(predictedStore, named: ["id", "record_id", "row_id"], fallback: 0)
            let clusterColumn = column(
                predictedStore, named: ["cluster_id", "cluster", "entity_id", "group_id", "dubblett_id"],
                fallback: idColumn == 0 ? 1 : 0)
            var clusters = FieldInterner(store: predictedStore, column: clusterColumn, capacity: predictedStore.rowCount)
            for row in 0..<predictedStore.rowCount {
                guard let record = ids.find(predictedStore.field(row: row, column: idColumn)) else {
                    noteMissing(row, idColumn)
                    continue
                }
                let c = clusters.intern(row: row).id
                let old = predictedLabels[Int(record)]
                if old >= 0 {
                    if old != c { conflicts += 1 }
                    continue
                }
                predictedLabels[Int(record)] = c
            }
            let labels = predictedLabels
            let clusterRows = clusters.firstRow
            clusterName = { record in
                labels[record] < 0 ? "(singleton)"
                    : predictedStore.string(row: Int(clusterRows[Int(labels[record])]), column: clusterColumn)
            }
        case .pairs:
            let (a, b) = pairColumns(predictedStore) ?? (0, 1)
            var pairs: [(Int32, Int32)] = []
            pairs.reserveCapacity(predictedStore.rowCount)
            for row in 0..<predictedStore.rowCount {
                let ra = ids.find(predictedStore.field(row: row, column: a))
                let rb = ids.find(predictedStore.field(row: row, column: b))
                if ra == nil { noteMissing(row, a) }
                if rb == nil { noteMissing(row, b) }
                if let ra, let rb { pairs.append((ra, rb)) }
            }
            predictedLabels = components(count: recordRow.count, pairs: pairs)
            let labels = truthLabels
            listed = Self.listed(pairs: pairs, sameEntity: { labels[Int($0)] == labels[Int($1)] }, truePairs: 0)
            let roots = predictedLabels
            clusterName = { record in "component of " + truthStore.string(row: Int(recordRow[Int(roots[record])]), column: truthId) }
        }
        var report = core(
            truth: DenseLabels(truthLabels, negativeIsSingleton: false),
            predicted: DenseLabels(predictedLabels, negativeIsSingleton: true), examples: examples,
            idName: { truthStore.string(row: Int(recordRow[$0]), column: truthId) },
            truthName: { truthStore.string(row: Int(recordRow[$0]), column: truthEntity) },
            clusterName: clusterName)
        if var l = listed {
            l.scores = .init(precision: l.scores.precision,
                             recall: report.truePairs == 0 ? 1 : Double(l.correct) / Double(report.truePairs))
            report.listedPairs = l
        }
        report.idsMissingFromTruth = missing
        report.sampleIdsMissingFromTruth = sample
        report.conflictingPredictedIds = conflicts
        report.duplicateTruthIds = duplicates
        report.excludedTruthRows = truthStore.issues.excludedRows
        report.excludedPredictedRows = predictedStore.issues.excludedRows
        return report
    }
}

extension Evaluation {
    /// The true person of every row of `register`, read from the truth file at `truthPath`: the input
    /// the fast path `evaluate(truthEntity:predictedCluster:)` needs when the engine has just matched
    /// `register` in-process.
    ///
    /// Rows are matched by the register's id column (`store.column(for: .id)`, else the record's 1-based
    /// position among all data records, excluded ones counted: `RecordStore.recordOrdinal(row:)`). Rows whose id the truth lacks get a label of their own (a person of one record) and are
    /// counted in `missing`.
    /// - Throws: `ReadError` from the reader, `EvaluationFileError` for a truth without two columns.
    /// - Complexity: O(rows of both files); ids are compared as bytes.
    public static func truthEntities(
        truthPath: String, register: RecordStore, workers: Int = Parallel.defaultWorkers
    ) throws -> (labels: [Int32], missing: Int) {
        let truthStore = try CSVReader.read(path: truthPath, options: ReadOptions(workers: workers))
        let (truthId, truthEntity) = try truthColumns(truthStore, path: truthPath)
        var ids = FieldInterner(store: truthStore, column: truthId, capacity: truthStore.rowCount)
        var entityOfId: [Int32] = []
        entityOfId.reserveCapacity(truthStore.rowCount)
        var entities = FieldInterner(store: truthStore, column: truthEntity, capacity: truthStore.rowCount)
        for row in 0..<truthStore.rowCount where ids.intern(row: row).inserted {
            entityOfId.append(entities.intern(row: row).id)
        }
        var next = Int32(entities.count)
        var missing = 0
        let idColumn = register.column(for: .id)
        var labels = [Int32](repeating: 0, count: register.rowCount)
        var scratch: [UInt8] = []
        for row in 0..<register.rowCount {
            let found: Int32?
            if let idColumn {
                found = ids.find(register.field(row: row, column: idColumn))
            } else {
                scratch.removeAll(keepingCapacity: true)
                scratch.append(contentsOf: String(register.recordOrdinal(row: row)).utf8)
                found = scratch.withUnsafeBytes { ids.find($0) }
            }
            if let found {
                labels[row] = entityOfId[Int(found)]
            } else {
                labels[row] = next
                next += 1
                missing += 1
            }
        }
        return (labels, missing)
    }
}

extension Evaluation {
    /// Scores a dedupe result's clusters against a truth file (`id,entity_id`), with five worst examples.
    /// - Throws: `ReadError`, `EvaluationFileError` as `truthEntities(truthPath:register:workers:)`.
    public static func evaluate(_ result: MatchResult, truthPath: String, workers: Int) throws -> EvaluationReport {
        precondition(result.kind == .dedupe, "a truth evaluates the clusters of a dedupe")
        let store = result.stores[0]
        let entities = try truthEntities(truthPath: truthPath, register: store, workers: workers).labels
        return evaluate(
            truthEntity: entities, predictedCluster: result.output.clustering.labels,
            id: { store.id(row: $0) }, examples: 5)
    }
}
