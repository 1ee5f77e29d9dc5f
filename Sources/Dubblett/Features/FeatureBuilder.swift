import DubblettSimilarity

/// Builds the `FeatureTable` of a register: every column normalised once, in parallel.
///
/// Names are kept exact (å, ä, ö) and folded (å/ä→a, ö→o, ...), both one byte per letter; phonetic
/// keys are SfinxBis (`SwedishPhonetic`) of the exact form; personnummer, phone, postal code and
/// dates become integers; e-mail and city become hashes. A missing column leaves its feature empty
/// (0), so its comparison sits at the null level and its blocking rules key nothing.
///
/// - Complexity: O(total field bytes) on `workers` threads; memory about 60 bytes per row plus names.
public enum FeatureBuilder {
    /// The features of every row of `store`.
    /// - Parameter settings: when given, features no comparison or blocking rule uses (the city) are skipped.
    public static func build(
        _ store: RecordStore, workers: Int, source: UInt8 = 0,
        settings: MatchSettings? = nil
    ) -> FeatureTable {
        let needsCity =
            settings.map { s in
                s.comparisons.contains { $0.field == .city } || s.blockingRules.contains { $0.parts.contains(.city) }
            } ?? true
        let n = store.rowCount
        var t = FeatureTable()
        func col(_ role: FieldRole) -> (@Sendable (Int) -> UnsafeRawBufferPointer)? {
            guard let c = store.column(for: role) else { return nil }
            return { store.field(row: $0, column: c) }
        }
        let emptyText = ByteColumn(bytes: [], offsets: [UInt32](repeating: 0, count: n + 1))
        // Phone and e-mail: a row's value comes from the first of the role's columns that holds a usable
        // one (Telefon, then Mobil; a placeholder such as "saknas" does not hide the mobile number).
        func coalesced(_ role: FieldRole) -> (@Sendable (Int) -> UnsafeRawBufferPointer)? {
            guard let primary = store.column(for: role) else { return nil }
            let backups = store.alternateColumns(for: role)
            if backups.isEmpty { return col(role) }
            @Sendable func usable(_ field: UnsafeRawBufferPointer) -> Bool {
                if role == .phone, case .valid = PhoneNumber.parse(field) { return true }
                return role == .email && field.contains(0x40)  // '@'
            }
            return { row in
                let first = store.field(row: row, column: primary)
                if usable(first) { return first }
                for c in backups {
                    let field = store.field(row: row, column: c)
                    if usable(field) { return field }
                }
                return first
            }
        }
        // A "postadress" column (`114 53 Stockholm`) stands in for a missing postal code or city column.
        func postalAddressPart(_ city: Bool) -> (@Sendable (Int) -> UnsafeRawBufferPointer)? {
            guard let c = store.column(for: .postalAddress) else { return nil }
            return { row in
                let field = store.field(row: row, column: c)
                guard let parts = PostalCode.splitAddress(field) else { return city ? UnsafeRawBufferPointer(start: nil, count: 0) : field }
                return UnsafeRawBufferPointer(rebasing: field[city ? parts.city : parts.code])
            }
        }
        // A one-line address ("Storgatan 12 B lgh 1102, 114 53 Stockholm") in the street column gives the
        // postal code and the city when they have no column of their own; the street is what precedes them.
        let lineAddress = col(.postalCode) == nil && postalAddressPart(false) == nil ? col(.street).flatMap {
            Self.addressLineParts(count: n, field: $0)
        } : nil
        let postalCodeField = col(.postalCode) ?? postalAddressPart(false) ?? lineAddress?.code
        let cityField = col(.city) ?? postalAddressPart(true) ?? lineAddress?.city

        // Names (a full-name column is split: the last word is the surname).
        var firstExact = emptyText, lastExact = emptyText
        if let first = col(.firstName) {
            firstExact = ByteColumn(ColumnNormaliser.names(count: n, folded: false, workers: workers, field: first))
        }
        if let last = col(.lastName) {
            lastExact = ByteColumn(ColumnNormaliser.names(count: n, folded: false, workers: workers, field: last))
        }
        if col(.firstName) == nil && col(.lastName) == nil, let full = col(.fullName) {
            // "Förnamn Efternamn": the last word is the surname. "Efternamn, Förnamn" (common in Swedish
            // registers): the part before the comma is, normalised on its own, so punctuation and
            // spacing inside it cannot move the split.
            let whole = ByteColumn(ColumnNormaliser.names(count: n, folded: false, workers: workers, field: full))
            let surnamePart: @Sendable (Int) -> UnsafeRawBufferPointer = { row in
                let raw = full(row)
                guard let comma = Self.surnameComma(raw) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
                return UnsafeRawBufferPointer(rebasing: raw[..<comma])
            }
            let givenPart: @Sendable (Int) -> UnsafeRawBufferPointer = { row in
                let raw = full(row)
                guard let comma = Self.surnameComma(raw) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
                return UnsafeRawBufferPointer(rebasing: raw[(comma + 1)...])
            }
            let bySurname = ByteColumn(ColumnNormaliser.names(count: n, folded: false, workers: workers, field: surnamePart))
            let byGiven = ByteColumn(ColumnNormaliser.names(count: n, folded: false, workers: workers, field: givenPart))
            var first = ByteColumn(), last = ByteColumn()
            first.reserve(rows: n, bytes: whole.bytes.count)
            last.reserve(rows: n, bytes: whole.bytes.count)
            for row in 0..<n {
                if bySurname.length(row) > 0 {
                    first.append(byGiven.slice(row))
                    last.append(bySurname.slice(row))
                } else {
                    let (given, surname) = whole.splitAtLastWord(row)
                    first.append(given)
                    last.append(surname)
                }
            }
            (firstExact, lastExact) = (first, last)
        }
        t.firstExact = firstExact
        t.lastExact = lastExact
        if Parallel.isCancelled { return t }
        t.firstFolded = firstExact.folded(workers: workers)
        t.lastFolded = lastExact.folded(workers: workers)
        t.firstPhonetic = firstExact.phoneticKeys(firstWordOnly: true, workers: workers)
        t.lastPhonetic = lastExact.phoneticKeys(firstWordOnly: false, workers: workers)
        t.firstHash = t.firstFolded.hashes(seed: 11, workers: workers)
        t.lastHash = t.lastFolded.hashes(seed: 12, workers: workers)
        // Identifiers and numbers.
        // A cancelled run stops here; `Pipeline` throws before anyone reads the table.
        if Parallel.isCancelled { return t }
        t.personnummer =
            col(.personnummer).map {
                ColumnNormaliser.personnummer(count: n, referenceDate: 0, workers: workers, field: $0).values
            } ?? [Int64](repeating: 0, count: n)
        if Parallel.isCancelled { return t }
        t.phone =
            coalesced(.phone).map { ColumnNormaliser.phones(count: n, workers: workers, field: $0).values }
            ?? [Int64](repeating: 0, count: n)
        if Parallel.isCancelled { return t }
        t.postalCode =
            postalCodeField.map {
                ColumnNormaliser.postalCodes(count: n, workers: workers, field: $0).values.map {
                    Int32(truncatingIfNeeded: $0)
                }
            } ?? [Int32](repeating: 0, count: n)
        if let p = postalCodeField { Self.foreignPostalCodes(&t.postalCode, count: n, workers: workers, field: p) }
        if let p = coalesced(.phone) { Self.foreignPhones(&t.phone, count: n, workers: workers, field: p) }
        if Parallel.isCancelled { return t }
        if let d = col(.birthDate) {
            // The column's dominant order resolves its ambiguous values (07/05/2007 is 7 May in a day-first
            // column): left unknown, such a date cannot find a person whose only other evidence is the name
            // (an emigrated person has no address in the population register).
            let monthFirst = Self.columnMonthFirst(count: n, field: d)
            t.birthDate = ColumnNormaliser.numbers(count: n, workers: workers, field: d) { input in
                if case .valid(let v) = DateParser.parse(input, referenceDate: 0, ambiguousMonthFirst: monthFirst) {
                    return (Int64(v), .valid)
                }
                return (0, .empty)
            }.values.map { Int32(truncatingIfNeeded: $0) }
        } else {
            t.birthDate = [Int32](repeating: 0, count: n)
        }
        // Fill missing birth dates from the personnummer (day + 60 marks a samordningsnummer).
        for r in 0..<n where t.birthDate[r] == 0 && t.personnummer[r] != 0 {
            var d = Int32(t.personnummer[r] / 10_000)
            if d % 100 > 60 { d -= 60 }
            t.birthDate[r] = d
        }
        // A cancelled run stops here; `Pipeline` throws before anyone reads the table.
        if Parallel.isCancelled { return t }
        if let e = coalesced(.email) {
            let (addresses, status) = ColumnNormaliser.emails(count: n, workers: workers, field: e)
            let column = ByteColumn(addresses)
            var h = column.hashes(seed: 13, workers: workers)
            for r in 0..<n where status[r] != .valid && status[r] != .suspicious || column.isHouseholdAddress(r) {
                h[r] = 0
            }
            t.emailHash = h
        } else {
            t.emailHash = [UInt64](repeating: 0, count: n)
        }
        if Parallel.isCancelled { return t }
        if let s = lineAddress?.street ?? col(.street) {
            let (names, parts) = ColumnNormaliser.streets(count: n, folded: true, workers: workers, field: s)
            t.street = ByteColumn(names)
            t.houseNumber = parts.map(\.houseNumber)
        } else {
            t.street = emptyText
            t.houseNumber = [Int32](repeating: 0, count: n)
        }
        if Parallel.isCancelled { return t }
        t.cityHash =
            (needsCity ? cityField : nil).map {
                ByteColumn(ColumnNormaliser.names(count: n, folded: true, workers: workers, field: $0)).hashes(
                    seed: 14, workers: workers)
            } ?? [UInt64](repeating: 0, count: n)
        t.source = [UInt8](repeating: source, count: n)
        // A cancelled run stops here; `Pipeline` throws before anyone reads the table.
        if Parallel.isCancelled { return t }
        buildOtherColumns(&t, store, count: n, workers: workers)
        buildExtraColumns(&t, store, declared: settings?.extraColumns ?? [], count: n, workers: workers)
        t._setCount(n)
        return t
    }
}

