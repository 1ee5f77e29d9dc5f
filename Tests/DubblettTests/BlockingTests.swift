import DubblettTestSupport
import Testing

@testable import Dubblett

/// A small synthetic Swedish register with known entities, households and namesakes (features only).
struct SyntheticRegister {
    var features = FeatureTable()
    var entity: [Int32] = []
    /// Rows of household members (same surname and address, different people), as entity groups.
    var householdPairs: [(Int, Int)] = []

    static let firstNames = [
        "anna", "eva", "maria", "karin", "sara", "lena", "emma", "kerstin", "ingrid", "marie",
        "lars", "karl", "erik", "anders", "johan", "per", "nils", "jan", "olof", "hans",
        "mikael", "peter", "sven", "bo", "stefan", "elin", "ida", "linnea", "astrid", "oskar",
    ]
    static let lastNames = [
        "andersson", "johansson", "karlsson", "nilsson", "eriksson", "larsson", "olsson",
        "persson", "svensson", "gustafsson", "pettersson", "jonsson", "lindberg", "lindqvist",
        "bergstrom", "lundgren", "holm", "wallin", "sandberg", "forsberg",
    ]
    static let streets = [
        "storgatan", "kungsgatan", "drottninggatan", "parkvagen", "skolgatan", "kyrkvagen",
        "stationsvagen", "industrigatan", "ringvagen", "smedjegatan", "bjorkvagen", "tallvagen",
    ]

    /// A crude phonetic key for tests: the consonant skeleton without doubled letters.
    static func phonetic(_ s: [UInt8]) -> UInt64 {
        if s.isEmpty { return 0 }
        var out: [UInt8] = [s[0]]
        for c in s.dropFirst() where !"aeiouyåäö".utf8.contains(c) && c != out.last { out.append(c) }
        return XXH3.hash(out, seed: 99) | 1
    }

    static func row(
        first: String, last: String, birth: Int32, pnr: Int64, phone: Int64, email: UInt64, postal: Int32,
        street: String, number: Int32
    ) -> FeatureTable.Row {
        var r = FeatureTable.Row()
        r.firstFolded = Array(first.utf8)
        r.lastFolded = Array(last.utf8)
        r.firstPhonetic = phonetic(r.firstFolded)
        r.lastPhonetic = phonetic(r.lastFolded)
        r.birthDate = birth
        r.personnummer = pnr
        r.phone = phone
        r.emailHash = email
        r.postalCode = postal
        r.street = Array(street.utf8)
        r.houseNumber = number
        return r
    }

    static func typo(_ s: String, _ rng: inout SeededGenerator) -> String {
        var b = Array(s.utf8)
        let i = Int.random(in: 1..<b.count, using: &rng)
        switch Int.random(in: 0..<3, using: &rng) {
        case 0: b[i] = UInt8.random(in: 0x61...0x7A, using: &rng)
        case 1: b.remove(at: i)
        default: if i + 1 < b.count { b.swapAt(i, i + 1) } else { b.append(0x61) }
        }
        return String(decoding: b, as: UTF8.self)
    }

