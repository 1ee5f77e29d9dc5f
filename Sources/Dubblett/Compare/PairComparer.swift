import Dispatch
import DubblettSimilarity

/// Computes the level vector of a record pair from precomputed features.
///
/// Candidate pairs visit rows in bucket order, which is random in the file, so a comparison is bound
/// by cache misses, not arithmetic. The comparer therefore reads a row-major copy of the features
/// (`CompareRecords`): everything a comparison needs for one row sits in one 128-byte record (two
/// adjacent cache lines), names inline. Integers compare directly; names and streets run
/// Jaro-Winkler on folded bytes with the lower level threshold as cutoff.
public struct PairComparer {
    @usableFromInline let specs: [ComparisonSpec]
    @usableFromInline let fields: [ComparisonField]
    @usableFromInline let highs: [Double]
    @usableFromInline let lows: [Double]
    @usableFromInline let r: UnsafeRawPointer
    @usableFromInline let f: _FeaturePointers
    /// Columns of the generic and company comparisons (empty arrays cost nothing when not compared).
    @usableFromInline let identifier: [Int64]
    @usableFromInline let organisationsnummer: [Int64]
    @usableFromInline let company: ByteColumn
    @usableFromInline let gender: [UInt8]
    /// Declared columns: the table's values and word hashes, and per spec its column's slot (-1 = not in the
    /// table), word-hash offset and tolerances.
    @usableFromInline let extraValues: [UInt64], extraTokens: [UInt32]
    @usableFromInline let extraCount, textStride: Int
    @usableFromInline let slots, tokenOffsets, days: [Int]
    @usableFromInline let absolutes, relatives: [Double]

    init(specs: [ComparisonSpec], records: UnsafeRawPointer, pointers: _FeaturePointers, table: FeatureTable) {
        precondition(specs.count <= 8, "at most eight comparisons (four bits each in a UInt32)")
        self.specs = specs
        self.fields = specs.map(\.field)
        self.highs = specs.map(\.high)
        self.lows = specs.map(\.low)
        self.r = records
        self.f = pointers
        self.identifier = table.identifier
        self.organisationsnummer = table.organisationsnummer
        self.company = table.company
        self.gender = table.gender
        self.extraValues = table.extraValues
        self.extraTokens = table.extraTokens
        self.extraCount = table.extraColumns.count
        self.textStride = table.textStride
        let slots = specs.map { spec in
            spec.field.isDeclared
                ? table.extraColumns.firstIndex { $0.name == spec.column && $0.kind.field == spec.field } ?? -1 : -1
        }
        self.slots = slots
        self.tokenOffsets = slots.map { $0 < 0 ? -1 : table.extraColumns[$0].tokenOffset }
        self.days = specs.map(\.days)
        self.absolutes = specs.map(\.absolute)
        self.relatives = specs.map(\.relative)
    }

    /// The packed levels of rows `a` and `b`.
    /// - Complexity: O(name length) for the Jaro-Winkler fields; allocates nothing.
    @inlinable
    public func compare(_ a: Int, _ b: Int) -> UInt32 {
        let ra = CompareRecords.Record(r + a &* CompareRecords.stride)
        let rb = CompareRecords.Record(r + b &* CompareRecords.stride)
        let (fa, la, sa) = names(ra, a), (fb, lb, sb) = names(rb, b)
        var out: UInt32 = 0
        var firstIndex = -1, lastIndex = -1
        var i = 0
        let n = fields.count
        while i < n {
            let level: Int
            switch fields[i] {
            case .firstName:
                firstIndex = i
                level = name(
                    fa, fb, ra.firstExact == rb.firstExact, ra.firstPhonetic, rb.firstPhonetic,
                    high: highs[i], low: lows[i], tokens: true)
            case .lastName:
                lastIndex = i
                level = name(
                    la, lb, ra.lastExact == rb.lastExact, ra.lastPhonetic, rb.lastPhonetic,
                    high: highs[i], low: lows[i], tokens: false)
            case .birthDate: level = date(ra.birthDate, rb.birthDate)
            case .personnummer: level = pnr(ra.personnummer, rb.personnummer)
            case .phone: level = exactOnly(UInt64(bitPattern: ra.phone), UInt64(bitPattern: rb.phone))
            case .email: level = exactOnly(ra.email, rb.email)
            case .city: level = exactOnly(f.cityHash[a], f.cityHash[b])
            case .street: level = street(sa, sb, ra.houseNumber, rb.houseNumber, high: highs[i])
            case .postalCode:
                let x = ra.postalCode, y = rb.postalCode
                level = x == 0 || y == 0 ? 0 : x == y ? 1 : x / 100 == y / 100 ? 2 : 3
            case .identifier: level = IdentifierValue.level(identifier[a], identifier[b])
            case .organisationsnummer: level = pnr(organisationsnummer[a], organisationsnummer[b])
            case .companyName: level = companyName(a, b, high: highs[i], low: lows[i])
            case .gender: level = exactOnly(UInt64(gender[a]), UInt64(gender[b]))
            case .date, .number, .category, .text: level = declared(i, a, b)
            }
            out |= UInt32(truncatingIfNeeded: level) << UInt32(truncatingIfNeeded: 4 * i)
            i += 1
        }
        // Swapped first and last names: both fields count as a close match.
        if firstIndex >= 0 && lastIndex >= 0 {
            let lf = (out >> UInt32(4 * firstIndex)) & 0xF, ll = (out >> UInt32(4 * lastIndex)) & 0xF
            if lf >= 3 && ll >= 3 && similar(fa, lb) && similar(la, fb) {
                out &= ~(0xF << UInt32(4 * firstIndex) | 0xF << UInt32(4 * lastIndex))
                out |= 2 << UInt32(4 * firstIndex) | 2 << UInt32(4 * lastIndex)
            }
        }
        return out
    }

