/// Clusters from scored pairs: union-find over match edges with guards against chaining and contradiction.
///
/// Connected components alone let one weak link fuse two unrelated groups into one entity (the
/// "2,554 names in one cluster" failure reported against goldenmatch, and Splink #1824). Here edges are
/// taken strongest first (Kruskal order: weight descending, ties by pair), and:
/// 1. edges at or above `strongThreshold` merge their groups;
/// 2. weaker match edges may attach a single record to anything;
/// 3. a weak edge between two groups of two or more records is a bridge: it merges them only when at
///    least `bridgeSupport` distinct weak edges connect the same two groups;
/// 4. no edge, strong or weak, merges two groups whose strong identifiers contradict (`ConflictRules`:
///    different personnummer, different full birth dates, ...). This stops a record without a birth date
///    from joining a mother's and a daughter's records at one address into one cluster. The check reads
///    one representative row per identifier and group (`ConflictGuard`), so it costs O(1) per edge.
/// Refused unions are reported as splits with their reason. Labels are the smallest row of each
/// cluster, so they do not depend on the order of work.
///
/// Why a conflict guard and not only pair scores: a pair is scored on its own two records, and a record
/// without a birth date can match both a mother and her daughter well; the contradiction only shows at
/// the level of the group, which is what a Kruskal-style constrained union checks (the "cannot-link"
/// constraint of constrained clustering; Wagstaff et al., ICML 2001).
///
/// - Complexity: O(e log e) for sorting edges plus O(e α(n)); memory O(n + e).
public enum ClusterBuilder {
    /// Why two groups were kept apart.
    public enum SplitReason: UInt8, Codable, Sendable, CustomStringConvertible {
        /// A single weak link (chaining guard).
        case chaining = 0
        /// The groups hold different personnummer.
        case personnummer = 1
        /// The groups hold different full birth dates.
        case birthDate = 2
        /// The groups hold different mobile numbers and different first names.
        case mobileAndFirstName = 3
        /// The groups hold different organisationsnummer.
        case organisationsnummer = 4
        /// The groups hold different values of the generic identifier column.
        case identifier = 5
        /// A person decided that a record of one group is not the same as a record of the other.
        case decision = 6

        /// The reason as written in reports (`chaining`, `personnummer`, `birth_date`, `mobile_first_name`).
        public var description: String {
            switch self {
            case .chaining: "chaining"
            case .personnummer: "personnummer"
            case .birthDate: "birth_date"
            case .mobileAndFirstName: "mobile_first_name"
            case .organisationsnummer: "organisationsnummer"
            case .identifier: "identifier"
            case .decision: "decision"
            }
        }
    }

