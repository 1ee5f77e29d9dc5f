import Dubblett
import Foundation
import GRDB

extension RegisterStore {
    // MARK: - Decisions

    /// A person's decision on a pair of register ids.
    public struct Decision: Sendable, Hashable {
        public var idA: String
        public var idB: String
        /// `true`: the same person (must-link); `false`: not the same (cannot-link).
        public var same: Bool
        public init(idA: String, idB: String, same: Bool) {
            (self.idA, self.idB) = idA <= idB ? (idA, idB) : (idB, idA)
            self.same = same
        }
    }

    /// Stores `decisions` (a later decision on a pair replaces an earlier one) and re-clusters: a must-link
    /// joins the two records' clusters, a cannot-link keeps them in different clusters even when a chain of
    /// other links would join them (`ClusterBuilder.Constraints`). Every later batch obeys them. Once there
    /// are enough decisions the model is re-estimated from them (`DecisionModel`), every stored pair is
    /// scored again and the clusters of pairs that crossed the match threshold are rebuilt. Pairs naming an
    /// id the register does not hold are counted in `unchanged`.
    @discardableResult
    public func decide(_ decisions: [Decision], source: String = "<decisions>", context: RunContext = RunContext()) throws
        -> BatchSummary
    {
        try storeDecisions(decisions.map { ($0.idA, $0.idB, $0.same ? 1 : 0) }, source: source, context: context)
    }

    /// Stores that a person skipped the pair (it leaves the review queue; no constraint).
    @discardableResult
    public func skip(idA: String, idB: String, context: RunContext = RunContext()) throws -> BatchSummary {
        try storeDecisions([(min(idA, idB), max(idA, idB), -1)], source: "<review>", context: context)
    }

