import DubblettTestSupport
import Testing

@testable import Dubblett

@Suite("ClusterBuilder")
struct ClusterTests {
    static func pair(_ a: Int, _ b: Int) -> UInt64 { UInt64(min(a, b)) << 32 | UInt64(max(a, b)) }

    @Test(arguments: [11, 12, 13, 14])
    func strongEdgesGiveConnectedComponents(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let n = 300
        var edges: [(Int, Int)] = []
        for _ in 0..<250 {
            let a = Int.random(in: 0..<n, using: &rng), b = Int.random(in: 0..<n, using: &rng)
            if a != b { edges.append((a, b)) }
        }
        let pairs = edges.map { Self.pair($0.0, $0.1) }
        let r = ClusterBuilder.build(
            count: n, pairs: pairs, weights: pairs.map { _ in 20 }, matchThreshold: 0,
            strongThreshold: 10)
        #expect(r.labels == naiveComponents(count: n, edges: edges), "seed \(seed)")
        #expect(r.splits.isEmpty)
    }

    /// The radix order of edges (sorted pairs, over 4,096 edges so the radix path runs) and the comparison
    /// fallback (pairs out of order) both equal weight descending, then pair ascending.
    @Test(arguments: [true, false])
    func edgesComeStrongestFirstWithTiesByPair(sortedPairs: Bool) {
        var rng = SeededGenerator(seed: 7)
        var pairs = (0..<6000).map { _ in
            Self.pair(Int.random(in: 0..<3000, using: &rng), Int.random(in: 3000..<6000, using: &rng))
        }
        if sortedPairs { pairs.sort() }
        let choices: [Float] = [-0.0, 0, 0.5, -0.5, 12.25, -12.25, 3, Float.greatestFiniteMagnitude, -30]
        let weights = pairs.map { _ in
            Bool.random(using: &rng) ? choices.randomElement(using: &rng)! : Float.random(in: -40...40, using: &rng)
        }
        let expected = pairs.indices.filter { weights[$0] >= -12.25 }.sorted {
            weights[$0] != weights[$1] ? weights[$0] > weights[$1] : pairs[$0] < pairs[$1]
        }
        let got = ClusterBuilder.strongestFirst(pairs: pairs, weights: weights, atLeast: -12.25)
        #expect(got.map { weights[$0] } == expected.map { weights[$0] })
        #expect(got.map { pairs[$0] } == expected.map { pairs[$0] })
    }

    @Test func aSingleWeakBridgeBetweenTwoGroupsIsCutAndReported() {
        // {0,1,2} and {3,4} held together strongly; one weak link 2–3.
        let pairs = [Self.pair(0, 1), Self.pair(1, 2), Self.pair(3, 4), Self.pair(2, 3)]
        let weights: [Float] = [20, 20, 20, 2]
        let r = ClusterBuilder.build(count: 5, pairs: pairs, weights: weights, matchThreshold: 0, strongThreshold: 10)
        #expect(r.labels == [0, 0, 0, 3, 3])
        #expect(r.splits.count == 1)
        #expect(r.splits.first?.sizeA == 3 && r.splits.first?.sizeB == 2)
    }

    @Test func twoWeakLinksBetweenGroupsMerge() {
        let pairs = [Self.pair(0, 1), Self.pair(2, 3), Self.pair(0, 2), Self.pair(1, 3)]
        let r = ClusterBuilder.build(
            count: 4, pairs: pairs, weights: [20, 20, 2, 2], matchThreshold: 0,
            strongThreshold: 10)
        #expect(r.labels == [0, 0, 0, 0])
        #expect(r.splits.isEmpty)
    }

    @Test func aWeakLinkMayAttachASingleRecord() {
        let pairs = [Self.pair(0, 1), Self.pair(1, 2)]
        let r = ClusterBuilder.build(count: 3, pairs: pairs, weights: [20, 1], matchThreshold: 0, strongThreshold: 10)
        #expect(r.labels == [0, 0, 0])
        #expect(r.sizes == [3, 3, 3])
    }

    @Test func edgesBelowTheThresholdAreIgnored() {
        let r = ClusterBuilder.build(
            count: 2, pairs: [Self.pair(0, 1)], weights: [-1], matchThreshold: 0,
            strongThreshold: 10)
        #expect(r.labels == [0, 1])
        #expect(r.multiRecordClusters == 0)
    }
}
