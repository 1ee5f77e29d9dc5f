/// A field the engine compares, each with its own ordered list of levels.
///
/// Levels are small integers; level 0 is always "null" (either record lacks the value), which
/// carries no weight. The last level is always "else" (disagree).
public enum ComparisonField: String, Codable, Sendable, CaseIterable {
    /// Levels: null, exact, Jaro-Winkler ≥ `high`, Jaro-Winkler ≥ `low` or same phonetic key or a
    /// shared first token, else. Swapped first and last names count as the Jaro-Winkler ≥ `high` level.
    case firstName = "first_name"
    /// Levels: null, exact, Jaro-Winkler ≥ `high`, Jaro-Winkler ≥ `low` or same phonetic key, else.
    case lastName = "last_name"
    /// Levels: null, exact, close (one digit differs, or day and month transposed), else.
    case birthDate = "birth_date"
    /// Levels: null, exact, one digit differs or two adjacent digits transposed, else.
    case personnummer
    /// Levels: null, exact, else.
    case phone
    /// Levels: null, exact, else.
    case email
    /// Levels: null, same street name and number, similar name (Jaro-Winkler ≥ `high`) and same
    /// number, similar name and other number, else.
    case street
    /// Levels: null, exact, same first three digits, else.
    case postalCode = "postal_code"
    /// Levels: null, exact, else.
    case city
    /// A generic identifier column (customer number, `soc_sec_id`). Levels: null, exact, one digit changed,
    /// two adjacent digits swapped or one dropped, else.
    case identifier
    /// Levels: null, exact, one digit or one adjacent swap apart, else.
    case organisationsnummer
    /// Company name with the legal form stripped. Levels: null, exact, token-set ≥ `high` with as many words,
    /// token-set ≥ `low` (or one name's words inside the other's), else.
    case companyName = "company_name"
    /// Gender (`GenderValue`). Levels: null, same, else.
    case gender

    /// The number of levels, null and else included.
    public var levelCount: Int {
        switch self {
        case .firstName, .lastName, .street: return 5
        case .birthDate, .personnummer, .postalCode, .identifier, .organisationsnummer: return 4
        case .phone, .email, .city, .gender: return 3
        case .companyName: return 5
        }
    }

    /// Human-readable level names, for explanations.
    public var levelNames: [String] {
        switch self {
        case .firstName: return ["null", "exact", "jw_high", "jw_low_or_phonetic", "else"]
        case .lastName: return ["null", "exact", "jw_high", "jw_low_or_phonetic", "else"]
        case .birthDate: return ["null", "exact", "one_off_or_transposed", "else"]
        case .personnummer: return ["null", "exact", "one_digit_or_transposed", "else"]
        case .phone, .email, .city, .gender: return ["null", "exact", "else"]
        case .street: return ["null", "exact", "similar_same_number", "similar_other_number", "else"]
        case .postalCode: return ["null", "exact", "same_area", "else"]
        case .identifier: return ["null", "exact", "one_edit", "else"]
        case .organisationsnummer: return ["null", "exact", "one_digit_or_transposed", "else"]
        case .companyName: return ["null", "exact", "token_set_high", "token_set_low_or_subset", "else"]
        }
    }

    /// Whether level 1 (exact) can use a term-frequency adjustment.
    public var hasTermFrequency: Bool { self == .firstName || self == .lastName }
}

/// One field's comparison and its thresholds.
public struct ComparisonSpec: Codable, Sendable, Hashable {
    public var field: ComparisonField
    /// Upper Jaro-Winkler threshold (names, street).
    public var high: Double
    /// Lower Jaro-Winkler threshold (names).
    public var low: Double
    /// Whether exact agreement on a common value weighs less than on a rare one.
    public var termFrequency: Bool

    public init(_ field: ComparisonField, high: Double = 0.94, low: Double = 0.85, termFrequency: Bool? = nil) {
        self.field = field
        self.high = high
        self.low = low
        self.termFrequency = termFrequency ?? field.hasTermFrequency
    }

    private enum CodingKeys: String, CodingKey { case field, high, low, termFrequency = "term_frequency" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        field = try c.decode(ComparisonField.self, forKey: .field)
        high = try c.decodeIfPresent(Double.self, forKey: .high) ?? 0.94
        low = try c.decodeIfPresent(Double.self, forKey: .low) ?? 0.85
        termFrequency = try c.decodeIfPresent(Bool.self, forKey: .termFrequency) ?? field.hasTermFrequency
    }

    /// The default comparisons for a Swedish person register (at most eight: levels pack into 32 bits).
    public static let swedishDefaults: [ComparisonSpec] = [
        ComparisonSpec(.firstName), ComparisonSpec(.lastName), ComparisonSpec(.birthDate),
        ComparisonSpec(.personnummer), ComparisonSpec(.phone), ComparisonSpec(.email),
        ComparisonSpec(.street, high: 0.90), ComparisonSpec(.postalCode),
    ]
}

/// A pair's comparison levels packed four bits per field into a `UInt32` (field `i` in bits `4i..<4i+4`).
public struct LevelVector: Hashable, Sendable {
    public var raw: UInt32
    @inlinable public init(raw: UInt32) { self.raw = raw }
    /// The level of field `i`.
    @inlinable @inline(__always) public subscript(i: Int) -> Int { Int((raw >> UInt32(4 * i)) & 0xF) }
}
