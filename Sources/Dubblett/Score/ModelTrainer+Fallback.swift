import Foundation

/// When unsupervised training cannot be trusted, and the parameters used instead.
///
/// EM needs matches and non-matches to differ. On a degenerate register they do not: a million copies
/// of one record make every candidate and every random pair agree on every field, so u(exact) ≈ 1,
/// the trained weights of agreement are zero or negative, and identical records end up as singletons.
/// A model is judged collapsed when a probability is not finite, when the candidate pairs show fewer
/// than two distinct agreement patterns (nothing to separate), or when no identifying field
/// (personnummer, birth date, phone, e-mail, first or last name) that the pairs compare at all gets a
/// positive weight for exact agreement. Then every field gets textbook m and u (agreement likely among
/// matches, rare among non-matches) and λ assumes about one duplicate per record, and the run says so.
extension ModelTrainer {
    /// Fields whose exact agreement must be evidence for a match in any usable model.
    static let identifyingFields: Set<ComparisonField> = [
        .personnummer, .birthDate, .phone, .email, .firstName, .lastName,
    ]

    /// Why `model`, trained on the pairs of `histogram`, cannot be used; `nil` when it can.
    public static func collapseReason(_ model: MatchModel, histogram h: PatternHistogram) -> String? {
        let finite = model.lambda.isFinite && model.m.allSatisfy { $0.allSatisfy(\.isFinite) }
            && model.u.allSatisfy { $0.allSatisfy(\.isFinite) }
        if !finite { return "training gave probabilities that are not numbers (NaN or infinite)" }
        guard h.pairCount > 0 else { return nil }
        if h.levels.count < 2 {
            return "all \(Int(h.pairCount)) candidate pairs have the same agreement pattern, so EM cannot tell "
                + "matches from non-matches"
        }
        let fields = model.comparisons.map(\.field)
        var compared: [ComparisonField] = []
        var rewarded = false
        for (f, field) in fields.enumerated() where identifyingFields.contains(field) {
            let present = h.levels.indices.contains { LevelVector(raw: h.levels[$0])[f] != 0 && h.counts[$0] > 0 }
            guard present else { continue }
            compared.append(field)
            if log2(max(model.m[f][1], 1e-12) / max(model.u[f][1], 1e-12)) > 1 { rewarded = true }
        }
        if !compared.isEmpty && !rewarded {
            return "exact agreement on " + compared.map(\.rawValue).joined(separator: ", ")
                + " does not count for a match in the trained model (m ≤ u: non-matching pairs agree as often "
                + "as matching ones, as in a register of identical records)"
        }
        return nil
    }

    /// Textbook parameters for `comparisons` on a register of `records` records.
    public static func safeDefaults(comparisons: [ComparisonSpec], records: Int) -> MatchModel {
        let fields = comparisons.map(\.field)
        let u = fields.map(defaultU)
        let lambda = min(0.5, 1 / Double(max(records - 1, 2)))
        return MatchModel(
            comparisons: comparisons, m: fields.map(initialM), u: u, lambda: lambda,
            mSource: fields.map { _ in "safe default (training collapsed)" })
    }

    /// Level frequencies among non-matching pairs of a typical Swedish register (null level 0 unused).
    static func defaultU(_ field: ComparisonField) -> [Double] {
        switch field {
        case .firstName: return [0, 0.01, 0.01, 0.03, 0.95]
        case .lastName: return [0, 0.005, 0.005, 0.02, 0.97]
        case .birthDate: return [0, 0.0001, 0.0005, 0.9994]
        case .personnummer: return [0, 1e-7, 1e-6, 1 - 1.1e-6]
        case .phone: return [0, 1e-5, 1 - 1e-5]
        case .email: return [0, 1e-6, 1 - 1e-6]
        case .street: return [0, 0.0005, 0.0005, 0.002, 0.997]
        case .postalCode: return [0, 0.002, 0.02, 0.978]
        case .city: return [0, 0.02, 0.98]
        case .identifier: return [0, 1e-6, 1e-5, 1 - 1.1e-5]
        case .organisationsnummer: return [0, 1e-6, 1e-5, 1 - 1.1e-5]
        case .companyName: return [0, 0.0005, 0.001, 0.005, 0.9935]
        case .gender: return [0, 0.5, 0.5]
        case .date: return [0, 0.001, 0.0005, 0.005, 0.05, 0.9435]
        case .number: return [0, 0.01, 0.05, 0.94]
        case .category: return [0, 0.2, 0.8]
        case .text: return [0, 0.001, 0.005, 0.05, 0.944]
        }
    }
}
