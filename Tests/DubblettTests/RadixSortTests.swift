import DubblettTestSupport
import Testing

@testable import Dubblett

@Suite("RadixSort")
struct RadixSortTests {
    @Test(arguments: [0, 1, 2, 100, 5000, 70_000])
    func sortsStablyLikeTheStandardLibrary(count: Int) {
        let seed = UInt64(count) &* 7919 &+ 1
        var rng = SeededGenerator(seed: seed)
        // Few distinct keys in the low bits and some spread, so stability and skipped passes both matter.
        let keys0 = (0..<count).map { _ in rng.next() % 3 == 0 ? UInt64.random(in: 0..<50, using: &rng) : rng.next() }
        let rows0 = (0..<count).map { UInt32($0) }
        let expected = rows0.sorted { keys0[Int($0)] != keys0[Int($1)] ? keys0[Int($0)] < keys0[Int($1)] : $0 < $1 }
        for workers in [1, 2] {
            var keys = keys0, rows = rows0
            RadixSort.sort(keys: &keys, payload: &rows, workers: workers)
            #expect(rows == expected, "seed \(seed), workers \(workers)")
            #expect(keys == expected.map { keys0[Int($0)] }, "seed \(seed), workers \(workers)")
        }
    }
}

@Suite("UnionFind")
struct UnionFindTests {
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func matchesNaiveComponentsOnRandomGraphs(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let n = Int.random(in: 1...400, using: &rng)
        let e = Int.random(in: 0...(n * 2), using: &rng)
        let edges = (0..<e).map { _ in (Int.random(in: 0..<n, using: &rng), Int.random(in: 0..<n, using: &rng)) }
        var uf = UnionFind(count: n)
        for (a, b) in edges { uf.union(a, b) }
        #expect(uf.labels() == naiveComponents(count: n, edges: edges), "seed \(seed)")
    }

    @Test func unionReportsWhetherItMerged() {
        var uf = UnionFind(count: 4)
        let first = uf.union(0, 1), second = uf.union(1, 0)
        let s1 = uf.setSize(1), s3 = uf.setSize(3)
        #expect(first && !second)
        #expect(s1 == 2 && s3 == 1)
    }

    @Test func hotStructsStaySmall() {
        #expect(MemoryLayout<LevelVector>.size == 4)
        #expect(MemoryLayout<ClusterBuilder.Split>.size <= 20)
    }
}