    /// Takes back the latest decision or skip (the pair returns to the review queue; an earlier decision
    /// on that pair that the latest one replaced is not restored). Returns the pair, or nil when there was none.
    @discardableResult
    public func undoLastDecision(context: RunContext = RunContext()) throws -> (idA: String, idB: String)? {
        let start = Date()
        let config = try read { try loadConfig($0) }
        return try write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT id_a, id_b FROM decision ORDER BY batch DESC LIMIT 1")
            else { return nil }
            let (a, b): (String, String) = (row[0], row[1])
            try db.execute(sql: "DELETE FROM decision WHERE id_a = ? AND id_b = ?", arguments: [a, b])
            var summary = BatchSummary(batch: try nextBatch(db), kind: "decide")
            summary.rows = 1
            summary.removed = 1
            let known = try db.cachedStatement(sql: "SELECT slot FROM record WHERE id = ?")
            let touched = try [a, b].compactMap { try Int.fetchOne(known, arguments: [$0]) }
            let features = try loadFeatures(db)
            let matcher = IncrementalMatcher(settings: config.settings, model: config.model)
            try recluster(features, touched: touched, matcher: matcher, batch: summary.batch, summary: &summary, db)
            summary.seconds = Date().timeIntervalSince(start)
            try insertBatch(summary, source: "<undo>", started: start, report: nil, db)
            return (a, b)
        }
    }

    /// Stores (id_a, id_b, same) rows (same: 1, 0, or -1 for a skip) as one batch, re-estimates when due,
    /// and re-clusters.
    func storeDecisions(_ rows: [(String, String, Int)], source: String, context: RunContext) throws -> BatchSummary {
        let start = Date()
        var config = try read { try loadConfig($0) }
        return try write { db in
            var summary = BatchSummary(batch: try nextBatch(db), kind: "decide")
            summary.rows = rows.count
            let known = try db.cachedStatement(sql: "SELECT slot FROM record WHERE id = ?")
            var touched: [Int] = []
            let put = try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO decision (id_a, id_b, same, batch) VALUES (?, ?, ?, ?)")
            for (idA, idB, same) in rows {
                guard idA != idB, let a = try Int.fetchOne(known, arguments: [idA]),
                    let b = try Int.fetchOne(known, arguments: [idB])
                else { summary.unchanged += 1; continue }
                if same >= 0 { touched += [a, b] }
                try put.execute(arguments: [min(idA, idB), max(idA, idB), same, summary.batch])
                summary.updated += 1
            }
            if !touched.isEmpty {
                let features = try loadFeatures(db)
                if let refit = try reestimateIfDue(&config, features: features, batch: summary.batch, context: context, db) {
                    touched += refit
                }
                let matcher = IncrementalMatcher(settings: config.settings, model: config.model)
                try recluster(features, touched: touched, matcher: matcher, batch: summary.batch, summary: &summary, db)
            }
            summary.seconds = Date().timeIntervalSince(start)
            try insertBatch(summary, source: source, started: start, report: nil, db)
            return summary
        }
    }

    /// The stored decisions as clustering constraints. `row` maps a slot to the clustering's row (-1: not
    /// present); decisions on records outside the clustering are left out. Nil when there are none.
    func decisionConstraints(_ db: Database, row: (Int) -> Int) throws -> ClusterBuilder.Constraints? {
        let decisions = try Row.fetchAll(
            db,
            sql: """
                SELECT ra.slot, rb.slot, d.same FROM decision d
                JOIN record ra ON ra.id = d.id_a JOIN record rb ON rb.id = d.id_b WHERE d.same >= 0
                """)
        var out = ClusterBuilder.Constraints()
        for d in decisions {
            let a = row(d[0]), b = row(d[1])
            guard a >= 0, b >= 0 else { continue }
            let packed = UInt64(min(a, b)) << 32 | UInt64(max(a, b))
            if (d[2] as Int) == 1 { out.mustLink.append(packed) } else { out.cannotLink.append(packed) }
        }
        return out.mustLink.isEmpty && out.cannotLink.isEmpty ? nil : out
    }

    // MARK: - Re-estimation

    /// Re-estimates the model from the decisions when `DecisionModel.isDue`, stores it, scores every stored
    /// pair again and returns the slots of pairs that crossed the match threshold (nil: not due).
    func reestimateIfDue(
        _ config: inout RegisterConfig, features: FeatureTable, batch: Int64, context: RunContext, _ db: Database
    ) throws -> [Int]? {
        let same = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM decision WHERE same = 1") ?? 0
        let notSame = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM decision WHERE same = 0") ?? 0
        let last = Int(try metaInt("model_decisions", db))
        guard DecisionModel.isDue(same: same, notSame: notSame, atLastFit: last) else { return nil }
        // The base model: the register's first (decisions re-estimate from it, not from an earlier fit).
        let base: MatchModel
        if let data = try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'base_model'") {
            base = try JSONDecoder().decode(MatchModel.self, from: data)
        } else {
            base = config.model
            try setMeta("base_model", try JSONEncoder().encode(base), db)
        }
        // 1. The decided pairs under the base model: levels, agreement mask and per-field weights.
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT ra.slot, rb.slot, d.same, p.levels, p.mask FROM decision d
                JOIN record ra ON ra.id = d.id_a JOIN record rb ON rb.id = d.id_b
                LEFT JOIN pair p ON p.a = MIN(ra.slot, rb.slot) AND p.b = MAX(ra.slot, rb.slot)
                WHERE d.same >= 0
                """)
        var pairs: [UInt64] = [], levels: [UInt32] = [], masks: [UInt16] = [], labels: [Bool] = []
        var unscored: [Int] = []
        for r in rows {
            let a: Int = r[0], b: Int = r[1]
            guard a < features.count, b < features.count else { continue }
            pairs.append(UInt64(min(a, b)) << 32 | UInt64(max(a, b)))
            labels.append((r[2] as Int) == 1)
            if let l = r[3] as Int64? {
                levels.append(UInt32(l))
                masks.append(UInt16((r[4] as Int64?) ?? 0))
            } else {
                levels.append(0)
                masks.append(0)
                unscored.append(pairs.count - 1)
            }
        }
        if !unscored.isEmpty {
            let computed = features.compareAll(unscored.map { pairs[$0] }, specs: base.comparisons, workers: 1)
            for (k, i) in unscored.enumerated() { levels[i] = computed[k] }
        }
        let tf = PairScorer.TermFrequencyColumns.compute(features, comparisons: base.comparisons, workers: context.workers)
        let baseWeights = PairScorer.score(
            pairs: pairs, levels: levels, masks: masks, tables: MaskedWeightTables(model: base), tf: tf, workers: 1)
        let samples = pairs.indices.map { i in
            DecisionModel.Sample(levels: levels[i], weight: baseWeights[i], same: labels[i])
        }
        let model = DecisionModel.fit(base: base, samples: samples, threshold: config.settings.matchThreshold)
        config.model = model
        try saveConfig(config, db)
        try setMetaInt("model_decisions", Int64(same + notSame), db)
        try setMetaInt("model_batch", batch, db)
        try setMeta("model_time", Data(ISO8601DateFormatter().string(from: Date()).utf8), db)
        // 2. Every stored pair scored again with the new model.
        var stored: [UInt64] = [], storedLevels: [UInt32] = [], storedMasks: [UInt16] = [], old: [Float] = []
        let cursor = try Row.fetchCursor(db, sql: "SELECT a, b, levels, mask, weight FROM pair")
        while let p = try cursor.next() {
            let a: Int = p[0], b: Int = p[1]
            guard a < features.count, b < features.count else { continue }
            stored.append(UInt64(a) << 32 | UInt64(b))
            storedLevels.append(UInt32(p[2] as Int64))
            storedMasks.append(UInt16(p[3] as Int64))
            old.append(Float(p[4] as Double))
        }
        let weights = PairScorer.score(
            pairs: stored, levels: storedLevels, masks: storedMasks, tables: MaskedWeightTables(model: model), tf: tf,
            workers: context.workers)
        let update = try db.cachedStatement(sql: "UPDATE pair SET weight = ? WHERE a = ? AND b = ?")
        let threshold = Float(config.settings.matchThreshold)
        var crossed: [Int] = []
        var up = 0, down = 0
        for i in stored.indices where weights[i] != old[i] {
            let a = Int(stored[i] >> 32), b = Int(stored[i] & 0xFFFF_FFFF)
            try update.execute(arguments: [Double(weights[i]), a, b])
            if (old[i] >= threshold) != (weights[i] >= threshold) {
                crossed += [a, b]
                if weights[i] >= threshold { up += 1 } else { down += 1 }
            }
        }
        try setMetaInt("moved_up", try metaInt("moved_up", db) + Int64(up), db)
        try setMetaInt("moved_down", try metaInt("moved_down", db) + Int64(down), db)
        try setMetaInt("reestimations", try metaInt("reestimations", db) + 1, db)
        return crossed
    }
}