    init(people: Int, seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        var households: [[Int]] = []
        var person = 0
        while person < people {
            let last = Self.lastNames.randomElement(using: &rng)!
            let postal = Int32(10_000 + Int.random(in: 0..<40, using: &rng) * 100 + Int.random(in: 0..<3, using: &rng))
            let street = Self.streets.randomElement(using: &rng)!
            let number = Int32.random(in: 1...60, using: &rng)
            let landline: Int64 = Bool.random(using: &rng) ? 46_8000_0000 + Int64(person) : 0
            let size = Int.random(in: 0..<10, using: &rng) < 3 ? Int.random(in: 2...4, using: &rng) : 1
            var usedFirst = Set<String>()
            var members: [Int] = []
            for _ in 0..<size where person < people {
                var first = Self.firstNames.randomElement(using: &rng)!
                while usedFirst.contains(first) { first = Self.firstNames.randomElement(using: &rng)! }
                usedFirst.insert(first)
                let year = Int32.random(in: 1940...2005, using: &rng)
                let birth =
                    year * 10_000 + Int32.random(in: 1...12, using: &rng) * 100 + Int32.random(in: 1...28, using: &rng)
                let pnr = Int64(birth) * 10_000 + Int64(person % 10_000)
                let mobile: Int64 = 46_7000_0000 + Int64(person)
                let email: UInt64 = Bool.random(using: &rng) ? UInt64(person) &* 0x9E37_79B9 | 1 : 0
                let copies = Int.random(in: 0..<10, using: &rng) < 4 ? Int.random(in: 2...3, using: &rng) : 1
                for c in 0..<copies {
                    var f = first, l = last, p = postal, s = street, nr = number
                    var pn = pnr, ph = landline != 0 && Bool.random(using: &rng) ? landline : mobile, em = email
                    var b = birth
                    if c > 0 {
                        if Int.random(in: 0..<3, using: &rng) == 0 { f = Self.typo(f, &rng) }
                        if Int.random(in: 0..<4, using: &rng) == 0 { l = Self.typo(l, &rng) }
                        if Int.random(in: 0..<3, using: &rng) == 0 { pn = 0 }
                        if Int.random(in: 0..<3, using: &rng) == 0 { ph = 0 }
                        if Int.random(in: 0..<2, using: &rng) == 0 { em = 0 }
                        if Int.random(in: 0..<10, using: &rng) == 0 { b = 0 }
                        if Int.random(in: 0..<5, using: &rng) == 0 {
                            p = Int32(10_000 + Int.random(in: 0..<40, using: &rng) * 100)
                            s = Self.streets.randomElement(using: &rng)!
                            nr = Int32.random(in: 1...60, using: &rng)
                        }
                    }
                    members.append(features.count)
                    features.append(
                        Self.row(
                            first: f, last: l, birth: b, pnr: pn, phone: ph, email: em, postal: p,
                            street: s, number: nr))
                    entity.append(Int32(person))
                }
                person += 1
            }
            households.append(members)
        }
        for h in households {
            for i in h.indices {
                for j in h.indices where i < j && entity[h[i]] != entity[h[j]] {
                    householdPairs.append((h[i], h[j]))
                }
            }
        }
    }

    /// True pairs (same entity) as packed pairs.
    var truePairs: Set<UInt64> {
        var byEntity: [Int32: [Int]] = [:]
        for (r, e) in entity.enumerated() { byEntity[e, default: []].append(r) }
        var out = Set<UInt64>()
        for rows in byEntity.values {
            for i in rows.indices {
                for j in rows.indices where i < j {
                    out.insert(UInt64(min(rows[i], rows[j])) << 32 | UInt64(max(rows[i], rows[j])))
                }
            }
        }
        return out
    }
}