    /// The level of spec `i`, a declared column (`ExtraValue`), for rows `a` and `b`.
    @inlinable
    func declared(_ i: Int, _ a: Int, _ b: Int) -> Int {
        let slot = slots[i]
        if slot < 0 { return 0 }
        let x = extraValues[a &* extraCount &+ slot], y = extraValues[b &* extraCount &+ slot]
        switch fields[i] {
        case .date: return ExtraValue.dateLevel(x, y, days: days[i])
        case .number: return ExtraValue.numberLevel(x, y, absolute: absolutes[i], relative: relatives[i])
        case .text:
            if x == 0 || y == 0 { return 0 }
            if x == y { return 1 }
            return extraTokens.withUnsafeBufferPointer { words in
                let base = words.baseAddress! + tokenOffsets[i]
                return ExtraValue.textLevel(
                    x, y, base + a &* textStride, base + b &* textStride, high: highs[i], low: lows[i])
            }
        default: return exactOnly(x, y)
        }
    }

    /// First name, last name and street of a row: inline in its record, or from the arenas when long.
    @inlinable @inline(__always)
    func names(_ rec: CompareRecords.Record, _ row: Int)
        -> (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>)
    {
        if !rec.overflow { return (rec.first, rec.last, rec.street) }
        return (f.firstFolded.buffer(row), f.lastFolded.buffer(row), f.street.buffer(row))
    }

    /// Whether two names are equal or close (Jaro-Winkler ≥ 0.9), for the swapped-names check.
    @inlinable
    func similar(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        if x.isEmpty || y.isEmpty { return false }
        return JaroWinkler.similarity(x, y, cutoff: 0.9) >= 0.9
    }

    @inlinable @inline(__always)
    func exactOnly(_ x: UInt64, _ y: UInt64) -> Int { x == 0 || y == 0 ? 0 : x == y ? 1 : 2 }

    @inlinable
    func name(
        _ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>, _ exactEqual: Bool,
        _ px: UInt64, _ py: UInt64, high: Double, low: Double, tokens: Bool
    ) -> Int {
        if x.isEmpty || y.isEmpty { return 0 }
        if exactEqual && x.count == y.count && memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 { return 1 }
        let sim = JaroWinkler.similarity(x, y, cutoff: low)
        if sim >= high { return 2 }
        if sim >= low || (px != 0 && px == py) { return 3 }
        if tokens && Self.firstTokenEqual(x, y) { return 3 }
        return 4
    }

