/// Roles for columns whose header names none, from their values.
///
/// Registers from other systems name their columns in ways no synonym list covers ("pers_id_nr",
/// "kontakt_epost", a headerless export's `column_4`). A personnummer, e-mail or phone column the engine
/// does not see costs most of its recall, so each unroled column is sampled (up to 1,000 evenly spaced
/// rows) and takes the first role, in the order personnummer, e-mail, phone, postal address
/// (`114 53 Stockholm`: a "Postadress" header means this line in some registers and the street in
/// others, so only the values can tell), organisationsnummer, whose
/// parser accepts at least 90 % of its non-empty sampled values (at least 3 of them). A role a header
/// already claimed is never given again, and the first column wins among several candidates.
///
/// Only distinctive formats are inferred (a check digit, an `@`, a Swedish number plan, five digits then
/// a place name). Dates (a registration date is not a birth date), postal codes (five-digit customer
/// numbers) and names (first, last and city all look alike) are left to headers and `--column`.
/// `dubblett inspect` marks inferred roles; `ReadOptions.inferRoles = false` (`--no-role-inference`)
/// turns this off.
///
/// - Complexity: O(columns × 1,000) parses; allocates one scratch buffer.
public enum RoleInference {
    /// The roles tried, in order.
    static let candidates: [FieldRole] = [.personnummer, .email, .phone, .postalAddress, .organisationsnummer]
    /// Rows sampled per column, at most.
    static let sampleRows = 1_000

    /// Column index → inferred role, for columns without a role.
    public static func infer(_ store: RecordStore) -> [Int: FieldRole] {
        let rows = store.rowCount
        guard rows > 0 else { return [:] }
        var taken = Set(store.columns.compactMap(\.role))
        var result: [Int: FieldRole] = [:]
        let step = max(1, rows / sampleRows)
        let reference = NormaliseSupport.today
        var scratch = [UInt8](repeating: 0, count: 1024)
        for (column, info) in store.columns.enumerated() where info.role == nil {
            var filled = 0
            var accepted = [Int](repeating: 0, count: candidates.count)
            var row = 0
            while row < rows {
                let field = store.field(row: row, column: column)
                row += step
                if NormaliseSupport.trimmed(field).isEmpty { continue }
                filled += 1
                if scratch.count < 3 * field.count + 16 { scratch = [UInt8](repeating: 0, count: 3 * field.count + 16) }
                for (k, role) in candidates.enumerated() where !taken.contains(role) {
                    if scratch.withUnsafeMutableBufferPointer({ accepts(role, field, reference: reference, scratch: $0) }) {
                        accepted[k] += 1
                    }
                }
            }
            guard filled >= 3 else { continue }
            if let k = candidates.indices.first(where: { !taken.contains(candidates[$0]) && accepted[$0] * 10 >= filled * 9 }) {
                result[column] = candidates[k]
                taken.insert(candidates[k])
            }
        }
        return result
    }

    /// Whether `role`'s parser accepts `field` as a valid value.
    static func accepts(
        _ role: FieldRole, _ field: UnsafeRawBufferPointer, reference: Int32, scratch: UnsafeMutableBufferPointer<UInt8>
    ) -> Bool {
        switch role {
        case .personnummer:
            if case .valid = Personnummer.parse(field, referenceDate: reference) { return true }
        case .email:
            switch EmailAddress.normalise(field, into: scratch) {
            case .valid, .suspectedTypo: return true
            default: return false
            }
        case .phone:
            if case .valid = PhoneNumber.parse(field) { return true }
        case .organisationsnummer:
            if case .valid = Organisationsnummer.parse(field) { return true }
        case .postalAddress:
            // The shape decides (five digits, then a place name); `validate` checks the code itself.
            return PostalCode.splitAddress(field) != nil
        default: return false
        }
        return false
    }
}