    /// A link that was not allowed to join two groups (the first such link between the two final clusters).
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
        /// Links that were refused, one per pair of final clusters, strongest first within each phase.
        public var splits: [Split]
        /// Why each of `splits` was refused (same order; kept apart so `Split` stays 20 bytes).
        public var splitReasons: [SplitReason]
        /// Clusters with two or more records.
        public var multiRecordClusters: Int
    }

    /// The indices of the edges weighing at least `threshold`, by weight descending, then pair ascending.
    ///
    /// Two stable radix sorts instead of a comparison sort (which took 100–200 ms on a million edges and
    /// could not be interrupted): the first ranks the edges by pair, the second orders them by
    /// (weight, rank). Equal pairs share no rank order worth keeping: they are the same edge.
    static func strongestFirst(
        pairs: [UInt64], weights: [Float], atLeast threshold: Float, workers: Int = 1
    ) -> [Int] {
        let edges: [Int] = pairs.indices.filter { weights[$0] >= threshold }
        guard edges.count > 1, edges.count < Int(UInt32.max) else { return edges }
        // 1. Rank by pair.
        var pairKeys = edges.map { pairs[$0] }
        var byPair = edges.indices.map { UInt32($0) }
        RadixSort.sort(keys: &pairKeys, payload: &byPair, workers: workers)
        var rank = [UInt32](repeating: 0, count: edges.count)
        for (r, slot) in byPair.enumerated() { rank[Int(slot)] = UInt32(r) }
        // 2. IEEE bits made to sort like the numbers (negative: all bits flipped; positive: sign bit set),
        //    flipped again for descending order; adding 0 turns -0.0 into 0.0 so that the two tie.
        var keys = edges.indices.map { i -> UInt64 in
            let bits = (weights[edges[i]] + 0).bitPattern
            let ordered = bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
            return UInt64(~ordered) << 32 | UInt64(rank[i])
        }
        var order = edges.indices.map { UInt32($0) }
        RadixSort.sort(keys: &keys, payload: &order, workers: workers)
        return order.map { edges[Int($0)] }
    }

    /// People's decisions on pairs of rows, obeyed by `build`.
    ///
    /// A must-link unites its two rows' groups before any scored edge, over the conflict guard (a person
    /// saw both records); a cannot-link keeps its two rows in different clusters whatever path would join
    /// them: no union, by a must-link or by any chain of edges, may put both rows in one group. When
    /// decisions contradict each other (A = B, B = C, A ≠ C) the cannot-link wins.
    public struct Constraints: Sendable {
        /// Packed row pairs (`a << 32 | b`, either order) decided to be the same.
        public var mustLink: [UInt64]
        /// Packed row pairs decided not to be the same.
        public var cannotLink: [UInt64]

        public init(mustLink: [UInt64] = [], cannotLink: [UInt64] = []) {
            self.mustLink = mustLink
            self.cannotLink = cannotLink
        }
    }

    /// Clusters rows `0..<count` using the edges `(pairs[i], weights[i])` at or above `matchThreshold`.
    /// - Parameters:
    ///   - identities: strong identifiers per row; nil turns the conflict guard off.
    ///   - conflicts: which contradictions refuse a union.
    ///   - workers: threads for sorting the edges (the result is the same for any count).
    ///   - constraints: people's must-link and cannot-link decisions (nil: none).
    public static func build(
        count: Int, pairs: [UInt64], weights: [Float], matchThreshold: Float,
        strongThreshold: Float, bridgeSupport: Int = 2, identities: ClusterIdentities? = nil,
        conflicts: ConflictRules = .standard, workers: Int = 1, constraints: Constraints? = nil
    ) -> Result {
        precondition(pairs.count == weights.count)
        let edges = strongestFirst(pairs: pairs, weights: weights, atLeast: matchThreshold, workers: workers)
        let conflictGuard = ConflictGuard(count: count, identities: identities, rules: conflicts)
        var state = State(uf: UnionFind(count: count), conflictGuard: conflictGuard)
        var deferred: [Int] = []
        if let constraints {
            for p in constraints.cannotLink {
                let a = Int(p >> 32), b = Int(p & 0xFFFF_FFFF)
                guard a < count, b < count, a != b else { continue }
                state.cannot[a, default: []].append(Int32(b))
                state.cannot[b, default: []].append(Int32(a))
            }
            for p in constraints.mustLink {
                let a = Int(p >> 32), b = Int(p & 0xFFFF_FFFF)
                guard a < count, b < count else { continue }
                let ra = state.uf.find(a), rb = state.uf.find(b)
                if ra != rb { state.unite(p, .infinity, ra, rb, checkIdentities: false) }
            }
        }
        // A cancelled run stops uniting (the partial result is discarded by `Pipeline`).
        let token = CancellationScope.token
        for e in edges where weights[e] >= strongThreshold {
            if token?.isCancelled == true { break }
            let ra = state.uf.find(Int(pairs[e] >> 32)), rb = state.uf.find(Int(pairs[e] & 0xFFFF_FFFF))
            if ra != rb { state.unite(pairs[e], weights[e], ra, rb) }
        }
        for e in edges where weights[e] < strongThreshold {
            if token?.isCancelled == true { break }
            let ra = state.uf.find(Int(pairs[e] >> 32)), rb = state.uf.find(Int(pairs[e] & 0xFFFF_FFFF))
            if ra == rb { continue }
            if state.uf.size[ra] == 1 || state.uf.size[rb] == 1 {
                state.unite(pairs[e], weights[e], ra, rb)
            } else {
                deferred.append(e)
            }
        }
        // Group deferred bridges by the pair of groups they join.
        var groups: [UInt64: [Int]] = [:]
        var order: [UInt64] = []
        for e in deferred {
            let ra = state.uf.find(Int(pairs[e] >> 32)), rb = state.uf.find(Int(pairs[e] & 0xFFFF_FFFF))
            if ra == rb { continue }
            let key = UInt64(min(ra, rb)) << 32 | UInt64(max(ra, rb))
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(e)
        }
        for key in order {
            let es = groups[key]!
            let ra = state.uf.find(Int(key >> 32)), rb = state.uf.find(Int(key & 0xFFFF_FFFF))
            if ra == rb { continue }
            var endpoints = Set<Int>()
            for e in es {
                endpoints.insert(Int(pairs[e] >> 32))
                endpoints.insert(Int(pairs[e] & 0xFFFF_FFFF))
            }
            if es.count >= bridgeSupport && endpoints.count > 2 {
                state.unite(pairs[es[0]], weights[es[0]], ra, rb)
            } else {
                state.refuse(pairs[es[0]], weights[es[0]], ra, rb, .chaining)
            }
        }
        let labels = state.uf.labels()
        // Report each pair of final clusters once (its first refusal), and nothing that ended up joined.
        var splits: [Split] = [], reasons: [SplitReason] = []
        var seen = Set<UInt64>()
        for (s, reason) in state.refused {
            let la = labels[Int(s.rowA)], lb = labels[Int(s.rowB)]
            if la == lb || !seen.insert(UInt64(UInt32(min(la, lb))) << 32 | UInt64(UInt32(max(la, lb)))).inserted {
                continue
            }
            splits.append(s)
            reasons.append(reason)
        }
        var sizeOf = [Int32](repeating: 0, count: count)
        for l in labels { sizeOf[Int(l)] += 1 }
        var multi = 0
        for i in 0..<count where labels[i] == Int32(i) && sizeOf[i] >= 2 { multi += 1 }
        return Result(
            labels: labels, sizes: labels.map { sizeOf[Int($0)] }, splits: splits, splitReasons: reasons,
            multiRecordClusters: multi)
    }

    /// The union-find, the conflict guard and the refused links of one `build` (a struct with mutating
    /// methods, not closures over locals, so the hot loop has no boxed captures or dynamic exclusivity checks).
    struct State {
        var uf: UnionFind
        var conflictGuard: ConflictGuard
        var refused: [(split: Split, reason: SplitReason)] = []
        /// Per group root: the rows (any group) its members were decided not to be (empty: no cannot-links).
        var cannot: [Int: [Int32]] = [:]

        /// Merges the groups rooted at `ra` and `rb` (joined by `pair`) unless their identifiers conflict
        /// or a cannot-link decision separates them.
        @inline(__always)
        mutating func unite(_ pair: UInt64, _ weight: Float, _ ra: Int, _ rb: Int, checkIdentities: Bool = true) {
            if !cannot.isEmpty && decided(ra, rb) {
                refuse(pair, weight, ra, rb, .decision)
                return
            }
            if checkIdentities, let reason = conflictGuard.conflict(ra, rb) {
                refuse(pair, weight, ra, rb, reason)
                return
            }
            let root = uf.unionRoots(ra, rb)
            let other = root == ra ? rb : ra
            conflictGuard.merge(into: root, from: other)
            if !cannot.isEmpty, let moved = cannot.removeValue(forKey: other) { cannot[root, default: []] += moved }
        }

        /// Whether a member of the group rooted at `ra` was decided not to be a member of `rb`'s group.
        @inline(never)
        mutating func decided(_ ra: Int, _ rb: Int) -> Bool {
            let la = cannot[ra]?.count ?? 0, lb = cannot[rb]?.count ?? 0
            guard la + lb > 0 else { return false }
            let (from, to) = la <= lb ? (ra, rb) : (rb, ra)
            for row in cannot[from] ?? [] where uf.find(Int(row)) == to { return true }
            return false
        }

        /// Records that `pair` was not allowed to join the groups rooted at `ra` and `rb`.
        @inline(never)
        mutating func refuse(_ pair: UInt64, _ weight: Float, _ ra: Int, _ rb: Int, _ reason: SplitReason) {
            let s = Split(
                rowA: Int32(pair >> 32), rowB: Int32(pair & 0xFFFF_FFFF), weight: weight, sizeA: uf.size[ra],
                sizeB: uf.size[rb])
            refused.append((s, reason))
        }
    }
}
