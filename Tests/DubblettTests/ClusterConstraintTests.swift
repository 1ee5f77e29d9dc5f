import DubblettTestSupport
import Testing

@testable import Dubblett

@Suite("ClusterBuilder constraints")
struct ClusterConstraintTests {
    static func pair(_ a: Int, _ b: Int) -> UInt64 { UInt64(min(a, b)) << 32 | UInt64(max(a, b)) }

    @Test func aCannotLinkHoldsThroughAChain() {
        // 0–1 and 1–2 are strong links; a person decided 0 ≠ 2, so 1 may join one of them, never both.
        let pairs = [Self.pair(0, 1), Self.pair(1, 2)]
        let plain = ClusterBuilder.build(count: 3, pairs: pairs, weights: [20, 19], matchThreshold: 0, strongThreshold: 10)
        #expect(plain.labels == [0, 0, 0])
        let r = ClusterBuilder.build(
            count: 3, pairs: pairs, weights: [20, 19], matchThreshold: 0, strongThreshold: 10,
            constraints: .init(cannotLink: [Self.pair(2, 0)]))
        #expect(r.labels == [0, 0, 2])
        #expect(r.splitReasons == [.decision])
    }

    @Test func aMustLinkJoinsWithoutAnEdgeAndOverTheConflictGuard() {
        // Rows 0 and 1 hold different personnummer: the guard refuses their edge, a person's "same" does not.
        let ids = ClusterIdentities(
            personnummer: [199001011234, 198512249876, 0], birthDate: [0, 0, 0], phone: [0, 0, 0], firstName: [0, 0, 0])
        let r = ClusterBuilder.build(
            count: 3, pairs: [Self.pair(0, 1)], weights: [20], matchThreshold: 0, strongThreshold: 10, identities: ids,
            constraints: .init(mustLink: [Self.pair(1, 0), Self.pair(2, 1)]))
        #expect(r.labels == [0, 0, 0])
        let refused = ClusterBuilder.build(
            count: 3, pairs: [Self.pair(0, 1)], weights: [20], matchThreshold: 0, strongThreshold: 10, identities: ids)
        #expect(refused.labels == [0, 1, 2])
    }

    @Test func contradictingDecisionsLeaveTheCannotLinkStanding() {
        let r = ClusterBuilder.build(
            count: 3, pairs: [], weights: [], matchThreshold: 0, strongThreshold: 10,
            constraints: .init(mustLink: [Self.pair(0, 1), Self.pair(1, 2)], cannotLink: [Self.pair(0, 2)]))
        #expect(r.labels[0] == r.labels[1])
        #expect(r.labels[0] != r.labels[2])
    }

    /// Random graphs with random decisions: no cluster holds both rows of a cannot-link, and with no
    /// constraints the result is the unconstrained one.
    @Test(arguments: [1, 2, 3, 4, 5])
    func noClusterEverHoldsBothRowsOfACannotLink(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let n = 400
        var pairs: [UInt64] = [], weights: [Float] = []
        for _ in 0..<600 {
            let a = Int.random(in: 0..<n, using: &rng), b = Int.random(in: 0..<n, using: &rng)
            guard a != b else { continue }
            pairs.append(Self.pair(a, b))
            weights.append(Float.random(in: 0...30, using: &rng))
        }
        let plain = ClusterBuilder.build(count: n, pairs: pairs, weights: weights, matchThreshold: 5, strongThreshold: 12)
        let empty = ClusterBuilder.build(
            count: n, pairs: pairs, weights: weights, matchThreshold: 5, strongThreshold: 12, constraints: .init())
        #expect(empty.labels == plain.labels)
        // Cannot-links between rows the plain clustering put together (the hard case), plus random ones.
        var cannot: [UInt64] = []
        for _ in 0..<40 {
            let a = Int.random(in: 0..<n, using: &rng)
            let together = (0..<n).filter { $0 != a && plain.labels[$0] == plain.labels[a] }
            if let b = together.randomElement(using: &rng) { cannot.append(Self.pair(a, b)) }
        }
        let must = (0..<20).map { _ in Self.pair(Int.random(in: 0..<n, using: &rng), Int.random(in: 0..<n, using: &rng)) }
        let r = ClusterBuilder.build(
            count: n, pairs: pairs, weights: weights, matchThreshold: 5, strongThreshold: 12,
            constraints: .init(mustLink: must, cannotLink: cannot))
        #expect(!cannot.isEmpty)
        for c in cannot { #expect(r.labels[Int(c >> 32)] != r.labels[Int(c & 0xFFFF_FFFF)], "seed \(seed)") }
    }
}
