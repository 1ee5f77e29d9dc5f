import Dubblett
/// Renders generated records as CSV bytes, applying the per-record corruptions of `GeneratorConfig`.
///
/// Each field is built in a reusable scratch buffer, edited in place (typos, lost diacritics, case),
/// then appended to `out` with RFC 4180 quoting when it holds the separator; the Excel flavour
/// transcodes to Windows-1252 on the way (generated text is Latin-1 only, so `C3 xx` → `xx + 0x40`).
struct RecordRenderer {
    let t = SwedishTables.shared
    let c: GeneratorConfig
    let format: RegisterFormat
    let delimiter: UInt8
    let lineEnd: [UInt8]
    var out: [UInt8] = []
    var digits: [UInt8] = []
    var first: [UInt8] = []
    var last: [UInt8] = []
    var field: [UInt8] = []

    init(config: GeneratorConfig, format: RegisterFormat) {
        c = config
        self.format = format
        delimiter = format.delimiter
        lineEnd = format.lineEnd
        digits.reserveCapacity(16)
        first.reserveCapacity(64)
        last.reserveCapacity(64)
        field.reserveCapacity(96)
    }

    /// Appends the header line.
    mutating func appendHeader() {
        let names = format.englishHeaders ? RegisterFormat.englishColumns : RegisterFormat.swedishColumns
        for (i, name) in names.enumerated() {
            emit(Array(name.utf8), last: i == names.count - 1)
        }
    }

    /// Fills `first` and `last` with a person's shown names: a nickname or spelling variant now and then,
    /// the second given name sometimes, double surnames hyphenated, then the text corruptions.
    mutating func renderNames(_ p: Person, diacritics: Int, _ rng: inout SplitMix64) {
        first.removeAll(keepingCapacity: true)
        let names = p.female ? t.female : t.male
        let given = names[Int(p.first)]
        if !given.nicknames.isEmpty, rng.chance(c.nicknameRate) {
            first.append(contentsOf: given.nicknames[rng.below(given.nicknames.count)])
        } else if !given.variants.isEmpty, rng.chance(c.spellingVariantRate) {
            first.append(contentsOf: given.variants[rng.below(given.variants.count)])
        } else {
            first.append(contentsOf: given.bytes)
        }
        if p.second >= 0, rng.chance(c.secondGivenNameShownRate) {
            first.append(.space)
            first.append(contentsOf: names[Int(p.second)].bytes)
        }
        finishText(&first, diacritics: diacritics, typo: true, caseChange: true, &rng)
        last.removeAll(keepingCapacity: true)
        appendSurname(Int(p.surname), &rng)
        if p.surname2 >= 0 {
            last.append(.hyphen)
            appendSurname(Int(p.surname2), &rng)
        }
        finishText(&last, diacritics: diacritics, typo: true, caseChange: true, &rng)
    }

    /// Appends `value` in decimal, left-padded with zeros to `width`.
    @inline(__always)
    static func appendDecimal(_ value: Int, to out: inout [UInt8], width: Int = 1) {
        var digits: (UInt64, UInt64) = (0, 0)
        var v = value
        var n = 0
        withUnsafeMutableBytes(of: &digits) { buf in
            repeat {
                buf[n] = UInt8(truncatingIfNeeded: v % 10) &+ 48
                v /= 10
                n += 1
            } while v > 0 && n < 16
            while n < width && n < 16 {
                buf[n] = 48
                n += 1
            }
            for i in stride(from: n - 1, through: 0, by: -1) { out.append(buf[i]) }
        }
    }

    /// Appends one field with quoting and transcoding, then the separator or the line end.
    mutating func emit(_ f: [UInt8], last isLast: Bool) {
        var needsQuotes = false
        for b in f where b == delimiter || b == .quote || b == .lf || b == .cr {
            needsQuotes = true
            break
        }
        if needsQuotes { out.append(.quote) }
        if format.excel {
            var i = 0
            while i < f.count {
                let b = f[i]
                if b < 0x80 {
                    if b == .quote { out.append(.quote) }
                    out.append(b)
                    i += 1
                } else {
                    assert(b == 0xC2 || b == 0xC3, "generated text must be Latin-1")
                    out.append(b == 0xC3 ? f[i + 1] &+ 0x40 : f[i + 1])
                    i += 2
                }
            }
        } else if needsQuotes {
            for b in f {
                if b == .quote { out.append(.quote) }
                out.append(b)
            }
        } else {
            out.append(contentsOf: f)
        }
        if needsQuotes { out.append(.quote) }
        if isLast { out.append(contentsOf: lineEnd) } else { out.append(delimiter) }
    }