@Suite("Blocking")
struct BlockingTests {
    @Test(arguments: [31, 32])
    func everyAgreeingPairIsGeneratedExactlyOnce(seed: UInt64) {
        let reg = SyntheticRegister(people: 600, seed: seed)
        let f = reg.features
        let rules = BlockingRule.swedishDefaults
        let gen = CandidateGenerator(rules: rules, maxBucket: 100_000, window: 10)
        let result = gen.generate(f, workers: 2)
        // Naive reference: every pair agreeing on any rule's key.
        let keys = rules.indices.map { KeyHasher.keys(for: rules[$0], index: $0, features: f, workers: 1) }
        var expected = Set<UInt64>()
        var firstRule: [UInt64: Int] = [:]
        for a in 0..<f.count {
            for b in (a + 1)..<f.count {
                for k in rules.indices where keys[k][a] != 0 && keys[k][a] == keys[k][b] {
                    let p = UInt64(a) << 32 | UInt64(b)
                    expected.insert(p)
                    if firstRule[p] == nil { firstRule[p] = k }
                }
            }
        }
        #expect(result.pairs.count == Set(result.pairs).count, "seed \(seed): a pair was generated twice")
        #expect(Set(result.pairs) == expected, "seed \(seed)")
        for (p, r) in zip(result.pairs, result.rule) { #expect(firstRule[p] == Int(r), "seed \(seed)") }
        #expect(result.report.totalPairs == expected.count)
    }

    @Test func oversizedBucketsUseAWindowAndStayLinear() {
        // 2 000 records sharing one postal code and surname: all pairs would be 1 999 000.
        var f = FeatureTable()
        for i in 0..<2000 {
            f.append(
                SyntheticRegister.row(
                    first: "p\(i % 97)", last: "andersson", birth: Int32(19_500_101 + i % 28),
                    pnr: 0, phone: 0, email: 0, postal: 11_122, street: "storgatan", number: 1))
        }
        let rules = [BlockingRule([.postalCode, .lastPhonetic]), BlockingRule([.lastPhonetic])]
        let result = CandidateGenerator(rules: rules, maxBucket: 50, window: 8).generate(f, workers: 2)
        #expect(result.pairs.count <= 2000 * 7)
        #expect(result.report.rules[0].windowedBuckets == 1)
        #expect(result.report.rules[0].largestBucket == 2000)
        // The second rule's bucket is the same records in the same order: every pair was found already.
        #expect(result.report.rules[1].pairs == 0)
        #expect(result.report.rules[1].skippedAsEarlier == result.report.rules[0].pairs)
        #expect(result.report.largestBuckets.first?.maskedKey.contains("andersson") == false)
        #expect(Set(result.pairs).count == result.pairs.count)
    }

    @Test func aRuleWindowOverridesTheRunWindow() {
        // 300 records in one oversized bucket: window 2 pairs only sorted neighbours (299 pairs).
        var f = FeatureTable()
        for i in 0..<300 {
            f.append(
                SyntheticRegister.row(
                    first: "p\(i % 53)", last: "andersson", birth: Int32(19_500_101 + i % 28),
                    pnr: 0, phone: 0, email: 0, postal: 11_122, street: "storgatan", number: 1))
        }
        let narrow = [BlockingRule([.postalCode, .lastPhonetic], window: 2)]
        let n = CandidateGenerator(rules: narrow, maxBucket: 50, window: 8).generate(f, workers: 2)
        #expect(n.pairs.count == 299)
        let wide = CandidateGenerator(rules: [BlockingRule([.postalCode, .lastPhonetic])], maxBucket: 50, window: 8)
        #expect(wide.generate(f, workers: 2).pairs.count == 300 * 7 - 28)
        // A later wider rule over the same bucket and order finds the pairs 2..<8 apart, not the neighbours.
        let both = narrow + [BlockingRule([.lastPhonetic])]
        let r = CandidateGenerator(rules: both, maxBucket: 50, window: 8).generate(f, workers: 2)
        #expect(r.report.rules[1].skippedAsEarlier == 299)
        #expect(r.report.rules[1].pairs == 300 * 7 - 28 - 299)
        #expect(Set(r.pairs).count == r.pairs.count)
    }

    /// 2 000 records sharing one e-mail address: 40 first names (one of them empty), five of them common
    /// (225 records each) and the rest rare (25 each), birth dates spread.
    static func crowdedEmail() -> FeatureTable {
        let names = [
            "anna", "erik", "lars", "karin", "maria", "johan", "per", "eva", "nils", "ingrid", "olof", "britt",
            "gustav", "sigrid", "harald", "tove", "viktor", "elsa", "mats", "greta", "", "ulf", "astrid", "bo",
            "signe", "knut", "linnea", "magnus", "hedvig", "tor", "agnes", "sven", "frida", "gunnar", "ebba",
            "rolf", "selma", "axel", "vera", "kent",
        ]
        var f = FeatureTable()
        for i in 0..<2000 {
            f.append(
                SyntheticRegister.row(
                    first: names[i < 1000 ? (i * 7) % names.count : i % 5], last: "andersson",
                    birth: Int32(19_500_101 + i % 28),
                    pnr: 0, phone: 0, email: 77, postal: 11_122, street: "storgatan", number: 1))
        }
        return f
    }

    @Test func crowdedBucketsAreSplitByTheSecondaryKey() {
        let f = Self.crowdedEmail()
        let cap = 30, window = 6
        let result = CandidateGenerator(
            rules: [BlockingRule([.email], split: .firstPhonetic)], maxBucket: cap, window: window
        ).generate(f, workers: 2)
        // Sub-buckets by first-name phonetic: all pairs up to the cap, a window above it, none across.
        var sizes: [UInt64: Int] = [:]
        for r in 0..<f.count { sizes[f.firstPhonetic[r], default: 0] += 1 }
        #expect(sizes.count >= 30 && sizes.values.contains { $0 <= cap } && sizes.values.contains { $0 > cap })
        let expected = sizes.values.reduce(0) { sum, m in
            sum + (m <= cap ? m * (m - 1) / 2 : (window - 1) * m - (window - 1) * window / 2)
        }
        #expect(result.pairs.count == expected)
        #expect(Set(result.pairs).count == result.pairs.count)
        for p in result.pairs { #expect(f.firstPhonetic[Int(p >> 32)] == f.firstPhonetic[Int(p & 0xFFFF_FFFF)]) }
        #expect(result.report.rules[0].splitBuckets == 1 && result.report.rules[0].windowedBuckets == 1)
        // Without the split the bucket is one window over 2 000 records, most pairs across first names.
        let plain = CandidateGenerator(rules: [BlockingRule([.email])], maxBucket: cap, window: window)
            .generate(f, workers: 2)
        #expect(plain.pairs.count == (window - 1) * 2000 - (window - 1) * window / 2)
    }

    @Test(arguments: [1, 2])
    func aSplitRuleAndALaterRuleGenerateEachPairOnce(workers: Int) {
        // The later rule must see exactly which pairs the split rule generated (its sub-bucket positions).
        let f = Self.crowdedEmail()
        let split = BlockingRule([.email], split: .firstPhonetic)
        let later = BlockingRule([.postalCode, .lastPhonetic], windowOrder: [.birthDate, .firstPhonetic])
        func alone(_ r: BlockingRule) -> Set<UInt64> {
            Set(CandidateGenerator(rules: [r], maxBucket: 30, window: 6).generate(f, workers: workers).pairs)
        }
        let both = CandidateGenerator(rules: [split, later], maxBucket: 30, window: 6).generate(f, workers: workers)
        #expect(Set(both.pairs).count == both.pairs.count)
        #expect(Set(both.pairs) == alone(split).union(alone(later)))
        #expect(both.report.rules[1].skippedAsEarlier == alone(split).intersection(alone(later)).count)
    }

    @Test func identicalForAnyWorkerCount() {
        let f = SyntheticRegister(people: 800, seed: 9).features
        let gen = CandidateGenerator(rules: BlockingRule.swedishDefaults, maxBucket: 6, window: 3)
        let a = gen.generate(f, workers: 1), b = gen.generate(f, workers: 2)
        #expect(a.pairs == b.pairs && a.rule == b.rule)
    }

    @Test func linkModeKeepsOnlyCrossSourcePairs() {
        var f = SyntheticRegister(people: 300, seed: 4).features
        for i in 0..<f.count { f.source[i] = UInt8(i % 2) }
        let result = CandidateGenerator(rules: BlockingRule.swedishDefaults, linkOnly: true).generate(f, workers: 2)
        #expect(!result.pairs.isEmpty)
        for p in result.pairs { #expect(f.source[Int(p >> 32)] != f.source[Int(p & 0xFFFF_FFFF)]) }
    }
}
