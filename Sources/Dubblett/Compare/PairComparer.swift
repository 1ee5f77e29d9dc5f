import Dispatch

/// Computes the level vector of a record pair from precomputed features.
///
/// A comparison touches only the feature arrays of the two rows: integers compare directly, names
/// and streets run Jaro-Winkler on folded bytes. The comparer holds raw pointers into a
/// `FeatureTable` and exists only inside `FeatureTable.withComparer(_:_:)`.
public struct PairComparer {
    @usableFromInline let specs: [ComparisonSpec]
    @usableFromInline let f: _FeaturePointers

    init(specs: [ComparisonSpec], pointers: _FeaturePointers) {
        precondition(specs.count <= 8, "at most eight comparisons (four bits each in a UInt32)")
        self.specs = specs
        self.f = pointers
    }

    /// The packed levels of rows `a` and `b`.
    /// - Complexity: O(name length²) worst case for the Jaro-Winkler fields; allocates nothing.
    @inlinable
    public func compare(_ a: Int, _ b: Int) -> UInt32 {
        var out: UInt32 = 0
        var firstIndex = -1, lastIndex = -1
        for (i, spec) in specs.enumerated() {
            let level: Int
            switch spec.field {
            case .firstName:
                firstIndex = i
                level = name(f.firstFolded, f.firstExact, f.firstPhonetic, a, b, spec, tokens: true)
            case .lastName:
                lastIndex = i
                level = name(f.lastFolded, f.lastExact, f.lastPhonetic, a, b, spec, tokens: false)
            case .birthDate: level = date(f.birthDate[a], f.birthDate[b])
            case .personnummer: level = pnr(f.personnummer[a], f.personnummer[b])
            case .phone: level = exactOnly(UInt64(bitPattern: f.phone[a]), UInt64(bitPattern: f.phone[b]))
            case .email: level = exactOnly(f.emailHash[a], f.emailHash[b])
            case .city: level = exactOnly(f.cityHash[a], f.cityHash[b])
            case .street: level = street(a, b, spec)
            case .postalCode:
                let x = f.postalCode[a], y = f.postalCode[b]
                level = x == 0 || y == 0 ? 0 : x == y ? 1 : x / 100 == y / 100 ? 2 : 3
            }
            out |= UInt32(level) << UInt32(4 * i)
        }
        // Swapped first and last names: both fields count as a close match.
        if firstIndex >= 0 && lastIndex >= 0 {
            let lf = (out >> UInt32(4 * firstIndex)) & 0xF, ll = (out >> UInt32(4 * lastIndex)) & 0xF
            if lf >= 3 && ll >= 3 && similar(f.firstFolded, a, f.lastFolded, b) && similar(f.lastFolded, a, f.firstFolded, b) {
                out &= ~(0xF << UInt32(4 * firstIndex) | 0xF << UInt32(4 * lastIndex))
                out |= 2 << UInt32(4 * firstIndex) | 2 << UInt32(4 * lastIndex)
            }
        }
        return out
    }

    /// Whether two names are equal or close (Jaro-Winkler ≥ 0.9), for the swapped-names check.
    @inlinable
    func similar(_ x: _BytePointers, _ a: Int, _ y: _BytePointers, _ b: Int) -> Bool {
        let la = x.length(a), lb = y.length(b)
        if la == 0 || lb == 0 { return false }
        return x.equal(a, y, b) || _ByteJaroWinkler.similarity(x.start(a), la, y.start(b), lb) >= 0.9
    }

    @inlinable @inline(__always)
    func exactOnly(_ x: UInt64, _ y: UInt64) -> Int { x == 0 || y == 0 ? 0 : x == y ? 1 : 2 }

