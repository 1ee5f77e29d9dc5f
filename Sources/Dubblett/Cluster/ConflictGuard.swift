/// Strong identifiers per row that one cluster may not hold in contradiction.
///
/// Built from a `FeatureTable` without copying (the arrays are shared copy-on-write). Missing values are 0.
public struct ClusterIdentities: Sendable {
    /// Canonical 12-digit personnummer or samordningsnummer (0 = missing or invalid).
    public var personnummer: [Int64]
    /// Birth date as yyyymmdd (0 = missing; a date without month or day counts as missing).
    public var birthDate: [Int32]
    /// Phone as E.164 digits; only Swedish mobiles (`+46 70/72/73/76/79`) are personal enough to count.
    public var phone: [Int64]
    /// Phonetic key of the first given name (0 = missing).
    public var firstName: [UInt64]

    /// Identifiers from explicit columns (tests, other schemas); all arrays have one entry per row.
    public init(personnummer: [Int64], birthDate: [Int32], phone: [Int64], firstName: [UInt64]) {
        precondition(
            personnummer.count == birthDate.count && birthDate.count == phone.count
                && phone.count == firstName.count, "identity columns disagree on row count")
        self.personnummer = personnummer
        self.birthDate = birthDate
        self.phone = phone
        self.firstName = firstName
    }

    /// The identifiers of `features`' rows.
    public init(_ features: FeatureTable) {
        self.init(
            personnummer: features.personnummer, birthDate: features.birthDate, phone: features.phone,
            firstName: features.firstPhonetic)
    }

    /// The number of rows.
    public var count: Int { personnummer.count }
}

/// The kinds of contradiction that stop two groups of records from becoming one cluster.
public struct ConflictRules: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Two valid personnummer that are not one typo apart.
    public static let personnummer = ConflictRules(rawValue: 1)
    /// Two full birth dates that are not one typo (a digit, or day and month swapped) apart.
    public static let birthDate = ConflictRules(rawValue: 2)
    /// Two different Swedish mobile numbers together with two different first names (phonetic keys).
    public static let mobileAndFirstName = ConflictRules(rawValue: 4)
    /// No guard: plain union-find plus the chaining guard.
    public static let none: ConflictRules = []
    /// The rules that raised pairwise F1 on the generator's 1 M-row register (see the type docs of
    /// `ClusterBuilder` for the measurement).
    public static let standard: ConflictRules = [.personnummer, .birthDate]
}

/// Per-component identity summary for the clustering guard: for each identifier one representative row
/// per union-find root, so the check for an edge is a handful of array reads and never allocates.
///
/// Invariant: at a root, `rep[k][root]` is a row of that component whose identifier `k` is present, or -1.
/// A union keeps the larger side's representative and borrows the other's when it has none. Because no
/// union of conflicting components is ever made, every value in a component is compatible (equal or one
/// typo apart) with a representative that was compatible with it when they met.
///
/// - Complexity: O(n) memory (four `Int32` per row for the enabled rules); O(1) per check and merge.
struct ConflictGuard {
    let ids: ClusterIdentities?
    let rules: ConflictRules
    var pnr: [Int32] = []
    var date: [Int32] = []
    var mobile: [Int32] = []
    var first: [Int32] = []

    init(count: Int, identities: ClusterIdentities?, rules: ConflictRules) {
        guard let ids = identities, !rules.isEmpty else {
            self.ids = nil
            self.rules = []
            return
        }
        precondition(ids.count == count, "identities hold \(ids.count) rows, clustering \(count)")
        self.ids = ids
        self.rules = rules
        if rules.contains(.personnummer) {
            pnr = (0..<count).map { ids.personnummer[$0] != 0 ? Int32($0) : -1 }
        }
        if rules.contains(.birthDate) {
            date = (0..<count).map { Self.isFullDate(ids.birthDate[$0]) ? Int32($0) : -1 }
        }
        if rules.contains(.mobileAndFirstName) {
            mobile = (0..<count).map { Self.isMobile(ids.phone[$0]) ? Int32($0) : -1 }
            first = (0..<count).map { ids.firstName[$0] != 0 ? Int32($0) : -1 }
        }
    }

    /// Whether the guard does anything.
    @inline(__always) var isActive: Bool { ids != nil }

