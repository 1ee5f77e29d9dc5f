/// Pairwise precision, recall and F1 of predicted clusters against known entities.
///
/// Counted from the contingency table of (true entity, predicted cluster) without listing pairs:
/// true positives = Σ C(n_ec, 2), predicted pairs = Σ C(n_c, 2), true pairs = Σ C(n_e, 2).
/// - Complexity: O(n) with hash maps; no per-pair work.
public struct TruthComparison: Codable, Sendable {
    public var records: Int
    public var matchedRecords: Int
    public var truePairs: Int
    public var predictedPairs: Int
    public var truePositives: Int
    public var precision: Double { predictedPairs == 0 ? 1 : Double(truePositives) / Double(predictedPairs) }
    public var recall: Double { truePairs == 0 ? 1 : Double(truePositives) / Double(truePairs) }
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

    /// Compares `predicted` cluster labels with `truth` entity labels (rows with entity < 0 are skipped).
    public init(truth: [Int64], predicted: [Int32]) {
        precondition(truth.count == predicted.count)
        var cell: [UInt64: Int] = [:], byTruth: [Int64: Int] = [:], byPred: [Int32: Int] = [:]
        var n = 0
        for i in truth.indices where truth[i] >= 0 {
            n += 1
            cell[UInt64(truncatingIfNeeded: truth[i]) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(UInt32(bitPattern: predicted[i])), default: 0] += 1
            byTruth[truth[i], default: 0] += 1
            byPred[predicted[i], default: 0] += 1
        }
        func pairs(_ k: Int) -> Int { k * (k - 1) / 2 }
        records = truth.count
        matchedRecords = n
        truePositives = cell.values.reduce(0) { $0 + pairs($1) }
        truePairs = byTruth.values.reduce(0) { $0 + pairs($1) }
        predictedPairs = byPred.values.reduce(0) { $0 + pairs($1) }
    }

    /// Reads a truth file (`id,entity_id`) and labels the rows of `store` by entity (−1 when absent).
    public static func entities(truthPath: String, for store: RecordStore, workers: Int) throws -> [Int64] {
        let truth = try CSVReader.read(path: truthPath, options: ReadOptions(workers: workers))
        guard truth.columns.count >= 2 else {
            throw SettingsError(problems: ["\(truthPath): a truth file needs two columns, id and entity_id"])
        }
        let idCol = truth.column(for: .id) ?? 0
        let entityCol = idCol == 0 ? 1 : 0
        var entityOf: [UInt64: Int64] = [:]
        entityOf.reserveCapacity(truth.rowCount)
        var entityIndex: [UInt64: Int64] = [:]
        for r in 0..<truth.rowCount {
            let e = XXH3.hash(truth.field(row: r, column: entityCol))
            let idx: Int64
            if let x = entityIndex[e] { idx = x } else { idx = Int64(entityIndex.count); entityIndex[e] = idx }
            entityOf[XXH3.hash(truth.field(row: r, column: idCol))] = idx
        }
        guard let storeID = store.column(for: .id) else {
            throw SettingsError(problems: ["\(store.sourceName): --truth needs an id column in the register"])
        }
        return (0..<store.rowCount).map { entityOf[XXH3.hash(store.field(row: $0, column: storeID))] ?? -1 }
    }

    /// One line for the terminal.
    public var line: String {
        func f(_ x: Double) -> String { String(Int((x * 10000).rounded())).paddedDecimal }
        return "truth: pairwise precision \(f(precision)), recall \(f(recall)), F1 \(f(f1)) "
            + "(\(truePositives) of \(predictedPairs) predicted pairs correct, \(truePairs) true pairs)"
    }
}

extension String {
    /// "9731" → "0.9731" (four decimals from an integer count of ten-thousandths).
    fileprivate var paddedDecimal: String {
        let s = String(repeating: "0", count: max(0, 5 - count)) + self
        return s.dropLast(4) + "." + s.suffix(4)
    }
}