    @inlinable
    func name(_ folded: _BytePointers, _ exact: _BytePointers, _ phon: UnsafePointer<UInt64>, _ a: Int, _ b: Int,
              _ spec: ComparisonSpec, tokens: Bool) -> Int {
        let la = folded.length(a), lb = folded.length(b)
        if la == 0 || lb == 0 { return 0 }
        if exact.equal(a, exact, b) { return 1 }
        let jw = _ByteJaroWinkler.similarity(folded.start(a), la, folded.start(b), lb)
        if jw >= spec.high { return 2 }
        if jw >= spec.low || (phon[a] != 0 && phon[a] == phon[b]) { return 3 }
        if tokens && folded.firstTokenEqual(a, b) { return 3 }
        return 4
    }

    @inlinable
    func date(_ x: Int32, _ y: Int32) -> Int {
        if x == 0 || y == 0 { return 0 }
        if x == y { return 1 }
        if digitDifferences(Int64(x), Int64(y), digits: 8) == 1 { return 2 }
        let mx = (x / 100) % 100, dx = x % 100, my = (y / 100) % 100, dy = y % 100
        if x / 10_000 == y / 10_000 && mx == dy && dx == my { return 2 }
        return 3
    }

    @inlinable
    func pnr(_ x: Int64, _ y: Int64) -> Int {
        if x == 0 || y == 0 { return 0 }
        if x == y { return 1 }
        if digitDifferences(x, y, digits: 12) == 1 || adjacentTransposition(x, y, digits: 12) { return 2 }
        return 3
    }

    @inlinable
    func street(_ a: Int, _ b: Int, _ spec: ComparisonSpec) -> Int {
        let s = f.street
        let la = s.length(a), lb = s.length(b)
        if la == 0 || lb == 0 { return 0 }
        let na = f.houseNumber[a], nb = f.houseNumber[b]
        let sameName = s.equal(a, s, b)
        if sameName && na == nb { return 1 }
        let similar = sameName || _ByteJaroWinkler.similarity(s.start(a), la, s.start(b), lb) >= spec.high
        if !similar { return 4 }
        return na == nb || na == 0 || nb == 0 ? 2 : 3
    }

    @inlinable
    func digitDifferences(_ x: Int64, _ y: Int64, digits: Int) -> Int {
        var x = x, y = y, d = 0
        for _ in 0..<digits {
            if x % 10 != y % 10 { d += 1 }
            x /= 10
            y /= 10
        }
        return d
    }

    @inlinable
    func adjacentTransposition(_ x: Int64, _ y: Int64, digits: Int) -> Bool {
        var dx = [Int64](), dy = [Int64]()
        _ = dx; _ = dy
        var x = x, y = y
        var first = -1, diffs = 0
        var prevX: Int64 = -1, prevY: Int64 = -1
        var swapped = false
        for i in 0..<digits {
            let a = x % 10, b = y % 10
            if a != b {
                diffs += 1
                if first < 0 { first = i } else if i == first + 1 && a == prevY && b == prevX { swapped = true }
            }
            prevX = a
            prevY = b
            x /= 10
            y /= 10
        }
        return diffs == 2 && swapped
    }
}

/// Raw pointers into one `ByteColumn` (valid only inside `FeatureTable.withComparer`).
public struct _BytePointers {
    @usableFromInline let bytes: UnsafePointer<UInt8>
    @usableFromInline let offsets: UnsafePointer<UInt32>

    @inlinable @inline(__always) func length(_ r: Int) -> Int { Int(offsets[r + 1] &- offsets[r]) }
    @inlinable @inline(__always) func start(_ r: Int) -> UnsafePointer<UInt8> { bytes + Int(offsets[r]) }

    @inlinable
    func equal(_ a: Int, _ other: _BytePointers, _ b: Int) -> Bool {
        let n = length(a)
        if n != other.length(b) { return false }
        return memcmp(start(a), other.start(b), n) == 0
    }

