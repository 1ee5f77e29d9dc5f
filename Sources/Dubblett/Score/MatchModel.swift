import Foundation

/// A trained Fellegi–Sunter model: per field and level the probabilities m (agree given match) and
/// u (agree given non-match), plus λ, the probability that two random records match.
///
/// Fellegi & Sunter, "A theory for record linkage" (JASA 1969). A level's weight is log2(m/u); a
/// pair's match weight is log2(λ/(1−λ)) + Σ weights, and its match probability is
/// 2^w / (1 + 2^w). Level 0 (null) has weight 0. Saved and loaded as JSON.
public struct MatchModel: Codable, Sendable {
    /// The comparisons, in the order their levels are packed.
    public var comparisons: [ComparisonSpec]
    /// m[field][level].
    public var m: [[Double]]
    /// u[field][level].
    public var u: [[Double]]
    /// Probability that two records drawn at random match.
    public var lambda: Double
    /// How each field's m was obtained (for the run summary).
    public var mSource: [String]
    /// u inside the blocks of training rules, for pairs that agree on those rules' keys.
    public var blockU: [BlockConditionalU]?

    /// The non-match level distribution among pairs agreeing on one blocking rule's key.
    ///
    /// Household members agree on surname, street and landline together; u from random pairs treats
    /// those agreements as independent evidence and multiplies them. Inside the rule's block the EM
    /// session measured how often non-matches agree anyway, so a pair in that block has its free
    /// fields weighed against that u (P(γ | non-match, block key agrees)), never a smaller one.
    public struct BlockConditionalU: Codable, Sendable {
        /// Index of the blocking rule (bit in the agreement mask).
        public var rule: Int
        public var ruleName: String
        /// Which fields the session estimated (the rest keep the random-pair u).
        public var free: [Bool]
        public var u: [[Double]]
    }

    public init(comparisons: [ComparisonSpec], m: [[Double]], u: [[Double]], lambda: Double, mSource: [String]? = nil) {
        self.comparisons = comparisons
        self.m = m
        self.u = u
        self.lambda = lambda
        self.mSource = mSource ?? comparisons.map { _ in "given" }
    }

    /// The prior match weight log2(λ / (1 − λ)).
    public var priorWeight: Double { log2(lambda / (1 - lambda)) }

    /// log2(m/u) for every field and level (0 for the null level), with the random-pair u.
    public var levelWeights: [[Double]] { levelWeights(session: nil) }

    /// The u in force under block session `session` (an index into `blockU`), or the random-pair u.
    public func effectiveU(session: Int?) -> [[Double]] {
        var ue = u
        if let session, let b = blockU?[session] {
            for f in ue.indices where b.free[f] { for l in 1..<ue[f].count { ue[f][l] = max(ue[f][l], b.u[f][l]) } }
        }
        return ue
    }

    /// log2(m/u) per field and level under block session `session`, clamped to ±20; m is floored at 0.001
    /// so no single disagreement can veto a pair outright.
    public func levelWeights(session: Int?) -> [[Double]] {
        zip(m, effectiveU(session: session)).map { mf, uf in
            mf.indices.map { l in l == 0 ? 0 : max(-20, min(20, log2(max(mf[l], 1e-3) / max(uf[l], 1e-12)))) }
        }
    }

    /// Writes the model as pretty JSON through an atomic writer.
    public func save(to path: String) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        let w = try AtomicFileWriter(path: path)
        w.write(Array(try enc.encode(self)))
        w.write("\n")
        try w.commit()
    }

    /// Reads a model written by `save(to:)`.
    public static func load(from path: String) throws -> MatchModel {
        let data = try InputFile.contents(of: path, what: "model")
        let model: MatchModel
        do { model = try JSONDecoder().decode(MatchModel.self, from: data) } catch {
            throw SettingsError(problems: [
                "model \(path): not a model written by --save-model (\(InputFile.describe(error)))"
            ])
        }
        for (i, spec) in model.comparisons.enumerated() {
            guard model.m.count > i, model.u.count > i, model.m[i].count == spec.field.levelCount,
                model.u[i].count == spec.field.levelCount
            else {
                throw SettingsError(problems: [
                    "model \(path): field \(spec.field.rawValue) needs "
                        + "\(spec.field.levelCount) m and u values per level"
                ])
            }
        }
        return model
    }
}

