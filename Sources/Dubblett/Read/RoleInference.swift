/// Roles for columns whose header names none, from their values.
///
/// Registers from other systems name their columns in ways no synonym list covers ("pers_id_nr",
/// "kontakt_epost", a headerless export's `column_4`). A personnummer, e-mail or phone column the engine
/// does not see costs most of its recall, so each unroled column is sampled (up to 1,000 evenly spaced
/// rows) and takes the first role, in the order personnummer, e-mail, phone, postal address
/// (`114 53 Stockholm`: a "Postadress" header means this line in some registers and the street in
/// others, so only the values can tell), organisationsnummer, whose test accepts at least 90 % of its
/// non-empty sampled values (at least 3 of them). A role a header or `--column` already claimed (or
/// ruled out with `--column role=-`) is never given, and the first column wins among several.
///
/// The tests are stricter than the parsers, because a wrong role is worse than none:
/// - phone: a Swedish mobile or landline written with its trunk prefix (`0`, `+46`, `0046`), and at
///   least a quarter of the accepted values mobiles — zero-padded customer numbers parse as landlines
///   or foreign numbers, and first-of-month dates as service numbers, but they are never mobiles;
/// - postal address: a valid postal code, then a place name without digits, with at least two
///   different place names once ten values are sampled (`32500 kr` is a salary);
/// - columns whose header names another person (vårdnadshavare, förälder, kontaktperson, referens,
///   anhörig, guardian, parent, emergency …) are never given a role: a guardian's e-mail is not the
///   member's.
///
/// Dates (a registration date is not a birth date), bare postal codes (five-digit customer numbers) and
/// names (first, last and city all look alike) are left to headers and `--column`. `dubblett inspect`
/// marks inferred roles; `ReadOptions.inferRoles = false` (`--no-role-inference`) turns this off, and
/// `validate --output` reports inferred columns but copies their values unchanged.
///
/// - Complexity: O(columns × 1,000) parses; allocates one scratch buffer.
public enum RoleInference {
    /// The roles tried, in order.
    static let candidates: [FieldRole] = [.personnummer, .email, .phone, .postalAddress, .organisationsnummer]
    /// Rows sampled per column, at most.
    static let sampleRows = 1_000
    /// Folded header fragments that name someone other than the record's own person.
    static let otherPersonWords = [
        "vardnadshavare", "foralder", "malsman", "anhorig", "kontaktperson", "referens", "narstaende",
        "guardian", "parent", "emergency", "nextofkin", "reference", "contactperson", "arbetsgivare", "employer",
    ]

    /// Column index → inferred role, for columns without a role. `excluded` roles (`--column role=-`)
    /// are never given.
    public static func infer(_ store: RecordStore, excluded: Set<FieldRole> = []) -> [Int: FieldRole] {
        let rows = store.rowCount
        guard rows > 0 else { return [:] }
        var taken = Set(store.columns.compactMap(\.role)).union(excluded)
        var result: [Int: FieldRole] = [:]
        let step = max(1, (rows + sampleRows - 1) / sampleRows)
        let reference = NormaliseSupport.today
        var scratch = [UInt8](repeating: 0, count: 1024)
        for (column, info) in store.columns.enumerated() where info.role == nil && info.alternateFor == nil {
            let header = HeaderRoles.fold(info.name)
            if otherPersonWords.contains(where: { header.contains($0) }) { continue }
            var filled = 0
            var accepted = [Int](repeating: 0, count: candidates.count)
            var mobiles = 0
            var places = Set<UInt64>()
            var row = 0
            while row < rows {
                let field = store.field(row: row, column: column)
                row += step
                if NormaliseSupport.trimmed(field).isEmpty { continue }
                filled += 1
                if scratch.count < 3 * field.count + 16 { scratch = [UInt8](repeating: 0, count: 3 * field.count + 16) }
                for (k, role) in candidates.enumerated() where !taken.contains(role) {
                    let verdict = scratch.withUnsafeMutableBufferPointer {
                        accepts(role, field, reference: reference, scratch: $0)
                    }
                    guard verdict.accepted else { continue }
                    accepted[k] += 1
                    if verdict.mobile { mobiles += 1 }
                    if let place = verdict.place, places.count < 2 { places.insert(place) }
                }
            }
            guard filled >= 3 else { continue }
            let fits = candidates.indices.first { k in
                let role = candidates[k]
                guard !taken.contains(role), accepted[k] * 10 >= filled * 9 else { return false }
                switch role {
                case .phone: return mobiles * 4 >= accepted[k]
                case .postalAddress: return filled < 10 || places.count >= 2
                default: return true
                }
            }
            if let k = fits {
                result[column] = candidates[k]
                taken.insert(candidates[k])
            }
        }
        return result
    }

    /// Whether `role`'s test accepts `field`; for phones also whether it is a mobile, for postal
    /// addresses a hash of the place name.
    static func accepts(
        _ role: FieldRole, _ field: UnsafeRawBufferPointer, reference: Int32, scratch: UnsafeMutableBufferPointer<UInt8>
    ) -> (accepted: Bool, mobile: Bool, place: UInt64?) {
        let no = (accepted: false, mobile: false, place: UInt64?.none)
        switch role {
        case .personnummer:
            if case .valid = Personnummer.parse(field, referenceDate: reference) { return (true, false, nil) }
        case .email:
            switch EmailAddress.normalise(field, into: scratch) {
            case .valid, .suspectedTypo: return (true, false, nil)
            default: return no
            }
        case .phone:
            let t = NormaliseSupport.trimmed(field)
            guard field[t.lowerBound] == 0x30 || field[t.lowerBound] == 0x2B else { return no }  // 0 or +
            if case .valid(_, let kind) = PhoneNumber.parse(field), kind == .mobile || kind == .landline {
                return (true, kind == .mobile, nil)
            }
        case .postalAddress:
            guard let address = PostalCode.parseAddress(field), case .valid = address.code,
                  !field[address.city].contains(where: { $0 &- 0x30 < 10 })
            else { return no }
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            for b in field[address.city] { h = (h ^ UInt64(b | 0x20)) &* 0x100_0000_01B3 }
            return (true, false, h)
        case .organisationsnummer:
            if case .valid = Organisationsnummer.parse(field) { return (true, false, nil) }
        default: return no
        }
        return no
    }
}