    @inlinable
    func firstTokenEqual(_ a: Int, _ b: Int) -> Bool {
        let pa = start(a), pb = start(b)
        let la = length(a), lb = length(b)
        var i = 0
        while i < la && i < lb && pa[i] == pb[i] && pa[i] != .space { i += 1 }
        return i >= 2 && (i == la || pa[i] == .space) && (i == lb || pb[i] == .space)
    }
}

/// Raw pointers to every feature column (valid only inside `FeatureTable.withComparer`).
public struct _FeaturePointers {
    @usableFromInline let firstFolded, firstExact, lastFolded, lastExact, street: _BytePointers
    @usableFromInline let firstPhonetic, lastPhonetic, emailHash, cityHash: UnsafePointer<UInt64>
    @usableFromInline let personnummer, phone: UnsafePointer<Int64>
    @usableFromInline let postalCode, houseNumber, birthDate: UnsafePointer<Int32>
}

extension FeatureTable {
    /// Runs `body` with a comparer over this table; the comparer must not escape.
    public func withComparer<R>(_ specs: [ComparisonSpec], _ body: (PairComparer) throws -> R) rethrows -> R {
        func bp<T>(_ a: [T], _ k: (UnsafePointer<T>) throws -> R) rethrows -> R {
            try a.withUnsafeBufferPointer { try k($0.baseAddress!) }
        }
        func col(_ c: ByteColumn, _ k: (_BytePointers) throws -> R) rethrows -> R {
            try c.bytes.withUnsafeBufferPointer { b in
                try c.offsets.withUnsafeBufferPointer { o in
                    // An empty arena still needs a valid base pointer.
                    try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1) { dummy in
                        try k(_BytePointers(bytes: b.baseAddress ?? UnsafePointer(dummy.baseAddress!), offsets: o.baseAddress!))
                    }
                }
            }
        }
        // Empty numeric columns (no rows) get a one-element stand-in so base addresses exist.
        let me = count == 0 ? Self.oneEmptyRow : self
        return try col(me.firstFolded) { ff in try col(me.firstExact) { fe in try col(me.lastFolded) { lf in
            try col(me.lastExact) { le in try col(me.street) { st in
                try bp(me.firstPhonetic) { fp in try bp(me.lastPhonetic) { lp in try bp(me.emailHash) { em in
                    try bp(me.cityHash) { ci in try bp(me.personnummer) { pn in try bp(me.phone) { ph in
                        try bp(me.postalCode) { pc in try bp(me.houseNumber) { hn in try bp(me.birthDate) { bd in
                            try body(PairComparer(specs: specs, pointers: _FeaturePointers(
                                firstFolded: ff, firstExact: fe, lastFolded: lf, lastExact: le, street: st,
                                firstPhonetic: fp, lastPhonetic: lp, emailHash: em, cityHash: ci,
                                personnummer: pn, phone: ph, postalCode: pc, houseNumber: hn, birthDate: bd)))
                        } } }
                    } } }
                } } }
            } }
        } } }
    }

    static let oneEmptyRow: FeatureTable = {
        var t = FeatureTable()
        t.append(Row())
        return t
    }()

    /// The level vectors of `pairs` (packed `a << 32 | b`), computed on `workers` threads.
    /// - Complexity: O(pairs); allocates the result only.
    public func compareAll(_ pairs: [UInt64], specs: [ComparisonSpec], workers: Int) -> [UInt32] {
        var out = [UInt32](repeating: 0, count: pairs.count)
        withComparer(specs) { cmp in
            let c = UnsafeSendable(cmp)
            out.withUnsafeMutableBufferPointer { ob in
                let o = UnsafeSendable(ob)
                pairs.withUnsafeBufferPointer { pb in
                    let p = UnsafeSendable(pb)
                    Parallel.forEachChunk(count: pairs.count, workers: workers) { _, range in
                        for i in range {
                            let pair = p.value[i]
                            o.value[i] = c.value.compare(Int(pair >> 32), Int(pair & 0xFFFF_FFFF))
                        }
                    }
                }
            }
        }
        return out
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
