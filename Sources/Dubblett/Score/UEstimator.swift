/// Estimates u (the level distribution among non-matching pairs) from random record pairs.
///
/// Random pairs are almost all non-matches, so their level frequencies estimate u directly (Splink's
/// `estimate_u_using_random_sampling`). The exact level of a field with discrete values is computed
/// instead from the value frequencies, Σ p², which is exact and stays accurate for values so rare that
/// a sample never sees two records share them (personnummer, phone numbers).
///
/// - Complexity: O(samples) comparisons plus one radix sort per discrete field.
public enum UEstimator {
    /// u per field and level.
    public static func estimate(
        _ f: FeatureTable, comparisons: [ComparisonSpec], samples: Int, seed: UInt64,
        linkOnly: Bool, records: CompareRecords? = nil, workers: Int
    ) -> [[Double]] {
        let n = f.count
        var pairs: [UInt64] = []
        if n >= 2 {
            var rng = SplitMix(state: seed)
            let aRows = linkOnly ? (0..<n).filter { f.source[$0] == 0 } : []
            let bRows = linkOnly ? (0..<n).filter { f.source[$0] != 0 } : []
            pairs.reserveCapacity(samples)
            var attempts = 0
            while pairs.count < samples && attempts < samples * 4 {
                attempts += 1
                var a: Int, b: Int
                if linkOnly {
                    if aRows.isEmpty || bRows.isEmpty { break }
                    a = aRows[Int(rng.next() % UInt64(aRows.count))]
                    b = bRows[Int(rng.next() % UInt64(bRows.count))]
                } else {
                    a = Int(rng.next() % UInt64(n))
                    b = Int(rng.next() % UInt64(n))
                }
                if a == b { continue }
                if a > b { swap(&a, &b) }
                pairs.append(UInt64(a) << 32 | UInt64(b))
            }
        }
        let levels = f.compareAll(pairs, specs: comparisons, records: records, workers: workers)
        var u: [[Double]] = []
        for (i, spec) in comparisons.enumerated() {
            let lc = spec.field.levelCount
            var counts = [Double](repeating: 0, count: lc)
            for v in levels { counts[Int((v >> UInt32(4 * i)) & 0xF)] += 1 }
            // Smoothed proportions over the non-null levels.
            var p = [Double](repeating: 0, count: lc)
            let nonNull = counts.dropFirst().reduce(0, +)
            for l in 1..<lc { p[l] = (counts[l] + 0.5) / (nonNull + 0.5 * Double(lc - 1)) }
            // A cancelled run skips the exact-level sorts (its model is discarded by `Pipeline`).
            if !Parallel.isCancelled, let collision = exactCollision(f, spec, workers: workers) {
                // Replace the exact level and rescale the others to the remaining mass.
                let rest = p[2...].reduce(0, +)
                let exact = max(collision, 1e-12)
                p[1] = exact
                if rest > 0 { for l in 2..<lc { p[l] = p[l] / rest * (1 - exact) } }
            }
            u.append(p)
        }
        return u
    }

    /// Σ p² over the field's values, or nil when the field's exact level is not a plain value identity.
    static func exactCollision(_ f: FeatureTable, _ spec: ComparisonSpec, workers: Int) -> Double? {
        let hashes: [UInt64]
        switch spec.field {
        case .firstName: hashes = f.firstHash
        case .lastName: hashes = f.lastHash
        case .birthDate: hashes = f.birthDate.map { UInt64(UInt32(bitPattern: $0)) }
        case .personnummer: hashes = f.personnummer.map { UInt64(bitPattern: $0) }
        case .phone: hashes = f.phone.map { UInt64(bitPattern: $0) }
        case .email: hashes = f.emailHash
        case .postalCode: hashes = f.postalCode.map { UInt64(UInt32(bitPattern: $0)) }
        case .city: hashes = f.cityHash
        case .street: return nil
        case .identifier: hashes = f.identifier.map { UInt64(bitPattern: $0) }
        case .organisationsnummer: hashes = f.organisationsnummer.map { UInt64(bitPattern: $0) }
        case .companyName: hashes = f.companyHash
        case .gender: hashes = f.gender.map { UInt64($0) }
        case .date, .number, .category, .text:
            // The exact level is value identity for every kind but a date column mixing years alone with full
            // dates (1975 against 1975-03-04 is "same year", not exact), where the sample's count stands.
            guard let k = f.extraColumns.firstIndex(where: { $0.name == spec.column }) else { return nil }
            let stride = f.extraColumns.count
            hashes = (0..<f.count).map { f.extraValues[$0 * stride + k] }
        }
        return TermFrequencies.compute(hashes: hashes, workers: workers).collision
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): the engine's seeded generator for sampling.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
