import DubblettTestSupport
import Testing

@testable import Dubblett

@Suite("ClusterBuilder conflict guard")
struct ClusterConflictTests {
    static func pair(_ a: Int, _ b: Int) -> UInt64 { UInt64(min(a, b)) << 32 | UInt64(max(a, b)) }

    /// Identities from per-row tuples (0 = missing).
    static func ids(pnr: [Int64], date: [Int32], phone: [Int64]? = nil, first: [UInt64]? = nil) -> ClusterIdentities {
        ClusterIdentities(
            personnummer: pnr, birthDate: date, phone: phone ?? pnr.map { _ in 0 },
            firstName: first ?? pnr.map { _ in 0 })
    }

    static func build(
        _ n: Int, _ edges: [(Int, Int, Float)], _ ids: ClusterIdentities?, rules: ConflictRules = .standard
    ) -> ClusterBuilder.Result {
        ClusterBuilder.build(
            count: n, pairs: edges.map { pair($0.0, $0.1) }, weights: edges.map { $0.2 }, matchThreshold: 0,
            strongThreshold: 10, identities: ids, conflicts: rules)
    }

    @Test func householdMotherAndDaughterStayApart() {
        // Rows 0, 1: the mother (1980-08-26); 2: the daughter (2005-03-31); 3: the daughter without a birth
        // date, who matches her own record strongly and her mother's on surname, address and landline.
        let ids = Self.ids(pnr: [0, 0, 0, 0], date: [19_800_826, 19_800_826, 20_050_331, 0])
        let edges: [(Int, Int, Float)] = [(0, 1, 20), (2, 3, 15), (0, 3, 12), (1, 3, 11)]
        let unguarded = Self.build(4, edges, nil)
        #expect(unguarded.labels == [0, 0, 0, 0], "without the guard the household fuses")
        let r = Self.build(4, edges, ids)
        #expect(r.labels == [0, 0, 2, 2])
        #expect(r.splits.count == 1 && r.splitReasons == [.birthDate])
        #expect(r.splits.first.map { ($0.rowA, $0.rowB) } ?? (-1, -1) == (0, 3))
    }

    @Test func sameNameDifferentBirthDatesDoNotMergeThroughUndatedRecords() {
        // Two Linda Jonsson at one address, born 1957 (rows 0, 1) and 1990 (rows 2, 3); row 4 has no birth
        // date and links to both; two weak bridges from 4's group to the other group would satisfy the
        // chaining guard on their own.
        let ids = Self.ids(pnr: [0, 0, 0, 0, 0], date: [19_570_412, 19_570_412, 19_900_119, 19_900_119, 0])
        let edges: [(Int, Int, Float)] = [(0, 1, 20), (2, 3, 20), (1, 4, 6), (2, 4, 5), (3, 4, 5)]
        #expect(Self.build(5, edges, nil).labels == [0, 0, 0, 0, 0], "control: the chaining guard alone merges")
        let r = Self.build(5, edges, ids)
        #expect(r.labels == [0, 0, 2, 2, 0])
        #expect(r.splitReasons == [.birthDate])
    }

    @Test func aTrueDuplicateMissingItsBirthDateStillMerges() {
        let ids = Self.ids(pnr: [198_008_262_384, 0, 0], date: [19_800_826, 0, 19_800_826])
        let r = Self.build(3, [(0, 1, 12), (1, 2, 4), (0, 2, 15)], ids)
        #expect(r.labels == [0, 0, 0])
        #expect(r.splits.isEmpty)
    }

    @Test(arguments: [
        (Int32(19_800_826), Int32(19_800_828)),  // one digit
        (19_800_306, 19_800_603),  // day and month swapped
        (19_800_826, 19_800_826),
    ])
    func birthDatesOneTypoApartAreCompatible(a: Int32, b: Int32) {
        let r = Self.build(2, [(0, 1, 12)], Self.ids(pnr: [0, 0], date: [a, b]))
        #expect(r.labels == [0, 0])
    }

    @Test func partialBirthDatesDoNotConflict() {
        let r = Self.build(2, [(0, 1, 12)], Self.ids(pnr: [0, 0], date: [19_800_000, 19_750_000]))
        #expect(r.labels == [0, 0])
    }

    @Test func twinsWithDifferentPersonnummerStayApart() {
        // Same birth date, two personnummer; row 2 has neither and attaches to the stronger match.
        let ids = Self.ids(pnr: [199_001_191_234, 199_001_191_242, 0], date: [19_900_119, 19_900_119, 0])
        let r = Self.build(3, [(0, 2, 14), (1, 2, 13)], ids)
        #expect(r.labels == [0, 1, 0])
        #expect(r.splitReasons == [.personnummer])
    }

    @Test func anAgreeingPersonnummerOverridesABirthDateConflict() {
        let ids = Self.ids(pnr: [198_008_262_384, 198_008_262_384], date: [19_800_826, 20_010_101])
        #expect(Self.build(2, [(0, 1, 12)], ids).labels == [0, 0])
    }