extension FeatureBuilder {
    /// The first comma of a raw full name when it marks the "Efternamn, Förnamn" order: something
    /// before it and first names after it; else nil.
    static func surnameComma(_ raw: UnsafeRawBufferPointer) -> Int? {
        guard let comma = raw.firstIndex(of: .comma) else { return nil }
        let letters = { (b: UInt8) in b != .space && b != .tab && b != .comma }
        guard raw[..<comma].contains(where: letters), raw[(comma + 1)...].contains(where: letters) else { return nil }
        return comma
    }
}

extension ByteColumn {
    /// A column from a normaliser's output.
    init(_ c: NormalisedTextColumn) {
        self.init(bytes: c.bytes, offsets: c.offsets)
    }

    init(bytes: [UInt8], offsets: [UInt32]) {
        self.init()
        self.bytes = bytes
        self.offsets = offsets
    }

    /// Whether row `r` is a household e-mail address ("familjen.andersson@…", "family.…"): shared by
    /// everyone at an address, so it identifies a household, not a person, and is not used for matching.
    func isHouseholdAddress(_ r: Int) -> Bool {
        let s = Int(offsets[r]), n = length(r)
        func has(_ p: StaticString) -> Bool {
            guard n >= p.utf8CodeUnitCount else { return false }
            return p.withUTF8Buffer { pb in (0..<pb.count).allSatisfy { bytes[s + $0] == pb[$0] } }
        }
        return has("familjen") || has("family") || has("familj.")
    }

