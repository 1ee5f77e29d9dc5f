import DubblettSimilarity

/// Features of registers that are not Swedish person registers: generic identifiers, organisationsnummer,
/// company names, a house-number column, one-line addresses, foreign postal codes and phones, and dates
/// whose day/month order is the column's own.
extension FeatureBuilder {
    /// A field accessor: the raw bytes of one row's field.
    typealias Field = @Sendable (Int) -> UnsafeRawBufferPointer

    /// Fills the identifier, organisationsnummer and company columns, and house numbers from their own column.
    static func buildOtherColumns(_ t: inout FeatureTable, _ store: RecordStore, count n: Int, workers: Int) {
        func col(_ role: FieldRole) -> Field? {
            guard let c = store.column(for: role) else { return nil }
            return { store.field(row: $0, column: c) }
        }
        t.identifier =
            col(.identifier).map { field in
                ColumnNormaliser.numbers(count: n, workers: workers, field: field) { input in
                    let v = IdentifierValue.parse(input)
                    return (v, v == 0 ? .empty : .valid)
                }.values
            } ?? [Int64](repeating: 0, count: n)
        t.organisationsnummer =
            col(.organisationsnummer).map { field in
                ColumnNormaliser.numbers(count: n, workers: workers, field: field) { input in
                    let v = organisationsnummer(input)
                    return (v, v == 0 ? .empty : .valid)
                }.values
            } ?? [Int64](repeating: 0, count: n)
        t.gender =
            col(.gender).map { field in (0..<n).map { GenderValue.parse(field($0)) } } ?? [UInt8](repeating: 0, count: n)
        if let field = col(.companyName) {
            let folded = ByteColumn(ColumnNormaliser.names(count: n, folded: true, workers: workers, field: field))
            var stripped = ByteColumn()
            stripped.bytes = [UInt8](repeating: 0, count: folded.bytes.count)
            stripped.offsets = [UInt32](repeating: 0, count: n + 1)
            var used = 0
            folded.bytes.withUnsafeBufferPointer { src in
                stripped.bytes.withUnsafeMutableBufferPointer { dst in
                    for row in 0..<n {
                        let s = Int(folded.offsets[row]), len = folded.length(row)
                        used += CompanyName.strip(
                            UnsafeBufferPointer(rebasing: src[s..<s + len]),
                            into: UnsafeMutableBufferPointer(rebasing: dst[used..<used + len]))
                        stripped.offsets[row + 1] = UInt32(used)
                    }
                }
            }
            stripped.bytes.removeSubrange(used...)
            t.company = stripped
            t.companyHash = stripped.hashes(seed: 15, workers: workers)
            t.companyToken = stripped.bytes.withUnsafeBufferPointer { b in
                (0..<n).map { row in
                    CompanyName.firstTokenHash(
                        UnsafeBufferPointer(rebasing: b[Int(stripped.offsets[row])..<Int(stripped.offsets[row + 1])]))
                }
            }
        } else {
            t.company = ByteColumn(bytes: [], offsets: [UInt32](repeating: 0, count: n + 1))
            t.companyHash = [UInt64](repeating: 0, count: n)
            t.companyToken = [UInt64](repeating: 0, count: n)
        }
        if let field = col(.houseNumber) {
            let numbers = ColumnNormaliser.numbers(count: n, workers: workers, field: field) { input in
                var v: Int64 = 0
                for b in input {
                    let d = b &- 0x30
                    if d < 10 { v = v * 10 + Int64(d) } else if v > 0 { break }
                    if v > 1_000_000 { break }
                }
                return (v, v == 0 ? .empty : .valid)
            }.values
            if t.houseNumber.count != n { t.houseNumber = [Int32](repeating: 0, count: n) }
            for r in 0..<n where t.houseNumber[r] == 0 { t.houseNumber[r] = Int32(truncatingIfNeeded: numbers[r]) }
        }
    }

    /// An organisationsnummer as 10 digits; a sole trader's personnummer-shaped one (enskild firma) by its
    /// last 10 digits; 0 when neither.
    static func organisationsnummer(_ input: UnsafeRawBufferPointer) -> Int64 {
        switch Organisationsnummer.parse(input) {
        case .valid(let c, _): return c
        case .invalid(.personnummerShape), .invalid(.wrongLength):
            if case .valid(let p, _) = Personnummer.parse(input, referenceDate: 0) { return p % 10_000_000_000 }
            return 0
        default: return 0
        }
    }