    /// Per record: all-text diacritic loss mode (0 keep, 1 strip, 2 transliterate).
    @inline(__always)
    func finishText(_ f: inout [UInt8], diacritics: Int, typo: Bool, caseChange: Bool, _ rng: inout SplitMix64) {
        if diacritics != 0 { ByteEdits.loseDiacritics(&f, transliterate: diacritics == 2) }
        if typo, rng.chance(c.typoRate) { ByteEdits.typo(&f, &rng) }
        if caseChange, rng.chance(c.caseChangeRate) {
            if rng.chance(0.7) { ByteEdits.uppercase(&f) } else { ByteEdits.lowercase(&f) }
        }
    }

    /// Renders one record of `person`; `duplicate` is 0 for the person's first record.
    mutating func appendRecord(
        _ person: Person, duplicate: Int, id: Int, people: inout PeopleFactory, rng: inout SplitMix64
    ) {
        var p = person
        if duplicate > 0 {
            if rng.chance(c.movedRate) {
                p.address = people.newAddress(&rng)
                if p.phone.landlineArea >= 0 { p.phone = people.newPhone(address: p.address, &rng) }
            }
            if rng.chance(c.phoneChangeRate) { p.phone = people.newPhone(address: p.address, &rng) }
            if rng.chance(c.emailChangeRate) {
                var e = people.newEmail(&rng)
                e.present = true
                e.style = (p.email.style &+ 1 &+ UInt8(rng.below(6))) % 8
                p.email = e
            }
        }
        let diacritics = rng.chance(c.diacriticLossRate) ? (rng.chance(c.diacriticTransliterationShare) ? 2 : 1) : 0
        let blanks = c.blankRates

        // id
        field.removeAll(keepingCapacity: true)
        Self.appendDecimal(id, to: &field)
        emit(field, last: false)

        // förnamn, efternamn (possibly swapped)
        renderNames(p, diacritics: diacritics, &rng)
        let swap = rng.chance(c.nameSwapRate)
        emit(rng.chance(blanks.firstName) ? [] : (swap ? last : first), last: false)
        emit(rng.chance(blanks.lastName) ? [] : (swap ? first : last), last: false)

        // gatuadress
        field.removeAll(keepingCapacity: true)
        let a = p.address
        if a.named >= 0 {
            field.append(contentsOf: t.namedStreets[Int(a.named)])
        } else {
            field.append(contentsOf: t.streetStems[Int(a.stem)])
            appendSuffix(Int(a.suffix), abbreviate: rng.chance(c.streetAbbreviationRate), &rng)
        }
        field.append(.space)
        Self.appendDecimal(Int(a.number), to: &field)
        let variant = rng.chance(c.addressFormatVariantRate)
        if a.letter != 0 { field.append(variant && rng.chance(0.5) ? a.letter | 0x20 : a.letter) }
        let showFlat = a.flat != 0 ? !rng.chance(c.flatNumberOmittedRate) : false
        if showFlat {
            if variant { field.append(.comma) }
            field.append(.space)
            field.append(contentsOf: Self.lgh)
            Self.appendDecimal(Int(a.flat), to: &field)
        }
        finishText(&field, diacritics: diacritics, typo: true, caseChange: true, &rng)
        emit(rng.chance(blanks.street) ? [] : field, last: false)

        // postnummer
        field.removeAll(keepingCapacity: true)
        let area = t.postal[Int(a.postal)]
        Self.appendDecimal(area.prefix, to: &field, width: 3)
        if !rng.chance(c.postalCodeNoSpaceRate) { field.append(.space) }
        Self.appendDecimal(Int(a.postalTail), to: &field, width: 2)
        emit(rng.chance(blanks.postalCode) ? [] : field, last: false)

        // postort
        field.removeAll(keepingCapacity: true)
        field.append(contentsOf: area.town)
        if diacritics != 0 { ByteEdits.loseDiacritics(&field, transliterate: diacritics == 2) }
        if rng.chance(c.caseChangeRate * 2) { ByteEdits.uppercase(&field) }
        emit(rng.chance(blanks.town) ? [] : field, last: false)

        // telefon
        field.removeAll(keepingCapacity: true)
        appendPhone(p.phone, style: rng.chance(c.phoneFormatVariantRate) ? 1 + rng.below(8) : 0)
        emit(rng.chance(blanks.phone) ? [] : field, last: false)

        // e-post
        field.removeAll(keepingCapacity: true)
        if p.email.present {
            appendEmail(p, names: p.female ? t.female : t.male)
            if rng.chance(c.typoRate) { ByteEdits.typo(&field, &rng) }
            if rng.chance(c.caseChangeRate / 2) { ByteEdits.uppercase(&field) }
        }
        emit(rng.chance(blanks.email) ? [] : field, last: false)

        // personnummer
        field.removeAll(keepingCapacity: true)
        appendPersonnummer(p, short: rng.chance(c.personnummerShortFormRate),
                           separator: !rng.chance(c.personnummerNoSeparatorRate))
        emit(rng.chance(blanks.personnummer) ? [] : field, last: false)

        // födelsedatum
        field.removeAll(keepingCapacity: true)
        appendBirthDate(p, style: rng.chance(c.birthDateFormatVariantRate) ? 1 + rng.below(2) : 0)
        emit(rng.chance(blanks.birthDate) ? [] : field, last: true)
    }