    @Test func mobileAndFirstNameConflictOnlyWhenEnabledAndBothDiffer() {
        // Same household, no dates: different mobiles and different first names.
        let phone: [Int64] = [46_701_234_567, 46_739_876_543, 46_739_876_543]
        let ids = Self.ids(pnr: [0, 0, 0], date: [0, 0, 0], phone: phone, first: [11, 22, 11])
        let edges: [(Int, Int, Float)] = [(0, 1, 12), (0, 2, 11)]
        #expect(Self.build(3, edges, ids).labels == [0, 0, 0], "not in the standard rules")
        let r = Self.build(3, edges, ids, rules: [.personnummer, .birthDate, .mobileAndFirstName])
        // 0–1 differ in mobile and first name; 0–2 share the first name (a changed phone).
        #expect(r.labels == [0, 1, 0])
        #expect(r.splitReasons == [.mobileAndFirstName])
        // A landline is shared by a household: it never conflicts.
        let landline = Self.ids(pnr: [0, 0, 0], date: [0, 0, 0], phone: [4_687_654_321, 4_612_345_678, 0], first: [11, 22, 0])
        #expect(
            Self.build(3, edges, landline, rules: [.mobileAndFirstName]).labels == [0, 0, 0])
    }

    @Test func typoDistance() {
        #expect(ConflictGuard.oneTypoApart(19_800_826, 19_800_828, digits: 8))
        #expect(ConflictGuard.oneTypoApart(19_800_826, 19_800_862, digits: 8))  // adjacent swap
        #expect(!ConflictGuard.oneTypoApart(19_800_826, 19_800_837, digits: 8))
        #expect(!ConflictGuard.oneTypoApart(19_570_412, 19_900_119, digits: 8))
        #expect(!ConflictGuard.oneTypoApart(12_345_678, 12_345_678, digits: 8))  // equal is not a typo
        #expect(!ConflictGuard.oneTypoApart(19_800_826, 19_801_825, digits: 8))  // two non-adjacent digits
    }

    /// Random graphs over random people: no final cluster holds two different personnummer (standard rules)
    /// or two different birth dates (birth-date rule alone; with the personnummer rule an agreeing
    /// personnummer may overrule dates), the result does not depend on the order edges are given in, and
    /// with no rules it is the unguarded one. Pool values are pairwise incompatible, so equality is the test.
    @Test(arguments: [21, 22, 23, 24, 25])
    func clustersNeverHoldConflictsAndIgnoreInputOrder(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let n = 400
        var pnrPool: [Int64] = [], datePool: [Int32] = []
        while pnrPool.count < 40 {
            let p = Int64.random(in: 190_000_000_000..<202_000_000_000, using: &rng)
            if pnrPool.allSatisfy({ !ConflictGuard.pnrCompatible($0, p) }) { pnrPool.append(p) }
        }
        while datePool.count < 40 {
            let y = Int32.random(in: 1920...2010, using: &rng), m = Int32.random(in: 1...12, using: &rng)
            let d = y * 10_000 + m * 100 + Int32.random(in: 1...28, using: &rng)
            if datePool.allSatisfy({ !ConflictGuard.dateCompatible($0, d) }) { datePool.append(d) }
        }
        // Each row is a record of one of 40 people, showing its personnummer and birth date or not.
        var pnr = [Int64](repeating: 0, count: n), date = [Int32](repeating: 0, count: n)
        for r in 0..<n {
            let person = Int.random(in: 0..<40, using: &rng)
            if Int.random(in: 0..<3, using: &rng) == 0 { pnr[r] = pnrPool[person] }
            if Int.random(in: 0..<2, using: &rng) == 0 { date[r] = datePool[person] }
        }
        var edges: [(Int, Int, Float)] = []
        for _ in 0..<700 {
            let a = Int.random(in: 0..<n, using: &rng), b = Int.random(in: 0..<n, using: &rng)
            if a != b { edges.append((a, b, Float(Int.random(in: 1...30, using: &rng)))) }
        }
        let ids = Self.ids(pnr: pnr, date: date)
        func distinctPerCluster<T: Hashable>(_ labels: [Int32], _ values: [T], missing: T) -> Bool {
            var seen: [Int32: T] = [:]
            for row in labels.indices where values[row] != missing {
                if seen[labels[row], default: values[row]] != values[row] { return false }
                seen[labels[row]] = values[row]
            }
            return true
        }
        let r = Self.build(n, edges, ids)
        #expect(distinctPerCluster(r.labels, pnr, missing: 0), "seed \(seed): two personnummer in one cluster")
        let dated = Self.build(n, edges, ids, rules: .birthDate)
        #expect(distinctPerCluster(dated.labels, date, missing: 0), "seed \(seed): two birth dates in one cluster")
        #expect(r.splits.count == r.splitReasons.count && !r.splits.isEmpty, "seed \(seed)")
        for s in r.splits { #expect(r.labels[Int(s.rowA)] != r.labels[Int(s.rowB)], "seed \(seed)") }
        var shuffled = edges
        shuffled.shuffle(using: &rng)
        let again = Self.build(n, shuffled, ids)
        #expect(again.labels == r.labels, "seed \(seed): labels depend on input order")
        #expect(again.splitReasons == r.splitReasons, "seed \(seed)")
        let off = Self.build(n, edges, ids, rules: .none), plain = Self.build(n, edges, nil)
        #expect(off.labels == plain.labels, "seed \(seed)")
        #expect(!distinctPerCluster(plain.labels, pnr, missing: 0), "seed \(seed): control should mix people")
    }
}