    @inlinable
    static func firstTokenEqual(_ pa: UnsafeBufferPointer<UInt8>, _ pb: UnsafeBufferPointer<UInt8>) -> Bool {
        let la = pa.count, lb = pb.count
        var i = 0
        while i < la && i < lb && pa[i] == pb[i] && pa[i] != .space { i += 1 }
        return i >= 2 && (i == la || pa[i] == .space) && (i == lb || pb[i] == .space)
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

    /// Company-name level of rows `a` and `b` (see `ComparisonField.companyName`).
    @inlinable
    func companyName(_ a: Int, _ b: Int, high: Double, low: Double) -> Int {
        company.bytes.withUnsafeBufferPointer { bytes -> Int in
            let x = UnsafeBufferPointer(rebasing: bytes[Int(company.offsets[a])..<Int(company.offsets[a + 1])])
            let y = UnsafeBufferPointer(rebasing: bytes[Int(company.offsets[b])..<Int(company.offsets[b + 1])])
            if x.isEmpty || y.isEmpty { return 0 }
            if x.count == y.count && memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 { return 1 }
            let sim = TokenSet.similarity(x, y, cutoff: low)
            let sameWords = x.lazy.filter { $0 == .space }.count == y.lazy.filter { $0 == .space }.count
            if sim >= high && sameWords { return 2 }
            if sim >= low { return 3 }
            return 4
        }
    }

    @inlinable
    func pnr(_ x: Int64, _ y: Int64) -> Int {
        if x == 0 || y == 0 { return 0 }
        if x == y { return 1 }
        if digitDifferences(x, y, digits: 12) == 1 || adjacentTransposition(x, y, digits: 12) { return 2 }
        return 3
    }

    @inlinable
    func street(
        _ sa: UnsafeBufferPointer<UInt8>, _ sb: UnsafeBufferPointer<UInt8>, _ na: Int32, _ nb: Int32,
        high: Double
    ) -> Int {
        if sa.isEmpty || sb.isEmpty { return 0 }
        let sameName = sa.count == sb.count && memcmp(sa.baseAddress!, sb.baseAddress!, sa.count) == 0
        if sameName && na == nb { return 1 }
        let similar = sameName || JaroWinkler.similarity(sa, sb, cutoff: high) >= high
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
    @inlinable @inline(__always) func buffer(_ r: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: start(r), count: length(r))
    }

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
    public func withComparer<R>(
        _ specs: [ComparisonSpec], records given: CompareRecords? = nil,
        _ body: (PairComparer) throws -> R
    ) rethrows -> R {
        func bp<T>(_ a: [T], _ k: (UnsafePointer<T>) throws -> R) rethrows -> R {
            try a.withUnsafeBufferPointer { try k($0.baseAddress!) }
        }
        func col(_ c: ByteColumn, _ k: (_BytePointers) throws -> R) rethrows -> R {
            try c.bytes.withUnsafeBufferPointer { b in
                try c.offsets.withUnsafeBufferPointer { o in
                    // An empty arena still needs a valid base pointer.
                    try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1) { dummy in
                        try k(
                            _BytePointers(
                                bytes: b.baseAddress ?? UnsafePointer(dummy.baseAddress!), offsets: o.baseAddress!))
                    }
                }
            }
        }
        // Empty numeric columns (no rows) get a one-element stand-in so base addresses exist.
        let me = count == 0 ? Self.oneEmptyRow : self
        let records =
            count == 0 ? CompareRecords(me, workers: 1) : given ?? CompareRecords(me, workers: Parallel.defaultWorkers)
        let result = try col(me.firstFolded) { ff in
            try col(me.firstExact) { fe in
                try col(me.lastFolded) { lf in
                    try col(me.lastExact) { le in
                        try col(me.street) { st in
                            try bp(me.firstPhonetic) { fp in
                                try bp(me.lastPhonetic) { lp in
                                    try bp(me.emailHash) { em in
                                        try bp(me.cityHash) { ci in
                                            try bp(me.personnummer) { pn in
                                                try bp(me.phone) { ph in
                                                    try bp(me.postalCode) { pc in
                                                        try bp(me.houseNumber) { hn in
                                                            try bp(me.birthDate) { bd in
                                                                try body(
                                                                    PairComparer(
                                                                        specs: specs,
                                                                        records: UnsafeRawPointer(records.base),
                                                                        pointers: _FeaturePointers(
                                                                            firstFolded: ff, firstExact: fe,
                                                                            lastFolded: lf, lastExact: le, street: st,
                                                                            firstPhonetic: fp, lastPhonetic: lp,
                                                                            emailHash: em, cityHash: ci,
                                                                            personnummer: pn, phone: ph, postalCode: pc,
                                                                            houseNumber: hn, birthDate: bd),
                                                                        table: me))
                                                            }
                                                        }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        // `records` must outlive every comparison made through `body`.
        withExtendedLifetime(records) {}
        return result
    }

    static let oneEmptyRow: FeatureTable = {
        var t = FeatureTable()
        t.append(Row())
        return t
    }()

    /// The level vectors of `pairs` (packed `a << 32 | b`), computed on `workers` threads.
    /// - Complexity: O(pairs); allocates the result only.
    public func compareAll(
        _ pairs: [UInt64], specs: [ComparisonSpec], records: CompareRecords? = nil,
        workers: Int
    ) -> [UInt32] {
        var out = [UInt32](repeating: 0, count: pairs.count)
        withComparer(specs, records: records) { cmp in
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