    static let lgh = Array("lgh ".utf8)
    static let gatan = Array("gatan".utf8)
    static let vagen = Array("vägen".utf8)
    static let allen = Array("allén".utf8)
    static let stigen = Array("stigen".utf8)
    static let gatanShort = [[103, 46], Array("gata".utf8), Array("gat.".utf8)] as [[UInt8]]
    static let vagenShort = [[118, 46], Array("väg".utf8)] as [[UInt8]]
    static let allenShort = Array("allé".utf8)
    static let stigenShort = Array("stig".utf8)
    static let family = Array("familjen.".utf8)
    static let plus46Zero = Array("+46 (0)".utf8)

    mutating func appendSurname(_ index: Int, _ rng: inout SplitMix64) {
        let name = t.surnames[index]
        if rng.chance(c.spellingVariantRate) {
            if !name.variants.isEmpty {
                last.append(contentsOf: name.variants[rng.below(name.variants.count)])
                return
            }
            var respelled = name.bytes
            if ByteEdits.respellSurname(&respelled) {
                last.append(contentsOf: respelled)
                return
            }
        }
        last.append(contentsOf: name.bytes)
    }

    /// Street suffix, or its abbreviation (`gatan` → `g.`/`gata`/`gat.`, `vägen` → `v.`/`väg`).
    mutating func appendSuffix(_ index: Int, abbreviate: Bool, _ rng: inout SplitMix64) {
        let suffix = t.streetSuffixes[index]
        guard abbreviate else {
            field.append(contentsOf: suffix)
            return
        }
        if suffix == Self.gatan {
            field.append(contentsOf: Self.gatanShort[rng.below(3)])
        } else if suffix == Self.vagen {
            field.append(contentsOf: Self.vagenShort[rng.below(2)])
        } else if suffix == Self.allen {
            field.append(contentsOf: Self.allenShort)
        } else if suffix == Self.stigen {
            field.append(contentsOf: Self.stigenShort)
        } else {
            field.append(contentsOf: suffix)
        }
    }

    /// Subscriber digits grouped the Swedish way: `123 45`, `12 34 56`, `123 45 67`, `123 456 78`.
    mutating func appendGrouped(_ subscriber: UInt32, digits: Int, grouped: Bool) {
        self.digits.removeAll(keepingCapacity: true)
        Self.appendDecimal(Int(subscriber), to: &self.digits, width: digits)
        guard grouped else {
            field.append(contentsOf: self.digits)
            return
        }
        // Group sizes packed as nibbles, first group lowest: 3·2, 2·2·2, 3·2·2, 3·3·2.
        var groups: UInt32 = switch digits {
        case 5: 0x23
        case 6: 0x222
        case 7: 0x223
        default: 0x233
        }
        var at = 0
        while groups != 0 {
            let g = Int(groups & 0xF)
            groups >>= 4
            if at > 0 { field.append(.space) }
            field.append(contentsOf: self.digits[at..<(at + g)])
            at += g
        }
    }

    /// The phone in one of nine formats (0 is the canonical `070-123 45 67`).
    mutating func appendPhone(_ phone: Phone, style: Int) {
        let areaCode = phone.landlineArea >= 0 ? t.postal[Int(phone.landlineArea)].areaCode : []
        func appendArea(_ field: inout [UInt8]) {
            if phone.landlineArea >= 0 {
                field.append(contentsOf: areaCode[1...])
            } else {
                field.append(55)
                field.append(48 + phone.mobileDigit)
            }
        }
        let digits = Int(phone.digits)
        switch style {
        case 0, 2, 3:
            field.append(.digit0)
            appendArea(&field)
            field.append(style == 2 ? .space : .hyphen)
            appendGrouped(phone.subscriber, digits: digits, grouped: style != 3)
        case 1:
            field.append(.digit0)
            appendArea(&field)
            appendGrouped(phone.subscriber, digits: digits, grouped: false)
        case 4:
            field.append(.plus)
            field.append(52)
            field.append(54)
            field.append(.space)
            appendArea(&field)
            field.append(.space)
            appendGrouped(phone.subscriber, digits: digits, grouped: true)
        case 5, 6, 7:
            if style == 5 { field.append(.plus) } else if style == 6 { field.append(48); field.append(48) }
            field.append(52)
            field.append(54)
            appendArea(&field)
            appendGrouped(phone.subscriber, digits: digits, grouped: false)
        default:
            field.append(contentsOf: Self.plus46Zero)
            appendArea(&field)
            field.append(.hyphen)
            appendGrouped(phone.subscriber, digits: digits, grouped: true)
        }
    }

