import Dubblett
import Foundation
import GRDB

/// One uncertain pair for a person to decide, with both records' values (for the review page only).
public struct ReviewPair: Sendable, Codable {
    /// One field's part of the pair's weight.
    public struct FieldWeight: Sendable, Codable {
        public var field: String
        /// Comparison level (0 = a value is missing, 1 = exact, higher = less alike).
        public var level: Int
        /// log2(m/u) of the level under the register's model.
        public var weight: Double
    }

    public var idA: String
    public var idB: String
    public var weight: Double
    /// Estimated probability that the two are the same person.
    public var probability: Double
    public var fields: [FieldWeight]
    /// The rest of the weight: prior, term-frequency and block adjustments.
    public var otherWeight: Double
    /// The register's columns, and each record's values in that order.
    public var columns: [String]
    public var valuesA: [String]
    public var valuesB: [String]
}

/// How far the review has come and what the decisions changed (counts only).
public struct ReviewProgress: Sendable, Codable, Equatable {
    public var same = 0
    public var notSame = 0
    public var skipped = 0
    /// Undecided pairs in the review band (review threshold and above, not decided or skipped).
    public var remaining = 0
    /// Pairs at or above the match threshold now.
    public var matchPairs = 0
    public var matchThreshold = 0.0
    public var reviewThreshold = 0.0
    /// Times the model was re-estimated from the decisions, and decisions at the last time.
    public var reestimations = 0
    public var decisionsAtLastFit = 0
    /// Decisions needed before the first re-estimation (`DecisionModel.minimum`, and per kind).
    public var reestimateAt = DecisionModel.minimum
    public var reestimatePerSide = DecisionModel.minimumPerSide
    /// Pairs the re-estimations moved above / below the match threshold (summed over re-estimations).
    public var movedUp = 0
    public var movedDown = 0
    /// Mean estimated match probability of the pairs at or above the match threshold.
    public var estimatedPrecision = 0.0
    /// Decided pairs now at or above the match threshold, and how many of them were decided "same".
    public var decidedAbove = 0
    public var decidedAboveSame = 0
}

extension RegisterStore {
    /// The probability of a pair weighing `w`: the model's posterior, or after a re-estimation the fitted
    /// P(same) (which is ½ at the match threshold, `DecisionModel`).
    static func probability(_ w: Double, threshold: Double, calibrated: Bool) -> Double {
        matchProbability(weight: calibrated ? w - threshold : w)
    }

    /// The `limit` undecided pairs of the review band that are most informative: closest to the match
    /// threshold first (where the model is least sure, a decision changes the most), ties by pair.
    public func reviewQueue(limit: Int = 1) throws -> [ReviewPair] {
        try read { db in
            let config = try loadConfig(db)
            let t = config.settings.matchThreshold
            let calibrated = try metaInt("reestimations", db) > 0
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT p.weight, p.levels, ra.id, rb.id, ra.raw, rb.raw FROM pair p
                    JOIN record ra ON ra.slot = p.a JOIN record rb ON rb.slot = p.b
                    WHERE p.weight >= ? AND NOT EXISTS (SELECT 1 FROM decision d
                        WHERE d.id_a = MIN(ra.id, rb.id) AND d.id_b = MAX(ra.id, rb.id))
                    ORDER BY ABS(p.weight - ?), p.a, p.b LIMIT ?
                    """,
                arguments: [config.settings.reviewThreshold, t, max(0, limit)])
            guard !rows.isEmpty else { return [] }
            let store = try recordStore(lines: rows.flatMap { [$0[4] as Data, $0[5] as Data] }, config: config, workers: 1)
            let table = config.model.levelWeights
            func values(_ r: Int) -> [String] {
                config.columns.indices.map { c in String(decoding: store.field(row: r, column: c), as: UTF8.self) }
            }
            return rows.enumerated().map { (k, r) in
                let w: Double = r[0]
                var v = UInt32(r[1] as Int64), sum = 0.0
                var fields: [ReviewPair.FieldWeight] = []
                for (f, spec) in config.model.comparisons.enumerated() {
                    let level = Int(v & 0xF)
                    let x = f < table.count && level < table[f].count ? table[f][level] : 0
                    fields.append(.init(field: spec.field.rawValue, level: level, weight: x))
                    sum += x
                    v >>= 4
                }
                return ReviewPair(
                    idA: r[2], idB: r[3], weight: w, probability: Self.probability(w, threshold: t, calibrated: calibrated),
                    fields: fields, otherWeight: w - sum, columns: config.columns, valuesA: values(2 * k),
                    valuesB: values(2 * k + 1))
            }
        }
    }

    /// Decision counts, what is left to review, and what the decisions changed.
    public func reviewProgress() throws -> ReviewProgress {
        try read { db in
            let config = try loadConfig(db)
            var p = ReviewProgress()
            let t = config.settings.matchThreshold
            p.matchThreshold = t
            p.reviewThreshold = config.settings.reviewThreshold
            for row in try Row.fetchAll(db, sql: "SELECT same, COUNT(*) FROM decision GROUP BY same") {
                switch row[0] as Int {
                case 1: p.same = row[1]
                case 0: p.notSame = row[1]
                default: p.skipped += row[1] as Int
                }
            }
            p.remaining =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) FROM pair p JOIN record ra ON ra.slot = p.a JOIN record rb ON rb.slot = p.b
                        WHERE p.weight >= ? AND NOT EXISTS (SELECT 1 FROM decision d
                            WHERE d.id_a = MIN(ra.id, rb.id) AND d.id_b = MAX(ra.id, rb.id))
                        """, arguments: [p.reviewThreshold]) ?? 0
            p.reestimations = Int(try metaInt("reestimations", db))
            p.decisionsAtLastFit = Int(try metaInt("model_decisions", db))
            p.movedUp = Int(try metaInt("moved_up", db))
            p.movedDown = Int(try metaInt("moved_down", db))
            let calibrated = p.reestimations > 0
            var total = 0.0
            let weights = try Double.fetchCursor(db, sql: "SELECT weight FROM pair WHERE weight >= ?", arguments: [t])
            while let w = try weights.next() {
                p.matchPairs += 1
                total += Self.probability(w, threshold: t, calibrated: calibrated)
            }
            p.estimatedPrecision = p.matchPairs > 0 ? total / Double(p.matchPairs) : 1
            let decided = try Row.fetchAll(
                db,
                sql: """
                    SELECT d.same FROM decision d JOIN record ra ON ra.id = d.id_a JOIN record rb ON rb.id = d.id_b
                    JOIN pair p ON p.a = MIN(ra.slot, rb.slot) AND p.b = MAX(ra.slot, rb.slot)
                    WHERE d.same >= 0 AND p.weight >= ?
                    """, arguments: [t])
            p.decidedAbove = decided.count
            p.decidedAboveSame = decided.filter { ($0[0] as Int) == 1 }.count
            return p
        }
    }
}
