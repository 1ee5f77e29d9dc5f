/// A register column the settings file declares with a kind, compared and blocked on like a built-in field.
///
/// The built-in roles (names, personnummer, address, …) cover Swedish person and company registers. Any
/// other column that tells records apart — a registration date, an amount, a membership category, a free
/// text remark — is declared under `extra_columns`:
///
/// ```yaml
/// extra_columns:
///   - { column: Registrerad, kind: date, days: 3 }      # name defaults to the folded header: registrerad
///   - { column: Medlem sedan, kind: date }               # medlem_sedan
///   - { column: Belopp, name: amount, kind: number, absolute: 5, relative: 0.01 }
///   - { column: Medlemstyp, kind: category }
///   - { column: Anteckning, kind: text, high: 0.8, low: 0.5 }
/// blocking_rules:
///   - { parts: [medlemstyp, last_name_phonetic] }
/// ```
///
/// Each declared column holds one fixed-width value per record in the `FeatureTable` (a day number and
/// date, a number, a hash; free text also eight token hashes), so comparing a pair reads integers and
/// allocates nothing. Its comparison takes part in training like any other field (m and u per level) and
/// shows in every pair's explanation under its `name`. At most `ExtraColumn.limit` columns are declared.
public struct ExtraColumn: Codable, Sendable, Hashable {
    /// What a declared column holds, which decides how it is read and compared.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// A date in any spelling `DateParser` reads, or a year alone (`1975`). Levels: null, exact, day and
        /// month swapped, within `days` days, same year, else. Two years alone agree exactly or not at all.
        case date
        /// A number (`1 234,50`, `-12.5`, `1,234.50`; a trailing unit is ignored). Levels: null, exact,
        /// within `absolute` or within `relative` of the larger magnitude, else.
        case number
        /// A category: the trimmed text, case and inner spacing ignored. Levels: null, exact, else.
        case category
        /// Free text: its words (letters and digits, case ignored). Levels: null, exact (the same words in the
        /// same order), token-set Jaccard ≥ `high`, ≥ `low`, else.
        case text