    /// The e-mail address from the person's canonical names, style, number and domain.
    mutating func appendEmail(_ p: Person, names: [SwedishTables.Name]) {
        let given = names[Int(p.first)].bytes
        let surname = t.surnames[Int(p.surname)].bytes
        switch p.email.style {
        case 0, 4:
            ByteEdits.appendEmailFolded(given, to: &field)
            field.append(.period)
            ByteEdits.appendEmailFolded(surname, to: &field)
            if p.email.style == 4 { Self.appendDecimal(Int(p.year) % 100, to: &field, width: 2) }
        case 1:
            ByteEdits.appendEmailFolded(given, to: &field)
            ByteEdits.appendEmailFolded(surname, to: &field)
        case 2:
            ByteEdits.appendEmailFolded(given, to: &field)
            field.append(0x5F)
            ByteEdits.appendEmailFolded(surname, to: &field)
        case 3:
            ByteEdits.appendEmailFolded(Array(given.prefix(given.first ?? 0 >= 0xC0 ? 2 : 1)), to: &field)
            field.append(.period)
            ByteEdits.appendEmailFolded(surname, to: &field)
        case 5:
            ByteEdits.appendEmailFolded(given, to: &field)
            Self.appendDecimal(Int(p.email.number), to: &field)
        case 6:
            ByteEdits.appendEmailFolded(surname, to: &field)
            field.append(.period)
            ByteEdits.appendEmailFolded(given, to: &field)
        case 7:
            ByteEdits.appendEmailFolded(given, to: &field)
            ByteEdits.appendEmailFolded(surname, to: &field)
            Self.appendDecimal(Int(p.email.number), to: &field)
        default:
            field.append(contentsOf: Self.family)
            ByteEdits.appendEmailFolded(surname, to: &field)
        }
        field.append(.at)
        field.append(contentsOf: t.emailDomains[Int(p.email.domain)])
    }

    /// The personnummer (or samordningsnummer) in its 12- or 10-digit form, with or without `-`/`+`.
    mutating func appendPersonnummer(_ p: Person, short: Bool, separator: Bool) {
        let year = Int(p.year)
        let day = Int(p.day) + (p.coordination ? 60 : 0)
        let check = Self.luhnCheckDigit(yymmdd: (year % 100) * 10_000 + Int(p.month) * 100 + day,
                                        birthNumber: Int(p.birthNumber))
        Self.appendDecimal(short ? year % 100 : year, to: &field, width: short ? 2 : 4)
        Self.appendDecimal(Int(p.month), to: &field, width: 2)
        Self.appendDecimal(day, to: &field, width: 2)
        // The `+` of a 10-digit number is its century: it is never dropped (without it the number would
        // read as a person 100 years younger).
        let plus = short && c.referenceYear - year >= 100
        if separator || plus { field.append(plus ? .plus : .hyphen) }
        Self.appendDecimal(Int(p.birthNumber), to: &field, width: 3)
        Self.appendDecimal(check, to: &field)
    }

    /// The Luhn ("modulus 10, weights 2 and 1") check digit over `YYMMDDNNN`, as Skatteverket defines it.
    static func luhnCheckDigit(yymmdd: Int, birthNumber: Int) -> Int {
        // Digits from the right: positions 8, 6, 4, 2, 0 (from the left) have weight 2.
        var v = yymmdd * 1000 + birthNumber
        var sum = 0
        for i in stride(from: 8, through: 0, by: -1) {
            let product = (v % 10) * (i % 2 == 0 ? 2 : 1)
            sum += product / 10 + product % 10
            v /= 10
        }
        return (10 - sum % 10) % 10
    }

    /// The birth date as `YYYY-MM-DD` (style 0), `YYYYMMDD` (1) or `DD/MM/YYYY` (2).
    mutating func appendBirthDate(_ p: Person, style: Int) {
        if style == 2 {
            Self.appendDecimal(Int(p.day), to: &field, width: 2)
            field.append(.slash)
            Self.appendDecimal(Int(p.month), to: &field, width: 2)
            field.append(.slash)
            Self.appendDecimal(Int(p.year), to: &field, width: 4)
            return
        }
        Self.appendDecimal(Int(p.year), to: &field, width: 4)
        if style == 0 { field.append(.hyphen) }
        Self.appendDecimal(Int(p.month), to: &field, width: 2)
        if style == 0 { field.append(.hyphen) }
        Self.appendDecimal(Int(p.day), to: &field, width: 2)
    }
}
