import DubblettSimilarity

/// Who else in the extract a customer could be: the check that a name link's evidence singles out one
/// person, over the whole extract and not only the candidates blocking found.
///
/// A rival is a person other than the linked one with the linked person's surname (or the customer's)
/// and a given name the customer's could stand for (the same, a typo, a nickname, a short form such as
/// Lena for Helena, or another of the rival's given names), whom the evidence of the link does not rule
/// out:
/// - a link on the birth date: a rival born the same day;
/// - a link on the address: a rival at the same address, unless the customer's birth date differs from theirs.
/// Any rival holds the link back; a protected rival says so (the customer may be that person). A protected
/// namesake without an address (its address is secret, it may be the customer's) does not hold the link
/// back but forbids writing an address.
struct Evidence {
    let f: FeatureTable
    let references: Range<Int>
    /// Hash of each row's first given name (folded), 0 when none.
    var firstToken: [UInt64]
    /// Extract rows by (surname, birth date), keys sorted with the rows alongside.
    var birthKeys: [UInt64] = []
    var birthRows: [UInt32] = []
    /// Extract rows by (surname, street, postal code, house number).
    var addressKeys: [UInt64] = []
    var addressRows: [UInt32] = []
    /// Extract rows without an address, by (surname, first given name).
    var addressLessKeys: [UInt64] = []
    var addressLessRows: [UInt32] = []
    /// Per extract row (0-based in the extract): a protected identity.
    let protectedPerson: [Bool]

    /// Rivals of a link.
    struct Rivals {
        var count = 0
        var protected = false
        /// A protected person without an address in the extract has the customer's name and is not ruled
        /// out by a birth date: not a rival of the pnr (the address of a protected person is unknown, so it
        /// says nothing), but no address may be written.
        var protectedWithoutAddress = false
    }

    init(_ f: FeatureTable, references: Range<Int>, protectedPerson: [Bool], workers: Int) {
        self.f = f
        self.references = references
        self.protectedPerson = protectedPerson
        var tokens = [UInt64](repeating: 0, count: f.count)
        let names = f.firstFolded
        tokens.withUnsafeMutableBufferPointer { out in
            let shared = UnsafeSendable(out)
            Parallel.forEachChunk(count: f.count, workers: workers) { _, range in
                names.bytes.withUnsafeBytes { bytes in
                    for r in range {
                        let lo = Int(names.offsets[r]), hi = Int(names.offsets[r + 1])
                        var end = lo
                        while end < hi && bytes[end] != 0x20 { end += 1 }
                        shared.value[r] = end > lo ? XXH3.hash(UnsafeRawBufferPointer(rebasing: bytes[lo..<end]), seed: 7) : 0
                    }
                }
            }
        }
        firstToken = tokens
        let count = references.count
        var birth = [UInt64](repeating: 0, count: count)
        var address = [UInt64](repeating: 0, count: count)
        var addressLess = [UInt64](repeating: 0, count: count)
        let me = self
        birth.withUnsafeMutableBufferPointer { bb in
            address.withUnsafeMutableBufferPointer { ab in
                addressLess.withUnsafeMutableBufferPointer { lb in
                    let (bs, as_, ls) = (UnsafeSendable(bb), UnsafeSendable(ab), UnsafeSendable(lb))
                    Parallel.forEachChunk(count: count, workers: workers) { _, range in
                        for i in range {
                            let q = references.lowerBound + i
                            bs.value[i] = me.surnameBirth(q, birth: f.birthDate[q])
                            as_.value[i] = me.surnameAddress(q)
                            ls.value[i] = f.postalCode[q] == 0 || f.street.length(q) == 0
                                ? me.surnameFirst(q, first: me.firstToken[q]) : 0
                        }
                    }
                }
            }
        }
        (birthKeys, birthRows) = Self.index(birth, workers: workers)
        (addressKeys, addressRows) = Self.index(address, workers: workers)
        (addressLessKeys, addressLessRows) = Self.index(addressLess, workers: workers)
    }

