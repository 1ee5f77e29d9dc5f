/// Stable cluster ids across batches: a new clustering of the register's rows matched to the old ids.
///
/// Rules (issue #16): a cluster keeps its id while it keeps members; when clusters merge the oldest id
/// (the smallest; ids are handed out in order) survives; when a cluster splits the part holding most of
/// its members keeps the id (ties: the part whose first row comes first) and the other parts get new ids.
/// Clusters have two or more records; a record alone has no cluster id.
///
/// Every change is an event: `created` (a new id), `merged` (`other` was folded into `cluster`), `split`
/// (`cluster` is a new id for part of `other`), `dissolved` (`cluster` lost all its members), `joined`
/// (a record's cluster became `cluster` other than by a merge) and `left` (a record that stays in the
/// register no longer has a cluster). The store adds `removed` for records taken out of the register.
/// A clustering identical to the old one gives no events and the same ids.
enum StableClusters {
    /// One change, by row (the store turns rows into register ids).
    struct Event: Equatable {
        enum Kind: String { case created, merged, split, dissolved, joined, left, removed }
        var kind: Kind
        var cluster: Int64
        var other: Int64 = 0
        var row: Int = -1
    }

    struct Result {
        /// Per row, its stable cluster id (0 = no cluster).
        var ids: [Int64]
        var events: [Event]
        /// New size of every id whose size changed (0 = retired).
        var sizes: [Int64: Int]
        /// Ids handed out, in order.
        var created: [Int64]
        /// The next id to hand out.
        var nextID: Int64
    }

    /// Matches `labels` (per row, its cluster root; `sizes[root]` its size) to the old ids `old` (0 = none).
    /// - Complexity: O(n) plus sorting the rows that are in clusters.
    static func reconcile(labels: [Int32], sizes: [Int32], old: [Int64], nextID: Int64) -> Result {
        let n = labels.count
        precondition(old.count == n, "one old id per row")
        // (root, old id) for every row in a multi-record cluster, sorted: runs give the overlaps.
        var members: [(root: Int32, old: Int64, row: Int32)] = []
        var oldSize: [Int64: Int] = [:]
        for r in 0..<n {
            if old[r] != 0 { oldSize[old[r], default: 0] += 1 }
            let root = labels[r]
            if sizes[Int(root)] >= 2 { members.append((root, old[r], Int32(r))) }
        }
        members.sort { ($0.root, $0.old, $0.row) < ($1.root, $1.old, $1.row) }
        // Each old id's heir: the new cluster holding most of its members (ties: smaller root).
        var heir: [Int64: (count: Int, root: Int32)] = [:]
        var i = 0
        while i < members.count {
            var j = i + 1
            while j < members.count && members[j].root == members[i].root && members[j].old == members[i].old { j += 1 }
            let o = members[i].old
            if o != 0 {
                let c = j - i
                if let h = heir[o] {
                    if c > h.count || (c == h.count && members[i].root < h.root) { heir[o] = (c, members[i].root) }
                } else {
                    heir[o] = (c, members[i].root)
                }
            }
            i = j
        }
        var ids = [Int64](repeating: 0, count: n)
        var events: [Event] = []
        var created: [Int64] = []
        var next = nextID
        var mergedInto: [Int64: Int64] = [:]
        var newSize: [Int64: Int] = [:]
        i = 0
        while i < members.count {
            var j = i + 1
            while j < members.count && members[j].root == members[i].root { j += 1 }
            let root = members[i].root
            var claimants: [Int64] = [], parts: [Int64] = []
            for k in i..<j where members[k].old != 0 && (k == i || members[k].old != members[k - 1].old) {
                let o = members[k].old
                if heir[o]?.root == root { claimants.append(o) } else { parts.append(o) }
            }
            let id: Int64
            if let keep = claimants.min() {
                id = keep
                for o in claimants where o != keep {
                    mergedInto[o] = keep
                    events.append(Event(kind: .merged, cluster: keep, other: o))
                }
            } else {
                id = next
                next += 1
                created.append(id)
                events.append(Event(kind: .created, cluster: id))
            }
            for o in parts { events.append(Event(kind: .split, cluster: id, other: o)) }
            for k in i..<j { ids[Int(members[k].row)] = id }
            newSize[id] = j - i
            i = j
        }
        // Record-level changes, in row order.
        for r in 0..<n where ids[r] != old[r] {
            if ids[r] == 0 {
                events.append(Event(kind: .left, cluster: old[r], row: r))
            } else if old[r] == 0 || mergedInto[old[r]] != ids[r] {
                events.append(Event(kind: .joined, cluster: ids[r], row: r))
            }
        }
        var sizes: [Int64: Int] = [:]
        for (o, s) in oldSize where heir[o] == nil {
            events.append(Event(kind: .dissolved, cluster: o))
            sizes[o] = 0
            _ = s
        }
        for o in mergedInto.keys { sizes[o] = 0 }
        for (id, s) in newSize where oldSize[id] != s { sizes[id] = s }
        // Dictionary order is not stable: order the cluster-level events that came from dictionaries.
        let dissolvedStart = events.firstIndex { $0.kind == .dissolved } ?? events.count
        events[dissolvedStart...].sort { $0.cluster < $1.cluster }
        return Result(ids: ids, events: events, sizes: sizes, created: created, nextID: next)
    }
}
