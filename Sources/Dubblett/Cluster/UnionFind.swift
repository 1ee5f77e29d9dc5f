/// Disjoint sets over rows `0..<count`: union by size, find with path halving.
///
/// Tarjan & van Leeuwen, "Worst-case analysis of set union algorithms" (JACM 1984): path halving
/// with union by size gives O(α(n)) amortised per operation. Parents and sizes are two `Int32`
/// arrays; nothing is allocated after `init`.
///
/// - Complexity: O(n) memory; `find` and `union` O(α(n)) amortised.
public struct UnionFind: Sendable {
    @usableFromInline var parent: [Int32]
    @usableFromInline var size: [Int32]

    /// Creates `count` singleton sets.
    public init(count: Int) {
        precondition(count < Int(Int32.max), "too many records for Int32 rows")
        parent = (0..<Int32(count)).map { $0 }
        size = [Int32](repeating: 1, count: count)
    }

    /// The number of elements.
    public var count: Int { parent.count }

    /// The representative of `x`'s set.
    @inlinable
    public mutating func find(_ x: Int) -> Int {
        precondition(x >= 0 && x < parent.count, "row out of range")
        return parent.withUnsafeMutableBufferPointer { p in
            var x = Int32(x)
            while p[Int(x)] != x {
                let grand = p[Int(p[Int(x)])]
                p[Int(x)] = grand
                x = grand
            }
            return Int(x)
        }
    }

    /// Merges the sets of `a` and `b`; returns false when they were already one set.
    @inlinable @discardableResult
    public mutating func union(_ a: Int, _ b: Int) -> Bool {
        var ra = find(a), rb = find(b)
        if ra == rb { return false }
        if size[ra] < size[rb] || (size[ra] == size[rb] && rb < ra) { swap(&ra, &rb) }
        parent[rb] = Int32(ra)
        size[ra] += size[rb]
        return true
    }

    /// The size of `x`'s set.
    @inlinable
    public mutating func setSize(_ x: Int) -> Int { Int(size[find(x)]) }

    /// A component label per element: the smallest element of its set, so labels do not depend on
    /// the order unions happened in.
    /// - Complexity: O(n α(n)).
    public mutating func labels() -> [Int32] {
        let n = parent.count
        var minOf = [Int32](repeating: Int32.max, count: n)
        var roots = [Int32](repeating: 0, count: n)
        for i in 0..<n {
            let r = find(i)
            roots[i] = Int32(r)
            if minOf[r] == Int32.max { minOf[r] = Int32(i) }
        }
        return roots.map { minOf[Int($0)] }
    }
}
