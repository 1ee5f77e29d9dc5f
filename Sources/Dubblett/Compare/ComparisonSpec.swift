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
    /// A declared date column (`ExtraColumn.Kind.date`; the spec's `column` names it). Levels: null, exact,
    /// day and month swapped, within `days` days, same year, else.
    case date
    /// A declared number column. Levels: null, exact, within the absolute or relative tolerance, else.
    case number
    /// A declared category column. Levels: null, exact, else.
    case category
    /// A declared free-text column. Levels: null, exact, token-set ≥ `high`, token-set ≥ `low`, else.
    case text

    /// The number of levels, null and else included.
    public var levelCount: Int {
        switch self {
        case .firstName, .lastName, .street: return 5
        case .birthDate, .personnummer, .postalCode, .identifier, .organisationsnummer: return 4
        case .phone, .email, .city, .gender, .category: return 3
        case .companyName, .text: return 5
        case .date: return 6
        case .number: return 4
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
        case .date: return ["null", "exact", "day_month_swapped", "within_days", "same_year", "else"]
        case .number: return ["null", "exact", "within_tolerance", "else"]
        case .category: return ["null", "exact", "else"]
        case .text: return ["null", "exact", "token_set_high", "token_set_low", "else"]
        }
    }

    /// Whether level 1 (exact) can use a term-frequency adjustment.
    public var hasTermFrequency: Bool { self == .firstName || self == .lastName }

    /// Whether the field compares a column declared in the settings (`ExtraColumn`), named by the spec's `column`.
    public var isDeclared: Bool { self == .date || self == .number || self == .category || self == .text }

    /// The default `high` and `low` thresholds (free text is compared by token-set Jaccard, which runs lower
    /// than Jaro-Winkler).
    var defaultThresholds: (high: Double, low: Double) { self == .text ? (0.8, 0.5) : (0.94, 0.85) }
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
    /// The declared column (`ExtraColumn.name`) a date, number, category or text comparison reads; nil otherwise.
    public var column: String?
    /// Date: the tolerance in days of the "within days" level.
    public var days: Int = 0
    /// Number: the absolute and relative tolerances of the "within tolerance" level.
    public var absolute: Double = 0
    public var relative: Double = 0

    public init(_ field: ComparisonField, high: Double? = nil, low: Double? = nil, termFrequency: Bool? = nil) {
        self.field = field
        self.high = high ?? field.defaultThresholds.high
        self.low = low ?? field.defaultThresholds.low
        self.termFrequency = termFrequency ?? field.hasTermFrequency
    }

    /// How explanations, the pairs file and reports name the comparison: the declared column's name, else the field.
    public var name: String { column ?? field.rawValue }

    private enum CodingKeys: String, CodingKey {
        case field, high, low, termFrequency = "term_frequency", column, days, absolute, relative
    }

    /// Decodes a comparison. `field` is a built-in field or the name of a declared column (the decoder's
    /// `userInfo[.extraColumns]`, set while a settings file is read), which takes its kind and tolerances.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let text = try c.decode(String.self, forKey: .field)
        var declared: ExtraColumn?
        if let f = ComparisonField(rawValue: text) {
            field = f
            column = try c.decodeIfPresent(String.self, forKey: .column)
        } else if let extra = (decoder.userInfo[.extraColumns] as? [ExtraColumn])?.first(where: { $0.name == text }) {
            field = extra.kind.field
            column = extra.name
            declared = extra
        } else {
            let names = (decoder.userInfo[.extraColumns] as? [ExtraColumn])?.map(\.name) ?? []
            throw DecodingError.dataCorruptedError(
                forKey: .field, in: c,
                debugDescription: "unknown field \"\(text)\"; use one of "
                    + (ComparisonField.allCases.filter { !$0.isDeclared }.map(\.rawValue) + names).joined(separator: ", "))
        }
        high = try c.decodeIfPresent(Double.self, forKey: .high) ?? declared?.high ?? field.defaultThresholds.high
        low = try c.decodeIfPresent(Double.self, forKey: .low) ?? declared?.low ?? field.defaultThresholds.low
        termFrequency = try c.decodeIfPresent(Bool.self, forKey: .termFrequency) ?? field.hasTermFrequency
        days = try c.decodeIfPresent(Int.self, forKey: .days) ?? declared?.days ?? 0
        absolute = try c.decodeIfPresent(Double.self, forKey: .absolute) ?? declared?.absolute ?? 0
        relative = try c.decodeIfPresent(Double.self, forKey: .relative) ?? declared?.relative ?? 0
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(field, forKey: .field)
        for (key, value) in [(CodingKeys.high, high), (.low, low)] { try c.encode(value, forKey: key) }
        try c.encode(termFrequency, forKey: .termFrequency)
        guard field.isDeclared else { return }
        try c.encodeIfPresent(column, forKey: .column)
        if field == .date { try c.encode(days, forKey: .days) }
        if field == .number {
            try c.encode(absolute, forKey: .absolute)
            try c.encode(relative, forKey: .relative)
        }
    }

    /// The default comparisons for a Swedish person register (at most eight: levels pack into 32 bits).
    public static let swedishDefaults: [ComparisonSpec] = [
        ComparisonSpec(.firstName), ComparisonSpec(.lastName), ComparisonSpec(.birthDate),
        ComparisonSpec(.personnummer), ComparisonSpec(.phone), ComparisonSpec(.email),
        ComparisonSpec(.street, high: 0.90), ComparisonSpec(.postalCode),
    ]
}

extension CodingUserInfoKey {
    /// The settings file's declared columns (`[ExtraColumn]`), while its comparisons and blocking rules decode.
    public static let extraColumns = CodingUserInfoKey(rawValue: "dubblett.extraColumns")!
}

/// A pair's comparison levels packed four bits per field into a `UInt32` (field `i` in bits `4i..<4i+4`).
public struct LevelVector: Hashable, Sendable {
    public var raw: UInt32
    @inlinable public init(raw: UInt32) { self.raw = raw }
    /// The level of field `i`.
    @inlinable @inline(__always) public subscript(i: Int) -> Int { Int((raw >> UInt32(4 * i)) & 0xF) }
}
