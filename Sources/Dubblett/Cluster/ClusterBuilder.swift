/// Clusters from scored pairs: union-find over match edges with a guard against chaining.
///
/// Connected components alone let one weak link fuse two unrelated groups into one entity (the
/// "2,554 names in one cluster" failure reported against goldenmatch, and Splink #1824). Here:
/// 1. edges at or above `strongThreshold` are merged unconditionally;
/// 2. weaker match edges, strongest first, may attach a single record to anything;
/// 3. a weak edge between two groups of two or more records is a bridge: it merges them only when at
///    least `bridgeSupport` distinct weak edges connect the same two groups; otherwise the groups stay
///    apart and the split is reported.
/// Labels are the smallest row of each cluster, so they do not depend on the order of work.
///
/// - Complexity: O(e log e) for sorting edges plus O(e α(n)); memory O(n + e).
public enum ClusterBuilder {
    /// A weak link that was not allowed to join two groups.
    public struct Split: Codable, Sendable {
        public var rowA: Int32
        public var rowB: Int32
        public var weight: Float
        public var sizeA: Int32
        public var sizeB: Int32
    }

    /// The clustering of `count` records.
    public struct Result: Sendable {
        /// Cluster label per row: the smallest row in its cluster.
        public var labels: [Int32]
        /// Cluster size per row.
        public var sizes: [Int32]
        /// Weak bridges that were cut.
        public var splits: [Split]
        /// Clusters with two or more records.
        public var multiRecordClusters: Int
    }

    /// Clusters rows `0..<count` using the edges `(pairs[i], weights[i])` at or above `matchThreshold`.
    public static func build(
        count: Int, pairs: [UInt64], weights: [Float], matchThreshold: Float,
        strongThreshold: Float, bridgeSupport: Int = 2
    ) -> Result {
        precondition(pairs.count == weights.count)
        var edges: [Int] = pairs.indices.filter { weights[$0] >= matchThreshold }
        edges.sort { weights[$0] != weights[$1] ? weights[$0] > weights[$1] : pairs[$0] < pairs[$1] }
        var uf = UnionFind(count: count)
        var deferred: [Int] = []
        for e in edges where weights[e] >= strongThreshold {
            uf.union(Int(pairs[e] >> 32), Int(pairs[e] & 0xFFFF_FFFF))
        }
        for e in edges where weights[e] < strongThreshold {
            let a = Int(pairs[e] >> 32), b = Int(pairs[e] & 0xFFFF_FFFF)
            let ra = uf.find(a), rb = uf.find(b)
            if ra == rb { continue }
            if uf.setSize(ra) == 1 || uf.setSize(rb) == 1 { uf.union(a, b) } else { deferred.append(e) }
        }
        // Group deferred bridges by the pair of groups they join.
        var groups: [UInt64: [Int]] = [:]
        var order: [UInt64] = []
        for e in deferred {
            let ra = uf.find(Int(pairs[e] >> 32)), rb = uf.find(Int(pairs[e] & 0xFFFF_FFFF))
            if ra == rb { continue }
            let key = UInt64(min(ra, rb)) << 32 | UInt64(max(ra, rb))
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(e)
        }
        var splits: [Split] = []
        for key in order {
            let es = groups[key]!
            let a = Int(key >> 32), b = Int(key & 0xFFFF_FFFF)
            if uf.find(a) == uf.find(b) { continue }
            var endpoints = Set<Int>()
            for e in es {
                endpoints.insert(Int(pairs[e] >> 32))
                endpoints.insert(Int(pairs[e] & 0xFFFF_FFFF))
            }
            if es.count >= bridgeSupport && endpoints.count > 2 {
                uf.union(a, b)
            } else {
                let e = es[0]
                splits.append(
                    Split(
                        rowA: Int32(pairs[e] >> 32), rowB: Int32(pairs[e] & 0xFFFF_FFFF), weight: weights[e],
                        sizeA: Int32(uf.setSize(a)), sizeB: Int32(uf.setSize(b))))
            }
        }
        let labels = uf.labels()
        var sizeOf = [Int32](repeating: 0, count: count)
        for l in labels { sizeOf[Int(l)] += 1 }
        var multi = 0
        for i in 0..<count where labels[i] == Int32(i) && sizeOf[i] >= 2 { multi += 1 }
        return Result(labels: labels, sizes: labels.map { sizeOf[Int($0)] }, splits: splits, multiRecordClusters: multi)
    }
}
