/// What a register column means to the engine, whatever its header says.
///
/// The reader maps header names to roles (Swedish and English, case- and accent-insensitive);
/// `--column role=header` overrides. Columns without a role are carried through untouched.
public enum FieldRole: String, CaseIterable, Sendable, Codable, Hashable {
    case id
    case firstName = "first_name"
    case lastName = "last_name"
    /// A single full-name column ("namn"), used when first and last names are not separate.
    case fullName = "name"
    case street
    case postalCode = "postal_code"
    case city
    case phone
    case email
    case personnummer
    case birthDate = "birth_date"
    /// A company's organisationsnummer (B2B registers); validated and washed, not used for matching.
    case organisationsnummer
    /// Postal code and postort in one column (`114 53 Stockholm`, the "postadress" line of a Swedish
    /// address); used for the postal code and the city when those have no column of their own.
    case postalAddress = "postal_address"
}