    /// The street, postal code and city parts of a street column that holds whole address lines
    /// ("Storgatan 12 B lgh 1102, 114 53 Stockholm"), or nil when fewer than half of its sampled values end
    /// in ", <postal code> <city>".
    static func addressLineParts(count n: Int, field: @escaping Field) -> (street: Field, code: Field, city: Field)? {
        var filled = 0, lines = 0
        let step = max(1, n / 2000)
        for row in stride(from: 0, to: n, by: step) {
            let f = field(row)
            if NormaliseSupport.trimmed(f).isEmpty { continue }
            filled += 1
            if postalTail(f) != nil { lines += 1 }
        }
        guard filled > 0, lines * 2 >= filled else { return nil }
        return (
            street: { row in
                let f = field(row)
                guard let c = postalTail(f) else { return f }
                return UnsafeRawBufferPointer(rebasing: f[..<c.streetEnd])
            },
            code: { row in
                let f = field(row)
                guard let c = postalTail(f) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
                return UnsafeRawBufferPointer(rebasing: f[c.code])
            },
            city: { row in
                let f = field(row)
                guard let c = postalTail(f) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
                return UnsafeRawBufferPointer(rebasing: f[c.city])
            })
    }

    /// Where the street part of an address line ends and the ranges of its postal code and city (relative
    /// to `f`; either may be empty), or nil when the line holds neither. Read from the end: a whole line that
    /// is a postal address ("973 67 Luleå": no street), else the last comma followed by a postal address
    /// ("…, 114 53 Stockholm"), a lone postal code ("…, 619 40") or, after the last comma only, a place name
    /// of at most three words without digits ("Kungsvägen 126, FILIPSTAD").
    static func postalTail(_ f: UnsafeRawBufferPointer) -> (streetEnd: Int, code: Range<Int>, city: Range<Int>)? {
        if let whole = PostalCode.splitAddress(f) { return (0, whole.code, whole.city) }
        var i = f.count - 1
        var last = true
        while i > 0 {
            if f[i] == .comma {
                let base = i + 1
                let tail = UnsafeRawBufferPointer(rebasing: f[base...])
                if let parts = PostalCode.splitAddress(tail) {
                    return (
                        i, (base + parts.code.lowerBound)..<(base + parts.code.upperBound),
                        (base + parts.city.lowerBound)..<(base + parts.city.upperBound)
                    )
                }
                let t = NormaliseSupport.trimmed(tail)
                let none = f.count..<f.count
                if case .valid = PostalCode.parse(tail) {
                    return (i, (base + t.lowerBound)..<(base + t.upperBound), none)
                }
                if last && isPlaceName(UnsafeRawBufferPointer(rebasing: tail[t]))
                    && f[..<i].contains(where: { $0 &- 0x30 < 10 })
                {
                    return (i, none, (base + t.lowerBound)..<(base + t.upperBound))
                }
                last = false
            }
            i -= 1
        }
        return nil
    }

    /// One to three words of letters (no digits), not a flat, floor or box word. No allocation.
    static func isPlaceName(_ t: UnsafeRawBufferPointer) -> Bool {
        guard !t.isEmpty, !t.contains(where: { $0 &- 0x30 < 10 || $0 == .slash || $0 == .period }) else { return false }
        var words = 0, inWord = false, firstEnd = t.count
        for (k, b) in t.enumerated() {
            if b == .space {
                if inWord && words == 1 && firstEnd == t.count { firstEnd = k }
                inWord = false
            } else if !inWord {
                inWord = true
                words += 1
            }
        }
        guard words <= 3 else { return false }
        let first = UnsafeRawBufferPointer(rebasing: t[..<firstEnd])
        func starts(_ word: StaticString) -> Bool {
            word.withUTF8Buffer { w in
                w.count <= first.count && (0..<w.count).allSatisfy { (first[$0] < 0x80 ? first[$0] | 0x20 : first[$0]) == w[$0] }
            }
        }
        func equals(_ word: StaticString) -> Bool { word.utf8CodeUnitCount == first.count && starts(word) }
        return !(starts("lgh") || equals("tr") || equals("box") || equals("van") || starts("l\u{E4}genhet")
            || starts("v\u{E5}n") || starts("l\u{C4}genhet") || starts("v\u{C5}n"))
    }

