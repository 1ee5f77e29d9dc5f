import Dubblett

/// Rendering for the register-care reference data: SPAR-shaped rows (canonical, upper-case postort)
/// and customer rows whose shown fields are decided by the caller (so the truth knows what is shown).
extension RecordRenderer {
    /// Appends a street address to `field`: canonical, or with the register corruptions of the config.
    mutating func appendStreet(_ a: Address, corrupt: Bool, flat: Bool, _ rng: inout SplitMix64) {
        if a.named >= 0 {
            field.append(contentsOf: t.namedStreets[Int(a.named)])
        } else {
            field.append(contentsOf: t.streetStems[Int(a.stem)])
            appendSuffix(Int(a.suffix), abbreviate: corrupt && rng.chance(c.streetAbbreviationRate), &rng)
        }
        field.append(.space)
        Self.appendDecimal(Int(a.number), to: &field)
        let variant = corrupt && rng.chance(c.addressFormatVariantRate)
        if a.letter != 0 { field.append(variant && rng.chance(0.5) ? a.letter | 0x20 : a.letter) }
        if flat && a.flat != 0 {
            if variant { field.append(.comma) }
            field.append(.space)
            field.append(contentsOf: Self.lgh)
            Self.appendDecimal(Int(a.flat), to: &field)
        }
    }

    /// Appends the postal code `NNN NN` (or `NNNNN`) to `field`.
    mutating func appendPostalCode(_ a: Address, space: Bool) {
        Self.appendDecimal(t.postal[Int(a.postal)].prefix, to: &field, width: 3)
        if space { field.append(.space) }
        Self.appendDecimal(Int(a.postalTail), to: &field, width: 2)
    }

    /// Appends a date `YYYY-MM-DD` from yyyymmdd to `field`.
    mutating func appendISODate(_ yyyymmdd: Int32) {
        let v = Int(yyyymmdd)
        Self.appendDecimal(v / 10_000, to: &field, width: 4)
        field.append(.hyphen)
        Self.appendDecimal(v / 100 % 100, to: &field, width: 2)
        field.append(.hyphen)
        Self.appendDecimal(v % 100, to: &field, width: 2)
    }

    /// One SPAR-shaped row: `personnummer,förnamn,mellannamn,efternamn,c/o,utdelningsadress,postnummer,
    /// postort,avliden,utvandrad,skyddad`. Protected and emigrated persons have no address.
    mutating func appendReferenceRow(_ p: Person, fate: ReferenceFate, date: Int32, careOf: Int32) {
        var rng = SplitMix64(seed: 0)
        field.removeAll(keepingCapacity: true)
        appendPersonnummer(p, short: false, separator: false)
        emit(field, last: false)
        let names = p.female ? t.female : t.male
        field.removeAll(keepingCapacity: true)
        field.append(contentsOf: names[Int(p.first)].bytes)
        if p.second >= 0 {
            field.append(.space)
            field.append(contentsOf: names[Int(p.second)].bytes)
        }
        emit(field, last: false)
        emit([], last: false)  // mellannamn
        field.removeAll(keepingCapacity: true)
        field.append(contentsOf: t.surnames[Int(p.surname)].bytes)
        if p.surname2 >= 0 {
            field.append(.hyphen)
            field.append(contentsOf: t.surnames[Int(p.surname2)].bytes)
        }
        emit(field, last: false)
        let hidden = fate == .protected || fate == .emigrated
        field.removeAll(keepingCapacity: true)
        if careOf >= 0 && !hidden {
            field.append(contentsOf: Array("c/o ".utf8))
            field.append(contentsOf: t.surnames[Int(careOf)].bytes)
        }
        emit(field, last: false)
        field.removeAll(keepingCapacity: true)
        if !hidden { appendStreet(p.address, corrupt: false, flat: true, &rng) }
        emit(field, last: false)
        field.removeAll(keepingCapacity: true)
        if !hidden { appendPostalCode(p.address, space: true) }
        emit(field, last: false)
        field.removeAll(keepingCapacity: true)
        if !hidden {
            field.append(contentsOf: t.postal[Int(p.address.postal)].town)
            ByteEdits.uppercase(&field)
        }
        emit(field, last: false)
        field.removeAll(keepingCapacity: true)
        if fate == .deceased { appendISODate(date) }
        emit(field, last: false)
        field.removeAll(keepingCapacity: true)
        if fate == .emigrated { appendISODate(date) }
        emit(field, last: false)
        emit(fate == .protected ? [74] : [], last: true)  // "J"
    }

    /// What a customer row shows of its person.
    struct CustomerShown {
        var personnummer: Bool
        var personnummerBroken: Bool
        var birthDate: Bool
        var phone: Bool
    }

    /// One customer row: `kundnr,förnamn,efternamn,gatuadress,postnummer,postort,telefon,e-post,
    /// personnummer,födelsedatum`, with the name, address and format corruptions of the config.
    mutating func appendCustomerRow(
        _ p: Person, id: Int, shown: CustomerShown, _ rng: inout SplitMix64
    ) {
        let diacritics = rng.chance(c.diacriticLossRate) ? (rng.chance(c.diacriticTransliterationShare) ? 2 : 1) : 0
        field.removeAll(keepingCapacity: true)
        Self.appendDecimal(id, to: &field)
        emit(field, last: false)
        renderNames(p, diacritics: diacritics, &rng)
        emit(first, last: false)
        emit(last, last: false)
        field.removeAll(keepingCapacity: true)
        appendStreet(p.address, corrupt: true, flat: !rng.chance(c.flatNumberOmittedRate), &rng)
        finishText(&field, diacritics: diacritics, typo: true, caseChange: true, &rng)
        emit(field, last: false)
        field.removeAll(keepingCapacity: true)
        appendPostalCode(p.address, space: !rng.chance(c.postalCodeNoSpaceRate))
        emit(field, last: false)
        field.removeAll(keepingCapacity: true)
        field.append(contentsOf: t.postal[Int(p.address.postal)].town)
        if diacritics != 0 { ByteEdits.loseDiacritics(&field, transliterate: diacritics == 2) }
        if rng.chance(c.caseChangeRate * 2) { ByteEdits.uppercase(&field) }
        emit(field, last: false)
        field.removeAll(keepingCapacity: true)
        if shown.phone { appendPhone(p.phone, style: rng.chance(c.phoneFormatVariantRate) ? 1 + rng.below(8) : 0) }
        emit(field, last: false)
        field.removeAll(keepingCapacity: true)
        if p.email.present { appendEmail(p, names: p.female ? t.female : t.male) }
        emit(field, last: false)
        field.removeAll(keepingCapacity: true)
        if shown.personnummer {
            appendPersonnummer(p, short: rng.chance(c.personnummerShortFormRate),
                               separator: !rng.chance(c.personnummerNoSeparatorRate))
            if shown.personnummerBroken {
                // A wrong check digit: the number no longer validates.
                let i = field.count - 1
                field[i] = 48 + (field[i] - 48 + 1 + UInt8(rng.below(9))) % 10
            }
        }
        emit(field, last: false)
        field.removeAll(keepingCapacity: true)
        if shown.birthDate { appendBirthDate(p, style: rng.chance(c.birthDateFormatVariantRate) ? 1 + rng.below(2) : 0) }
        emit(field, last: true)
    }
}

/// What became of a person of the reference extract.
enum ReferenceFate: UInt8 {
    case alive, deceased, emigrated, protected
}
