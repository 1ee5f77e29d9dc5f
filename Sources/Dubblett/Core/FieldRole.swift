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
    /// A company's organisationsnummer (B2B registers); validated and washed; compared (with a veto when two
    /// differ) by the company preset.
    case organisationsnummer
    /// Postal code and postort in one column (`114 53 Stockholm`, the "postadress" line of a Swedish
    /// address); used for the postal code and the city when those have no column of their own.
    case postalAddress = "postal_address"
    /// Any other identifier of the record's entity (a customer or member number, `soc_sec_id`): compared
    /// exactly, one edit or one transposition apart; a contradiction vetoes a merge only when the settings say so.
    case identifier
    /// A company's name (B2B registers); compared with its legal form (AB, HB, Ek. för. …) stripped.
    case companyName = "company_name"
    /// The house number in a column of its own (FEBRL's `street_number`); fills the street's number.
    case houseNumber = "house_number"
    /// Gender (kön): M/K, man/kvinna, male/female; compared (same or not) on person registers without personnummer.
    case gender
}