    /// Whether fewer than half of the filled values of `field` parsed as Swedish (`parsed[r] != 0`).
    /// Every row of a register up to 50,000 rows is looked at, an even sample of 50,000 of a bigger one
    /// (a serial pass over every row of a million took 30–60 ms per column).
    static func mostlyUnparsed<T: BinaryInteger>(_ parsed: [T], count n: Int, field: Field) -> Bool {
        var filled = 0, valid = 0
        for r in stride(from: 0, to: n, by: max(1, n / 50_000)) where !NormaliseSupport.trimmed(field(r)).isEmpty {
            filled += 1
            if parsed[r] != 0 { valid += 1 }
        }
        return filled > 0 && valid * 2 < filled
    }

    /// When fewer than half of a postal-code column's values are Swedish codes (a register from another
    /// country: 4-digit Australian codes, US ZIP and ZIP+4), every value is kept as its leading digits
    /// (`0x4000_0000 | digits`, so never equal to a Swedish code) or, with letters, as a hash.
    static func foreignPostalCodes(_ codes: inout [Int32], count n: Int, workers: Int, field: @escaping Field) {
        guard mostlyUnparsed(codes, count: n, field: field) else { return }
        codes = ColumnNormaliser.numbers(count: n, workers: workers, field: field) { input in
            let t = NormaliseSupport.trimmed(input)
            if t.isEmpty { return (0, .empty) }
            var v: Int64 = 0, digits = 0, letters = false
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            for i in t {
                let b = input[i]
                if b &- 0x30 < 10 {
                    if !letters && digits < 9 && (digits == 0 || input[i - 1] &- 0x30 < 10) {
                        v = v * 10 + Int64(b - 0x30)
                        digits += 1
                    }
                } else if b != .space && b != .hyphen {
                    letters = true
                }
                if b != .space && b != .hyphen { h = (h ^ UInt64(b >= 0x61 && b <= 0x7A ? b - 0x20 : b)) &* 0x100_0000_01B3 }
                if !letters && digits > 0 && (b == .hyphen || b == .space) { break }  // ZIP+4: the ZIP only
            }
            if letters { return (0x2000_0000 | Int64(h & 0x1FFF_FFFF), .valid) }
            return digits == 0 ? (0, .empty) : (0x4000_0000 | v, .valid)
        }.values.map { Int32(truncatingIfNeeded: $0) }
    }

    /// When fewer than half of a phone column's values are Swedish numbers (a register from another
    /// country), every value with 7 or more digits is kept as its last 10 digits (marked so it never equals
    /// a Swedish E.164 number): `(303) 683-6219`, `303-683-6219` and `+1 303 683 6219` agree.
    static func foreignPhones(_ phones: inout [Int64], count n: Int, workers: Int, field: @escaping Field) {
        guard mostlyUnparsed(phones, count: n, field: field) else { return }
        phones = ColumnNormaliser.numbers(count: n, workers: workers, field: field) { input in
            var v: Int64 = 0, digits = 0
            for b in input where b &- 0x30 < 10 {
                v = (v * 10 + Int64(b - 0x30)) % 10_000_000_000
                digits += 1
            }
            return digits >= 7 ? (1 << 40 | v, .valid) : (0, .empty)
        }.values
    }

    /// The day/month order of a date column's `N/N/YYYY` values: true when values readable only month first
    /// (the second number above 12) outnumber those readable only day first nine to one, false for the
    /// opposite, nil without such evidence.
    static func columnMonthFirst(count n: Int, field: Field) -> Bool? {
        var dayFirst = 0, monthFirst = 0
        let step = max(1, n / 5000)
        for row in stride(from: 0, to: n, by: step) {
            let f = field(row)
            var groups = (0, 0), lengths = (0, 0), k = 0, value = 0, len = 0, separator: UInt8 = 0
            var shaped = true
            for b in f {
                if b &- 0x30 < 10 {
                    value = value * 10 + Int(b - 0x30)
                    len += 1
                } else if (b == .slash || b == .hyphen) && (separator == 0 || separator == b) && len > 0 && k < 2 {
                    separator = b
                    if k == 0 { groups.0 = value; lengths.0 = len } else { groups.1 = value; lengths.1 = len }
                    k += 1
                    value = 0
                    len = 0
                } else if b != .space {
                    shaped = false
                    break
                }
            }
            guard shaped, k == 2, len == 4, lengths.0 <= 2, lengths.1 <= 2 else { continue }
            if groups.0 > 12 && groups.1 <= 12 { dayFirst += 1 }
            if groups.1 > 12 && groups.0 <= 12 { monthFirst += 1 }
        }
        // One order must dominate: a column that mixes both (two sources merged) resolves nothing.
        if monthFirst > dayFirst * 9 { return true }
        if dayFirst > monthFirst * 9 { return false }
        return nil
    }
}