    /// Per row XXH3 of the bytes with `seed` (0 for empty rows).
    func hashes(seed: UInt64, workers: Int) -> [UInt64] {
        let n = rowCount
        var out = [UInt64](repeating: 0, count: n)
        out.withUnsafeMutableBufferPointer { ob in
            let o = UnsafeSendable(ob)
            bytes.withUnsafeBytes { raw in
                let r = UnsafeSendable(raw)
                Parallel.forEachChunk(count: n, workers: workers) { _, range in
                    for row in range where length(row) > 0 {
                        let s = Int(offsets[row])
                        o.value[row] =
                            XXH3.hash(UnsafeRawBufferPointer(rebasing: r.value[s..<s + length(row)]), seed: seed) | 1
                    }
                }
            }
        }
        return out
    }

    /// The folded form of an exact-form name column (chunks in parallel, merged in order).
    func folded(workers: Int) -> ByteColumn {
        let n = rowCount
        let chunks = Parallel.ranges(count: n, chunks: max(1, workers) * 16)
        var parts = [[UInt8]](repeating: [], count: chunks.count)
        var lengths = [UInt32](repeating: 0, count: n)
        parts.withUnsafeMutableBufferPointer { pb in
            lengths.withUnsafeMutableBufferPointer { lb in
                bytes.withUnsafeBufferPointer { b in
                    let box = UnsafeSendable((pb, lb, b))
                    Parallel.forEachChunk(count: chunks.count, workers: workers, chunksPerWorker: 16) { _, cr in
                        for c in cr {
                            let (pp, ll, bb) = box.value
                            let rows = chunks[c]
                            let lo = Int(offsets[rows.lowerBound]), hi = Int(offsets[rows.upperBound])
                            var out = [UInt8](repeating: 0, count: 2 * (hi - lo) + 16)
                            var used = 0
                            out.withUnsafeMutableBufferPointer { ob in
                                for row in rows {
                                    let s = Int(offsets[row]), len = length(row)
                                    let m = NameNormaliser.fold(
                                        UnsafeBufferPointer(rebasing: bb[s..<s + len]),
                                        into: UnsafeMutableBufferPointer(rebasing: ob[used..<used + 2 * len]))
                                    used += m
                                    ll[row] = UInt32(m)
                                }
                            }
                            out.removeSubrange(used...)
                            pp[c] = out
                        }
                    }
                }
            }
        }
        var result = ByteColumn()
        result.bytes.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for p in parts { result.bytes += p }
        result.offsets = [UInt32](repeating: 0, count: n + 1)
        for i in 0..<n { result.offsets[i + 1] = result.offsets[i] + lengths[i] }
        return result
    }

