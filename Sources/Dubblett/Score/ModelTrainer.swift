import Foundation

/// Trains a `MatchModel` without labels, in a way household members cannot fool.
///
/// 1. u from random pairs (`UEstimator`).
/// 2. m seeded from pairs that agree exactly on personnummer, when there are enough of them: such
///    pairs are nearly all matches, so their other fields' level frequencies are m directly.
/// 3. One EM session per training blocking rule, over the pairs that agree on that rule's key. The
///    fields the rule forces to agree are left out of the session, and the session estimates its own
///    u: inside a "same postal code and surname" block the non-matches are household members who
///    share street and phone, so the random-pair u would make them look like matches (the trap that
///    took Splink's pairwise precision from 0.91 to 0.58 on such data). Only m is kept from a session;
///    each field's m is the mean over the sessions in which it was free.
/// 4. λ by EM over all candidate pairs with m and u fixed, counting every unblocked pair as a non-match.
public enum ModelTrainer {
    /// What training did, for the run summary.
    public struct Report: Codable, Sendable {
        public struct Session: Codable, Sendable {
            public var rule: String
            public var pairs: Double
            public var iterations: Int
            public var lambda: Double
            public var fields: [String]
            /// Whether the session's own u is used for pairs in its block (see `MatchModel.blockU`).
            public var blockU = false
        }
        public var uSamples: Int = 0
        public var seededFromPersonnummer: Double = 0
        public var sessions: [Session] = []
        /// Why the trained parameters were replaced by safe defaults (`collapseReason`), if they were.
        public var fallback: String?
    }

    /// The fields a blocking key part forces to agree.
    static func fieldsCovered(by part: BlockKeyPart) -> [ComparisonField] {
        switch part {
        case .personnummer: return [.personnummer, .birthDate]
        case .phone: return [.phone]
        case .email: return [.email]
        case .postalCode: return [.postalCode, .city]
        case .lastPhonetic: return [.lastName]
        case .firstPhonetic, .firstInitial: return [.firstName]
        case .birthDate, .birthYear: return [.birthDate]
        case .street, .houseNumber: return [.street]
        case .city: return [.city]
        case .identifier: return [.identifier]
        case .organisationsnummer: return [.organisationsnummer]
        case .companyName, .companyToken: return [.companyName]
        case .extra0, .extra1, .extra2, .extra3, .extra4, .extra5, .extra6, .extra7: return []
        }
    }

    /// Whether `rule` forces spec `spec` to agree: a built-in field its parts cover, or a declared column
    /// (named in `columns`, the table's declared columns) that is one of its parts.
    static func covers(_ rule: BlockingRule, _ spec: ComparisonSpec, columns: [ExtraFeatureColumn]) -> Bool {
        if spec.field.isDeclared {
            return rule.parts.contains { p in p.extraIndex.map { $0 < columns.count && columns[$0].name == spec.column } ?? false }
        }
        return rule.parts.contains { fieldsCovered(by: $0).contains(spec.field) }
    }

    /// The most a session's non-match class may agree exactly on an identity field before the session is
    /// taken to have split the matches instead. Bolagsverket registers an aktiebolag's name once for the
    /// whole country, so two different companies in a block almost never share the exact (stripped) name:
    /// 5 % is generous, and a phone block whose "non-matches" agreed on it 15 % of the time held the same
    /// company under another contact person (seed-2 company register: recall 0.948).
    static func separated(_ field: ComparisonField) -> Double { field == .companyName ? 0.05 : 0.2 }

    /// A neutral starting m: agreement likely, disagreement rare.
    static func initialM(_ field: ComparisonField) -> [Double] {
        let lc = field.levelCount
        var m = [Double](repeating: 0, count: lc)
        m[1] = 0.85
        let middle = lc - 3
        for l in 2..<(lc - 1) { m[l] = 0.10 / Double(middle) }
        m[lc - 1] = 0.05
        return m
    }

