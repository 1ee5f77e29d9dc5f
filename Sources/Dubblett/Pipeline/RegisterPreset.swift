/// The default comparisons and blocking rules for one kind of register, chosen from its columns.
///
/// A settings file that gives `comparisons` or `blocking_rules` keeps them; a preset fills in only what
/// the file left out. `preset` in the file forces one.
public enum RegisterPreset: String, CaseIterable, Sendable {
    /// Persons (B2C): the Swedish defaults, with a generic identifier column compared and blocked on when
    /// the register has one.
    case person
    /// Companies (B2B): company name, organisationsnummer, the contact person, switchboard, e-mail, address.
    case company

    /// The comparisons of a company register (eight: levels pack four bits each into 32).
    public static let companyComparisons: [ComparisonSpec] = [
        ComparisonSpec(.companyName), ComparisonSpec(.organisationsnummer), ComparisonSpec(.firstName),
        ComparisonSpec(.lastName), ComparisonSpec(.phone), ComparisonSpec(.email),
        ComparisonSpec(.street, high: 0.90), ComparisonSpec(.postalCode),
    ]

    /// The blocking rules of a company register: organisationsnummer, the stripped name, the switchboard,
    /// the e-mail address, and the name's first word within a postal code or with the contact's surname.
    public static let companyRules: [BlockingRule] = [
        BlockingRule([.organisationsnummer], windowOrder: [.companyName]),
        BlockingRule([.companyName], windowOrder: [.postalCode, .lastPhonetic]),
        BlockingRule([.phone], windowOrder: [.companyName]),
        BlockingRule([.email], windowOrder: [.companyName]),
        BlockingRule([.postalCode, .companyToken], windowOrder: [.companyName]),
        BlockingRule([.companyToken, .lastPhonetic], windowOrder: [.companyName]),
        BlockingRule([.postalCode, .street, .houseNumber], windowOrder: [.companyName]),
    ]

    /// Rules a person register without personnummer, phone and e-mail adds: birth date within a postal
    /// code, street and house number, birth date on a street.
    public static let addressRules: [BlockingRule] = [
        BlockingRule([.birthDate, .postalCode], windowOrder: [.lastPhonetic, .firstPhonetic]),
        BlockingRule([.street, .houseNumber], windowOrder: [.lastPhonetic, .birthDate]),
        BlockingRule([.birthDate, .street], windowOrder: [.lastPhonetic, .firstPhonetic]),
    ]

    /// The rule a person register without personnummer adds: street, house number and first name.
    public static let addressNameRule = BlockingRule(
        [.street, .houseNumber, .firstPhonetic], windowOrder: [.lastPhonetic, .birthDate])

    /// The preset chosen for a register and why, for `inspect` and the run's progress.
    public struct Choice: Sendable {
        public var preset: RegisterPreset
        public var reason: String
    }

    /// The preset a register's columns call for: `company` when a column holds company names
    /// (Företagsnamn, Företag, Company …), else `person`.
    public static func choose(_ store: RecordStore, forced: String? = nil) -> Choice {
        if let forced, let p = RegisterPreset(rawValue: forced) { return Choice(preset: p, reason: "set in the settings file") }
        if let c = store.column(for: .companyName) {
            return Choice(preset: .company, reason: "column \(c + 1) (\"\(store.columns[c].name)\") holds company names")
        }
        var reason = "no company-name column"
        if let c = store.column(for: .identifier) {
            reason += "; identifier column \(c + 1) (\"\(store.columns[c].name)\") is compared and blocked on"
        }
        return Choice(preset: .person, reason: reason)
    }
}

extension MatchSettings {
    /// These settings with the preset for `store` filling in whatever the settings file did not give.
    public func adapted(to store: RecordStore) -> (MatchSettings, RegisterPreset.Choice) {
        let choice = RegisterPreset.choose(store, forced: preset)
        var s = self
        let hasIdentifier = store.column(for: .identifier) != nil
        switch choice.preset {
        case .company:
            if !explicitComparisons { s.comparisons = RegisterPreset.companyComparisons }
            if !explicitBlockingRules { s.blockingRules = RegisterPreset.companyRules }
        case .person:
            if !explicitComparisons && hasIdentifier {
                // Eight comparisons at most: the identifier takes the place of an absent personnummer, or
                // is appended when there is room.
                if store.column(for: .personnummer) == nil, let p = s.comparisons.firstIndex(where: { $0.field == .personnummer }) {
                    s.comparisons[p] = ComparisonSpec(.identifier)
                } else if s.comparisons.count < 8 {
                    s.comparisons.append(ComparisonSpec(.identifier))
                }
            }
            // Gender takes the place of an absent personnummer that no identifier took, or is appended when
            // there is room: on a register without identifiers it tells a household's partners apart.
            if !explicitComparisons && store.column(for: .gender) != nil
                && !s.comparisons.contains(where: { $0.field == .gender })
            {
                if store.column(for: .personnummer) == nil,
                    let p = s.comparisons.firstIndex(where: { $0.field == .personnummer })
                {
                    s.comparisons[p] = ComparisonSpec(.gender)
                } else if s.comparisons.count < 8 {
                    s.comparisons.append(ComparisonSpec(.gender))
                }
            }
            if !explicitBlockingRules && hasIdentifier && !s.blockingRules.contains(where: { $0.parts == [.identifier] }) {
                let at = s.blockingRules.firstIndex(where: { $0.parts == [.personnummer] }).map { $0 + 1 } ?? 0
                s.blockingRules.insert(BlockingRule([.identifier], windowOrder: [.firstPhonetic, .lastPhonetic]), at: at)
            }
            // Without personnummer, phone and e-mail the person rules key on names alone; records whose names
            // were mistyped or left out then meet only through the address and the birth date. Without a
            // birth date an address rule pairs household members with nothing to tell them apart (the
            // sample with names and address only: precision 0.98 → 0.83), so it needs one.
            let strong: [FieldRole] = [.personnummer, .phone, .email]
            if !explicitBlockingRules && strong.allSatisfy({ store.column(for: $0) == nil })
                && store.column(for: .birthDate) != nil
            {
                s.blockingRules += RegisterPreset.addressRules
            }
            // Without personnummer a record whose postal code is missing or mistyped meets its duplicate at
            // the same address only through phone or e-mail; street, number and first name find it (household
            // members differ in first name, so they stay out of each other's buckets).
            if !explicitBlockingRules && store.column(for: .personnummer) == nil
                && !s.blockingRules.contains(where: { $0.parts == RegisterPreset.addressNameRule.parts })
            {
                s.blockingRules.append(RegisterPreset.addressNameRule)
            }
        }
        let (placed, notes) = s.placingDeclaredColumns(in: store)
        var c = choice
        if !notes.isEmpty { c.reason += "; " + notes.joined(separator: "; ") }
        return (placed, c)
    }
}