    /// The contradiction between the components rooted at `ra` and `rb`, or nil when they may merge.
    @inline(__always)
    func conflict(_ ra: Int, _ rb: Int) -> ClusterBuilder.SplitReason? {
        guard let ids else { return nil }
        if rules.contains(.personnummer) {
            let a = pnr[ra], b = pnr[rb]
            if a >= 0 && b >= 0 {
                // An agreeing personnummer settles identity: nothing weaker may veto it.
                if Self.pnrCompatible(ids.personnummer[Int(a)], ids.personnummer[Int(b)]) { return nil }
                return .personnummer
            }
        }
        if rules.contains(.birthDate) {
            let a = date[ra], b = date[rb]
            if a >= 0 && b >= 0 && !Self.dateCompatible(ids.birthDate[Int(a)], ids.birthDate[Int(b)]) {
                return .birthDate
            }
        }
        if rules.contains(.mobileAndFirstName) {
            let ma = mobile[ra], mb = mobile[rb], fa = first[ra], fb = first[rb]
            if ma >= 0 && mb >= 0 && fa >= 0 && fb >= 0
                && !Self.phoneCompatible(ids.phone[Int(ma)], ids.phone[Int(mb)])
                && ids.firstName[Int(fa)] != ids.firstName[Int(fb)]
            {
                return .mobileAndFirstName
            }
        }
        return nil
    }

    /// Records that `other`'s component was merged into the one rooted at `root`.
    @inline(__always)
    mutating func merge(into root: Int, from other: Int) {
        guard ids != nil else { return }
        if !pnr.isEmpty && pnr[root] < 0 { pnr[root] = pnr[other] }
        if !date.isEmpty && date[root] < 0 { date[root] = date[other] }
        if !mobile.isEmpty && mobile[root] < 0 { mobile[root] = mobile[other] }
        if !first.isEmpty && first[root] < 0 { first[root] = first[other] }
    }

    /// A yyyymmdd date with month and day.
    @inline(__always)
    static func isFullDate(_ d: Int32) -> Bool { d > 0 && (d / 100) % 100 != 0 && d % 100 != 0 }

    /// A Swedish mobile number (`+46 7[0236 9]` and 7 more digits) as E.164 digits.
    @inline(__always)
    static func isMobile(_ e164: Int64) -> Bool {
        guard e164 >= 46_700_000_000 && e164 < 46_800_000_000 else { return false }
        let prefix = e164 / 10_000_000 - 4670
        return prefix == 0 || prefix == 2 || prefix == 3 || prefix == 6 || prefix == 9
    }

    /// Equal, or one typo apart: a single digit, or two adjacent digits swapped.
    @inline(__always)
    static func pnrCompatible(_ x: Int64, _ y: Int64) -> Bool {
        x == y || oneTypoApart(x, y, digits: 12)
    }

    /// Equal, one digit apart, or the same year with day and month swapped.
    @inline(__always)
    static func dateCompatible(_ x: Int32, _ y: Int32) -> Bool {
        if x == y { return true }
        if x / 10_000 == y / 10_000 && (x / 100) % 100 == y % 100 && x % 100 == (y / 100) % 100 { return true }
        return oneTypoApart(Int64(x), Int64(y), digits: 8)
    }

    /// Equal, or one typo apart.
    @inline(__always)
    static func phoneCompatible(_ x: Int64, _ y: Int64) -> Bool {
        x == y || oneTypoApart(x, y, digits: 11)
    }

    /// Whether the last `digits` decimal digits of `x` and `y` differ in exactly one place, or by one swap
    /// of two adjacent digits.
    @inline(never)
    static func oneTypoApart(_ x: Int64, _ y: Int64, digits: Int) -> Bool {
        var a = x, b = y
        var diffs = 0, firstAt = -1, secondAt = -1
        var a0: Int64 = 0, b0: Int64 = 0, a1: Int64 = 0, b1: Int64 = 0  // the digits at the differing places
        for i in 0..<digits {
            let ca = a % 10, cb = b % 10
            if ca != cb {
                diffs += 1
                if diffs > 2 { return false }
                if diffs == 1 {
                    firstAt = i
                    (a0, b0) = (ca, cb)
                } else {
                    secondAt = i
                    (a1, b1) = (ca, cb)
                }
            }
            a /= 10
            b /= 10
        }
        if diffs == 1 { return true }
        return diffs == 2 && secondAt == firstAt + 1 && a0 == b1 && a1 == b0
    }
}