    /// The non-zero keys sorted, with their extract rows.
    static func index(_ keys: [UInt64], workers: Int) -> ([UInt64], [UInt32]) {
        var k: [UInt64] = []
        var rows: [UInt32] = []
        k.reserveCapacity(keys.count)
        rows.reserveCapacity(keys.count)
        for (i, key) in keys.enumerated() where key != 0 {
            k.append(key)
            rows.append(UInt32(i))
        }
        RadixSort.sort(keys: &k, payload: &rows, workers: workers)
        return (k, rows)
    }

    @inline(__always) static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        (a ^ (b &+ 0x9E37_79B9_7F4A_7C15 &+ (a << 6) &+ (a >> 2))) &* 0xBF58_476D_1CE4_E5B9
    }

    func surnameBirth(_ q: Int, birth: Int32) -> UInt64 {
        guard birth != 0, f.lastHash[q] != 0 else { return 0 }
        return Self.mix(f.lastHash[q], UInt64(UInt32(bitPattern: birth))) | 1
    }

    func surnameFirst(_ q: Int, first: UInt64) -> UInt64 {
        guard first != 0, f.lastHash[q] != 0 else { return 0 }
        return Self.mix(f.lastHash[q], first) | 1
    }

    func surnameAddress(_ q: Int) -> UInt64 {
        guard f.postalCode[q] != 0, f.lastHash[q] != 0, f.street.length(q) > 0 else { return 0 }
        let street = f.street.bytes.withUnsafeBytes {
            XXH3.hash(UnsafeRawBufferPointer(rebasing: $0[Int(f.street.offsets[q])..<Int(f.street.offsets[q + 1])]))
        }
        let place = UInt64(UInt32(bitPattern: f.postalCode[q])) << 32 | UInt64(UInt32(bitPattern: f.houseNumber[q]))
        return Self.mix(Self.mix(f.lastHash[q], street), place) | 1
    }

    /// The rows of `keys` equal to `key`.
    static func range(_ keys: [UInt64], _ key: UInt64) -> Range<Int> {
        guard key != 0 else { return 0..<0 }
        var lo = 0, hi = keys.count
        while lo < hi {
            let m = (lo + hi) >> 1
            if keys[m] < key { lo = m + 1 } else { hi = m }
        }
        var end = lo
        while end < keys.count && keys[end] == key { end += 1 }
        return lo..<end
    }

    /// The surnames of the linked person and, when it differs, of the customer.
    func surnames(_ a: Int, _ b: Int) -> [UInt64] {
        f.lastHash[a] != 0 && f.lastHash[a] != f.lastHash[b] ? [f.lastHash[b], f.lastHash[a]] : [f.lastHash[b]]
    }

    /// Rivals of a link of customer `a` to person `b` on the birth date.
    func rivalsByBirth(_ a: Int, _ b: Int) -> Rivals {
        var rivals = Rivals()
        for surname in surnames(a, b) {
            let key = f.lastHash[b] == surname ? surnameBirth(b, birth: f.birthDate[a])
                : surnameBirth(a, birth: f.birthDate[a])
            for k in Self.range(birthKeys, key) {
                let q = references.lowerBound + Int(birthRows[k])
                guard q != b, f.birthDate[q] == f.birthDate[a], givenNameCouldBe(a, q) else { continue }
                rivals.count += 1
                if protectedPerson[Int(birthRows[k])] { rivals.protected = true }
            }
        }
        return rivals
    }

    /// Rivals of a link of customer `a` to person `b` on the address.
    func rivalsByAddress(_ a: Int, _ b: Int) -> Rivals {
        var rivals = Rivals()
        for k in Self.range(addressKeys, surnameAddress(b)) {
            let q = references.lowerBound + Int(addressRows[k])
            if f.birthDate[a] != 0 && f.birthDate[q] != 0 && f.birthDate[q] != f.birthDate[a] { continue }
            guard q != b, sameAddress(q, b), givenNameCouldBe(a, q) else { continue }
            rivals.count += 1
            if protectedPerson[Int(addressRows[k])] { rivals.protected = true }
        }
        // Protected persons without an address, by surname and the customer's first given name (or the formal
        // name it is a nickname of). Counting every namesake without an address (the emigrated too) as a rival
        // held back a quarter of the address links at 1 M (common names have one somewhere).
        let formal = Array(f.firstFolded.slice(a).prefix { $0 != 0x20 }).withUnsafeBufferPointer {
            Nicknames.formal(of: $0)
        }
        let firsts = [firstToken[a], formal.map { XXH3.hash($0, seed: 7) } ?? 0].filter { $0 != 0 }
        for surname in surnames(a, b) {
            for first in firsts {
                for k in Self.range(addressLessKeys, Self.mix(surname, first) | 1) {
                    let q = references.lowerBound + Int(addressLessRows[k])
                    if f.birthDate[a] != 0 && f.birthDate[q] != 0 && f.birthDate[q] != f.birthDate[a] { continue }
                    if q != b && protectedPerson[Int(addressLessRows[k])] { rivals.protectedWithoutAddress = true }
                }
            }
        }
        return rivals
    }

    /// Whether the extract gives person `q` a protected identity.
    func isProtected(_ q: Int) -> Bool { references.contains(q) && protectedPerson[q - references.lowerBound] }

    /// Whether two rows have the same postal code and house number and the same street name, or one
    /// within a typo or an abbreviation of it (Jaro-Winkler ≥ 0.9).
    func sameAddress(_ a: Int, _ b: Int) -> Bool {
        guard f.postalCode[a] != 0, f.postalCode[a] == f.postalCode[b], f.houseNumber[a] == f.houseNumber[b],
              f.street.length(a) > 0, f.street.length(b) > 0 else { return false }
        let x = f.street.slice(a), y = f.street.slice(b)
        return x == y || JaroWinkler.similarity(Array(x), Array(y)) >= 0.9
    }

    /// Whether the surnames are the same or a typo apart (Jaro-Winkler ≥ 0.9 on the folded names).
    func surnameAgrees(_ a: Int, _ b: Int) -> Bool {
        if f.lastHash[a] != 0 && f.lastHash[a] == f.lastHash[b] { return true }
        let x = f.lastFolded.slice(a), y = f.lastFolded.slice(b)
        guard !x.isEmpty, !y.isEmpty else { return false }
        return x == y || JaroWinkler.similarity(Array(x), Array(y)) >= 0.9
    }

    /// Whether the customer's first given name is the person's first given name, a close spelling of it
    /// (Jaro-Winkler ≥ 0.9: a typo) or one of the person's other given names.
    func firstNameAgrees(_ a: Int, _ b: Int) -> Bool {
        if firstToken[a] != 0 && firstToken[a] == firstToken[b] { return true }
        let x = f.firstFolded.slice(a), y = f.firstFolded.slice(b)
        let xa = Array(x.prefix { $0 != 0x20 })
        guard !xa.isEmpty else { return false }
        let formal = xa.withUnsafeBufferPointer { Nicknames.formal(of: $0) }
        for word in y.split(separator: 0x20) {
            let w = Array(word)
            if w == xa || w == formal || JaroWinkler.similarity(xa, w) >= 0.9 { return true }
        }
        return false
    }

    /// Whether the customer's first given name could stand for one of person `q`'s given names: what
    /// `firstNameAgrees` accepts, or a short form of at least four letters at the end of it (Lena for
    /// Helena, Stina for Kristina). Broad on purpose: it finds rivals. Short forms at the start (Jan for
    /// Janne, Eva for Evelina) are not taken: siblings born the same day (twins) often share such a start.
    func givenNameCouldBe(_ a: Int, _ q: Int) -> Bool {
        if firstNameAgrees(a, q) { return true }
        let xa = Array(f.firstFolded.slice(a).prefix { $0 != 0x20 })
        guard xa.count >= 4 else { return false }
        for word in f.firstFolded.slice(q).split(separator: 0x20) where word.count > xa.count {
            if word.reversed().starts(with: xa.reversed()) { return true }
        }
        return false
    }
}