    /// SfinxBis key per row: of the first word only (a nickname's from its formal name, `Nicknames`),
    /// or of the whole name. Names repeat (a register has a few thousand distinct first names), so each
    /// chunk keeps a table from the name's hash to its key and computes a key once per distinct name.
    func phoneticKeys(firstWordOnly: Bool, workers: Int) -> [UInt64] {
        let n = rowCount
        var out = [UInt64](repeating: 0, count: n)
        out.withUnsafeMutableBufferPointer { ob in
            let o = UnsafeSendable(ob)
            bytes.withUnsafeBufferPointer { raw in
                let r = UnsafeSendable(raw)
                Parallel.forEachChunk(count: n, workers: workers) { _, range in
                    var words: (UInt64, UInt64) = (0, 0)
                    var cache = [UInt64: UInt64](minimumCapacity: 8192)
                    for row in range where length(row) > 0 {
                        let s = Int(offsets[row])
                        let name = UnsafeBufferPointer(rebasing: r.value[s..<s + length(row)])
                        let h = XXH3.hash(UnsafeRawBufferPointer(name), seed: 31)
                        if let k = cache[h] { o.value[row] = k; continue }
                        let k: UInt64
                        if firstWordOnly {
                            // A nickname's key is its formal name's (Kalle → Karl, Gittan → Birgitta).
                            var end = 0
                            while end < name.count && name[end] != .space && name[end] != .hyphen { end += 1 }
                            if let formal = Nicknames.formal(of: UnsafeBufferPointer(rebasing: name[..<end])) {
                                k = SwedishPhonetic.key(formal)
                            } else {
                                k = withUnsafeMutableBytes(of: &words) { w -> UInt64 in
                                    let keys = w.bindMemory(to: UInt64.self)
                                    return SwedishPhonetic.wordKeys(name, into: keys) > 0 ? keys[0] : 0
                                }
                            }
                        } else {
                            k = SwedishPhonetic.key(name)
                        }
                        if cache.count < 1 << 16 { cache[h] = k }
                        o.value[row] = k
                    }
                }
            }
        }
        return out
    }

    /// Row `row` split at its last space: (everything before, the last word); a single word is all
    /// surname. Slices of the arena, no copy.
    func splitAtLastWord(_ row: Int) -> (ArraySlice<UInt8>, ArraySlice<UInt8>) {
        let s = Int(offsets[row]), e = Int(offsets[row + 1])
        var cut = e
        while cut > s && bytes[cut - 1] != .space { cut -= 1 }
        if cut == s { return (bytes[s..<s], bytes[s..<e]) }
        return (bytes[s..<cut - 1], bytes[cut..<e])
    }
}