        /// The comparison field of this kind.
        public var field: ComparisonField {
            switch self {
            case .date: return .date
            case .number: return .number
            case .category: return .category
            case .text: return .text
            }
        }
    }

    /// The most columns a settings file may declare.
    public static let limit = 8
    /// The allowed range of a date column's `days`.
    public static let daysRange: ClosedRange<Int> = 0...3_660

    /// How comparisons, blocking rules and explanations refer to the column (letters, digits and `_`).
    public var name: String
    /// The register's header for the column (exact, or equal once folded like role headers), or its
    /// 1-based number.
    public var column: String
    public var kind: Kind
    /// Date: the tolerance of the "within days" level (0 turns the level off).
    public var days: Int
    /// Number: the largest absolute difference of the "within tolerance" level.
    public var absolute: Double
    /// Number: the largest difference relative to the larger magnitude (0.01 = 1 %).
    public var relative: Double
    /// Text: the token-set thresholds of the high and low levels.
    public var high: Double
    public var low: Double
    /// Whether the column is compared when the settings file gives no `comparisons` (it can still be
    /// blocked on when false).
    public var compare: Bool

    public init(
        name: String? = nil, column: String, kind: Kind, days: Int = 0, absolute: Double = 0, relative: Double = 0,
        high: Double = 0.8, low: Double = 0.5, compare: Bool = true
    ) {
        self.name = name ?? Self.defaultName(column)
        self.column = column
        self.kind = kind
        self.days = days
        self.absolute = absolute
        self.relative = relative
        self.high = high
        self.low = low
        self.compare = compare
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, column, kind, days, absolute, relative, high, low, compare
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let column: String
        if let text = try? c.decode(String.self, forKey: .column) {
            column = text
        } else {
            column = String(try c.decode(Int.self, forKey: .column))
        }
        self.init(
            name: try c.decodeIfPresent(String.self, forKey: .name), column: column,
            kind: try c.decode(Kind.self, forKey: .kind), days: try c.decodeIfPresent(Int.self, forKey: .days) ?? 0,
            absolute: try c.decodeIfPresent(Double.self, forKey: .absolute) ?? 0,
            relative: try c.decodeIfPresent(Double.self, forKey: .relative) ?? 0,
            high: try c.decodeIfPresent(Double.self, forKey: .high) ?? 0.8,
            low: try c.decodeIfPresent(Double.self, forKey: .low) ?? 0.5,
            compare: try c.decodeIfPresent(Bool.self, forKey: .compare) ?? true)
    }

    /// The name a declaration without one gets: its header folded like role headers, each run of other
    /// characters one `_` (`join_date` and `Join Date` → `join_date`, `Födelseår` → `fodelsear`).
    public static func defaultName(_ header: String) -> String {
        var out = ""
        for ch in header {
            let folded = HeaderRoles.fold(String(ch))
            if !folded.isEmpty {
                out += folded
            } else if !out.isEmpty && !out.hasSuffix("_") {
                out += "_"
            }
        }
        while out.hasSuffix("_") { out.removeLast() }
        return out
    }

    /// The comparison of this column, with its tolerances.
    public var comparison: ComparisonSpec {
        var s = ComparisonSpec(kind.field, high: high, low: low)
        s.column = name
        s.days = days
        s.absolute = absolute
        s.relative = relative
        return s
    }

    /// The store column this declaration names: the header exactly, else the header folded (`Födelseår` and
    /// `fodelsear` agree), else a 1-based column number; nil when the register has no such column.
    public func index(in store: RecordStore) -> Int? {
        if let c = store.column(named: column) { return c }
        let folded = HeaderRoles.fold(column)
        if !folded.isEmpty, let c = store.columns.firstIndex(where: { HeaderRoles.fold($0.name) == folded }) { return c }
        if let k = Int(column), k >= 1, k <= store.columns.count { return k - 1 }
        return nil
    }

    /// Problems with this declaration (index `i` in `extra_columns`), each with what to do.
    func problems(at i: Int) -> [String] {
        let at = "extra_columns[\(i)]"
        var p: [String] = []
        if name.isEmpty || !name.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 &- 0x30 < 10) || $0 == 0x5F }) {
            p.append("\(at).name: \"\(name)\" must be lower-case letters a–z, digits and _ (it names the column in "
                + "comparisons, blocking rules and the pairs file)")
        } else if ComparisonField(rawValue: name) != nil || BlockKeyPart(rawValue: name) != nil {
            p.append("\(at).name: \"\(name)\" is the name of a built-in field; give the column another name")
        }
        if column.isEmpty { p.append("\(at).column: empty; give the column's header or its 1-based number") }
        if !Self.daysRange.contains(days) {
            p.append("\(at).days: \(days) is out of range; give a whole number from 0 to \(Self.daysRange.upperBound)")
        }
        if !(absolute.isFinite && absolute >= 0) { p.append("\(at).absolute: \(absolute) must be a number ≥ 0") }
        if !(relative.isFinite && relative >= 0 && relative <= 1) {
            p.append("\(at).relative: \(relative) must be a number from 0 to 1 (0.01 = 1 %)")
        }
        if !(high > 0 && high <= 1) { p.append("\(at).high: must be in (0, 1], got \(high)") }
        if !(low > 0 && low <= high) { p.append("\(at).low: must be in (0, high], got \(low)") }
        return p
    }

    /// Folded headers of a year-of-birth column (`Födelseår`, `birth_year`, `YOB`): such a column is taken as
    /// a date column compared at year level when the settings do not declare it.
    public static let birthYearHeaders: Set<String> = [
        "fodelsear", "fodar", "arfodd", "birthyear", "yearofbirth", "yob", "byear",
    ]
}