/// Pair scores from a model: a lookup table per field plus term-frequency adjustments.
public struct WeightTable: Sendable {
    /// Weight per field and level, flattened: `table[field * 16 + level]`.
    public let table: [Float]
    public let prior: Float
    public let fieldCount: Int
    /// Per field with term frequencies: log2 of the model's u for the exact level.
    public let tfBase: [Float]
    /// Which fields have term-frequency adjustment.
    public let tfField: [Bool]

    public init(model: MatchModel, session: Int? = nil) {
        let w = model.levelWeights(session: session)
        var t = [Float](repeating: 0, count: max(1, w.count) * 16)
        for (f, levels) in w.enumerated() { for (l, x) in levels.enumerated() { t[f * 16 + l] = Float(x) } }
        table = t
        prior = Float(model.priorWeight)
        fieldCount = w.count
        let free = session.flatMap { model.blockU?[$0].free } ?? model.comparisons.map { _ in false }
        tfField = model.comparisons.indices.map { model.comparisons[$0].termFrequency && !free[$0] }
        tfBase = model.u.map { Float(log2(max($0.count > 1 ? $0[1] : 1, 1e-12))) }
    }

    /// The match weight of a level vector, without term-frequency adjustment.
    @inlinable @inline(__always)
    public func weight(_ levels: UInt32) -> Float {
        var w = prior
        var v = levels
        var f = 0
        while f < fieldCount {
            w += table[f * 16 + Int(v & 0xF)]
            v >>= 4
            f += 1
        }
        return w
    }
}

/// The weight tables of a model: the random-pair table and one per block session.
///
/// A pair that agrees on the key of one or more block sessions (`MatchModel.blockU`) is weighed
/// under each of them and keeps the lowest weight; other pairs use the random-pair table.
public struct MaskedWeightTables: Sendable {
    /// Index 0: random-pair u; index 1 + s: block session s.
    public let tables: [WeightTable]
    /// Per rule-agreement mask: a bit per block session that applies (65 536 entries).
    public let sessions: [UInt16]

    /// Tables for `model`.
    public init(model: MatchModel) {
        let blocks = model.blockU ?? []
        tables = [WeightTable(model: model)] + blocks.indices.map { WeightTable(model: model, session: $0) }
        var s = [UInt16](repeating: 0, count: 1 << 16)
        for mask in 0..<(1 << 16) {
            var bits: UInt16 = 0
            for (i, b) in blocks.enumerated() where b.rule < 16 && mask & (1 << b.rule) != 0 { bits |= 1 << UInt16(i) }
            s[mask] = bits
        }
        sessions = s
    }

    /// The weight of a pair with levels `v` and agreement `mask`, and the table that gave it.
    /// `tfAdjust(field, table)` returns the term-frequency adjustment of an exact field (0 if none).
    @inlinable
    public func weigh(_ v: UInt32, mask: UInt16, tfAdjust: (Int, WeightTable) -> Float) -> (weight: Float, table: Int) {
        var bits = sessions[Int(mask)]
        if bits == 0 { return (tables[0].weight(v) + adjust(v, tables[0], tfAdjust), 0) }
        var best = Float.infinity, bestTable = 0
        while bits != 0 {
            let t = 1 + bits.trailingZeroBitCount
            bits &= bits - 1
            let w = tables[t].weight(v) + adjust(v, tables[t], tfAdjust)
            if w < best { best = w; bestTable = t }
        }
        return (best, bestTable)
    }

    @inlinable @inline(__always)
    func adjust(_ v: UInt32, _ t: WeightTable, _ tfAdjust: (Int, WeightTable) -> Float) -> Float {
        var a: Float = 0
        for f in 0..<t.fieldCount where t.tfField[f] && (v >> UInt32(4 * f)) & 0xF == 1 { a += tfAdjust(f, t) }
        return a
    }
}

/// Converts a match weight to a probability.
@inlinable public func matchProbability(weight: Double) -> Double {
    let odds = exp2(weight)
    return odds / (1 + odds)
}