    /// Trains a model from the candidate-pair histogram.
    public static func train(
        _ f: FeatureTable, comparisons: [ComparisonSpec], rules: [BlockingRule],
        histogram h: PatternHistogram, totalPairs: Double, uSamples: Int = 200_000,
        seed: UInt64 = 0x5EED, linkOnly: Bool, records: CompareRecords? = nil,
        workers: Int
    ) -> (MatchModel, Report) {
        var report = Report()
        report.uSamples = uSamples
        let fields = comparisons.map(\.field)
        let u = UEstimator.estimate(
            f, comparisons: comparisons, samples: uSamples, seed: seed, linkOnly: linkOnly,
            records: records, workers: workers)
        var m = fields.map(initialM)
        var source = fields.map { _ in "default" }

        // 2. Seed from exact personnummer agreement.
        if let p = fields.firstIndex(of: .personnummer) {
            var acc = m.map { [Double](repeating: 0, count: $0.count) }
            var seeded = 0.0
            for i in h.levels.indices where LevelVector(raw: h.levels[i])[p] == 1 {
                seeded += h.counts[i]
                for f in fields.indices { acc[f][LevelVector(raw: h.levels[i])[f]] += h.counts[i] }
            }
            report.seededFromPersonnummer = seeded
            if seeded >= 30 {
                for f in fields.indices where fields[f] != .personnummer && fields[f] != .birthDate {
                    _ = ExpectationMaximisation.normalise(
                        &m[f], acc[f].enumerated().map { $0.offset == 0 ? 0 : $0.element + 0.5 })
                    source[f] = "personnummer seed"
                }
            }
        }

        // 3. EM sessions per training rule.
        let filled = fields.indices.map { f in h.levels.contains { LevelVector(raw: $0)[f] != 0 } }
        var mSum = fields.map { [Double](repeating: 0, count: $0.levelCount) }
        var mSessions = [Int](repeating: 0, count: fields.count)
        var blockU: [MatchModel.BlockConditionalU] = []
        for (k, rule) in rules.enumerated() where rule.train && k < 16 && !Parallel.isCancelled {
            let active = comparisons.map { !covers(rule, $0, columns: f.extraColumns) }
            let bit = UInt16(1) << UInt16(k)
            var pairs = 0.0
            for i in h.masks.indices where h.masks[i] & bit != 0 { pairs += h.counts[i] }
            if pairs < 50 || !active.contains(true) { continue }
            var est = ExpectationMaximisation.run(
                h, include: { h.masks[$0] & bit != 0 }, active: active, m: m, u: u,
                lambda: 0.5, estimateU: true)
            // A session whose "non-match" class still agrees on identity fields has split the matches in
            // two (say, people who moved against people who did not) instead of separating non-matches.
            // Such a block is nearly all matches, so EM with the random-pair u fixed is reliable there.
            // Only fields the register fills can show whether the session separated non-matches: a
            // personnummer comparison on a register without one is null in every pair and proves nothing.
            func anyActive(_ set: [ComparisonField]) -> Bool {
                fields.indices.contains { set.contains(fields[$0]) && active[$0] && filled[$0] }
            }
            // The first group of identity fields the session leaves free and the register fills is checked:
            // on a register without identifiers a "birth date + first name" block frees only the surname,
            // phone and e-mail, and a "non-match" class agreeing on the surname there holds people who moved
            // (the sample without personnummer: same name, birth date, phone and e-mail but a new address
            // weighed −1.0 and went to review). Without such a field the session proves nothing.
            // A company's name is to a company register what the first name is to persons without
            // identifiers: a "non-match" class that agrees on it holds the same company with another contact.
            let groups: [[ComparisonField]] = [
                [.personnummer, .birthDate], [.organisationsnummer, .identifier], [.firstName], [.lastName], [.email],
            ]
            let identity: [ComparisonField] =
                (groups.first(where: anyActive) ?? []) + (anyActive([.companyName]) ? [.companyName] : [])
            let separates = !identity.isEmpty && fields.indices.allSatisfy { f in
                !active[f] || !filled[f] || !identity.contains(fields[f]) || est.u[f][1] < Self.separated(fields[f])
            }
            if !separates {
                est = ExpectationMaximisation.run(
                    h, include: { h.masks[$0] & bit != 0 }, active: active, m: m, u: u,
                    lambda: 0.5, estimateU: false)
            }
            report.sessions.append(
                .init(
                    rule: rule.name, pairs: pairs, iterations: est.iterations, lambda: est.lambda,
                    fields: fields.indices.filter { active[$0] }.map { comparisons[$0].name }))
            for f in fields.indices where active[f] {
                for l in 0..<mSum[f].count { mSum[f][l] += est.m[f][l] }
                mSessions[f] += 1
            }
            // Keep the block's own u when it saw enough non-matches and its key is not a unique identifier.
            if (1 - est.lambda) * pairs >= 20 && separates
                && !rule.parts.contains(where: { $0 == .personnummer || $0 == .organisationsnummer || $0 == .identifier })
            {
                report.sessions[report.sessions.count - 1].blockU = true
                blockU.append(.init(rule: k, ruleName: rule.name, free: active, u: est.u))
            }
        }
        for f in fields.indices where mSessions[f] > 0 {
            m[f] = mSum[f].map { $0 / Double(mSessions[f]) }
            source[f] = "EM over \(mSessions[f]) blocking rule(s)"
        }

        // 4. λ over all pairs: candidates from the histogram (each weighed with its block's u), the rest
        //    non-matches. Only λ moves, so this is a one-dimensional fixed point.
        var model = MatchModel(comparisons: comparisons, m: m, u: u, lambda: 0.5, mSource: source)
        model.blockU = blockU
        var ratio = [Double](repeating: 1, count: h.levels.count)
        let tables = MaskedWeightTables(model: model)
        for i in h.levels.indices {
            let w = tables.weigh(h.levels[i], mask: h.masks[i]) { _, _ in 0 }.weight - tables.tables[0].prior
            ratio[i] = exp2(Double(w))
        }
        var lc = 0.01
        for _ in 0..<200 {
            var post = 0.0
            for i in h.levels.indices { post += h.counts[i] * lc * ratio[i] / (lc * ratio[i] + 1 - lc) }
            let next = min(max(post / max(h.pairCount, 1), 1e-9), 1 - 1e-9)
            if abs(next - lc) < 1e-9 { lc = next; break }
            lc = next
        }
        let n = Double(f.count)
        let nA = Double(f.source.lazy.filter { $0 == 0 }.count)
        let population = linkOnly ? nA * (n - nA) : n * (n - 1) / 2
        model.lambda = min(max(lc * h.pairCount / max(population, 1), 1e-12), 0.5)
        _ = totalPairs
        if let reason = collapseReason(model, histogram: h) {
            report.fallback = reason
            model = safeDefaults(comparisons: comparisons, records: f.count)
        }
        return (model, report)
    }
}
