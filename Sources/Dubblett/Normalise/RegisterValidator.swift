/// How bad a validation finding is.
public enum ValidationSeverity: String, Sendable, Codable, Hashable {
    /// The value cannot be used (bad check digit, impossible date, wrong length, …).
    case invalid
    /// The value is usable but probably wrong (provider typo, ambiguous date, digits in a name, …).
    case suspicious
}

/// Which Swedish check a column gets, from its role.
public enum ValidationCheck: String, Sendable, Codable, Hashable, CaseIterable {
    case personnummer, phone, postalCode = "postal_code", email, birthDate = "birth_date", name, street
    case organisationsnummer
    case postalAddress = "postal_address"

    /// The check for a column role, or nil for columns that are only counted (id, city).
    public init?(role: FieldRole) {
        switch role {
        case .personnummer: self = .personnummer
        case .phone: self = .phone
        case .postalCode: self = .postalCode
        case .email: self = .email
        case .birthDate: self = .birthDate
        case .firstName, .lastName, .fullName: self = .name
        case .street: self = .street
        case .organisationsnummer: self = .organisationsnummer
        case .postalAddress: self = .postalAddress
        case .id, .city, .identifier, .companyName, .houseNumber, .gender: return nil
        }
    }

    /// The reasons this check can report, indexed by reason code − 1.
    public var reasons: [(reason: String, severity: ValidationSeverity)] {
        switch self {
        case .personnummer: PersonnummerProblem.allCases.map { ($0.reason, .invalid) }
        case .phone: PhoneProblem.allCases.map { ($0.reason, .invalid) }
        case .postalCode: PostalCodeProblem.allCases.map { ($0.reason, .invalid) }
        case .email:
            EmailProblem.allCases.map { ($0.reason, .invalid) }
                + [("possible provider typo", .suspicious), (RegisterValidator.noMailReason, .invalid),
                   (RegisterValidator.disposableReason, .suspicious)]
        case .birthDate:
            DateProblem.allCases.map { ($0.reason, .invalid) }
                + [("day and month ambiguous", .suspicious), ("differs from the personnummer's date", .suspicious)]
        case .name: [("no Latin letters", .invalid), ("contains digits", .suspicious)]
        case .street: [("no house number", .suspicious)]
        case .organisationsnummer: OrganisationsnummerProblem.allCases.map { ($0.reason, .invalid) }
        case .postalAddress:
            PostalCodeProblem.allCases.map { ($0.reason, .invalid) } + [("not a postal code and postort", .invalid)]
        }
    }
}

/// Findings for one column: fill count and, per reason, a count and the first line numbers.
public struct ColumnValidation: Sendable, Codable {
    /// One reason's tally.
    public struct Finding: Sendable, Codable {
        public var reason: String
        public var severity: ValidationSeverity
        public var count: Int
        /// The first (up to `RegisterValidator.firstLinesKept`) physical line numbers, ascending.
        public var firstLines: [Int]
    }
    /// 0-based column index in the store.
    public var column: Int
    public var name: String
    public var role: String?
    public var check: ValidationCheck?
    /// Rows whose field is not empty after trimming.
    public var filled: Int
    public var rows: Int
    /// Share of filled rows (0...1), rounded to 0.1 %.
    public var fillRate: Double
    public var findings: [Finding]
}

/// The result of validating a register: per-column findings plus one reason code per checked cell.
public struct ValidationResult: Sendable {
    public var columns: [ColumnValidation]
    /// Rows with at least one finding.
    public var rowsWithFindings: Int
    public var rowCount: Int
    /// The reference date used (yyyymmdd).
    public var referenceDate: Int32
    /// Checked columns (store indices), in store order.
    public var checkedColumns: [Int]
    /// Reason codes, `checkedColumns.count × rowCount`, checked column by checked column.
    public var codes: [UInt8]

    /// The reason code of checked column `k` (index into `checkedColumns`) in `row`:
    /// 0 = fine or empty, else 1 + index into the check's `reasons`.
    @inlinable public func code(checked k: Int, row: Int) -> UInt8 { codes[k * rowCount + row] }
}

/// Validates every checked column of a register in parallel (`dubblett validate`).
///
/// Each column with a role gets its Swedish check (personnummer, phone, postal code, e-mail, birth date,
/// names, street, organisationsnummer); birth dates are also compared with the personnummer (a 1–2 day difference in the same
/// month is allowed, Prop. 2008/09:111). Values are never stored in the result, only reason codes and
/// line numbers.
/// - Complexity: O(total bytes of the checked columns); one scratch buffer per chunk, no allocation per field.
public enum RegisterValidator {
    /// How many line numbers are kept per column and reason.
    public static let firstLinesKept = 5

    /// Validates `store`. `referenceDate` (yyyymmdd, 0 = today) anchors century inference and "future".
    public static func validate(_ store: RecordStore, referenceDate: Int32 = 0, workers: Int = Parallel.defaultWorkers)
        -> ValidationResult
    {
        let reference = referenceDate > 0 ? referenceDate : NormaliseSupport.today
        let rows = store.rowCount
        let checked: [(column: Int, check: ValidationCheck)] = store.columns.enumerated().compactMap { i, c in
            guard let role = c.role ?? c.alternateFor, let check = ValidationCheck(role: role) else { return nil }
            return (i, check)
        }
        let pnrColumn = store.column(for: .personnummer)
        let chunks = Parallel.ranges(count: rows, chunks: min(Parallel.maxWorkers, max(1, workers)) * 4)
        let columnCount = store.columns.count
        // Per chunk: filled counts for every column; per checked column and reason: count + first lines.
        struct ChunkStats {
            var filled: [Int]
            var counts: [[Int]]
            var lines: [[[Int]]]
        }
        var codes = [UInt8](repeating: 0, count: rows * checked.count)
        var stats = [ChunkStats?](repeating: nil, count: chunks.count)
        let maxReasons = ValidationCheck.allCases.map { $0.reasons.count }.max()!
        stats.withUnsafeMutableBufferPointer { statSlots in
            codes.withUnsafeMutableBufferPointer { codeBuffer in
                let shared = UnsafeSendable((statSlots, codeBuffer, chunks))
                Parallel.forEachChunk(count: chunks.count, workers: workers, chunksPerWorker: 4) { _, chunkRange in
                    var scratch = [UInt8](repeating: 0, count: 1024)
                    for c in chunkRange {
                        var s = ChunkStats(
                            filled: [Int](repeating: 0, count: columnCount),
                            counts: [[Int]](repeating: [Int](repeating: 0, count: maxReasons), count: checked.count),
                            lines: [[[Int]]](repeating: [[Int]](repeating: [], count: maxReasons),
                                             count: checked.count))
                        for row in shared.value.2[c] {
                            for col in 0..<columnCount
                            where !NormaliseSupport.trimmed(store.field(row: row, column: col)).isEmpty {
                                s.filled[col] += 1
                            }
                            for (k, entry) in checked.enumerated() {
                                let field = store.field(row: row, column: entry.column)
                                if scratch.count < 3 * field.count + 16 {
                                    scratch = [UInt8](repeating: 0, count: 3 * field.count + 16)
                                }
                                let code = scratch.withUnsafeMutableBufferPointer { out in
                                    reasonCode(entry.check, field, out: out, reference: reference,
                                               personnummer: pnrColumn.map { store.field(row: row, column: $0) })
                                }
                                guard code != 0 else { continue }
                                shared.value.1[k * rows + row] = code
                                s.counts[k][Int(code) - 1] += 1
                                if s.lines[k][Int(code) - 1].count < firstLinesKept {
                                    s.lines[k][Int(code) - 1].append(store.lineNumber(row: row))
                                }
                            }
                        }
                        shared.value.0[c] = s
                    }
                }
            }
        }
        // Merge chunks in order so the first lines stay the first ones.
        var filled = [Int](repeating: 0, count: columnCount)
        var counts = [[Int]](repeating: [Int](repeating: 0, count: maxReasons), count: checked.count)
        var lines = [[[Int]]](repeating: [[Int]](repeating: [], count: maxReasons), count: checked.count)
        for case let s? in stats {
            for i in 0..<columnCount { filled[i] += s.filled[i] }
            for k in 0..<checked.count {
                for r in 0..<maxReasons {
                    counts[k][r] += s.counts[k][r]
                    let room = firstLinesKept - lines[k][r].count
                    if room > 0 { lines[k][r] += s.lines[k][r].prefix(room) }
                }
            }
        }
        var columns: [ColumnValidation] = store.columns.enumerated().map { i, c in
            ColumnValidation(column: i, name: c.name, role: c.role?.rawValue, check: nil, filled: filled[i], rows: rows,
                             fillRate: rows == 0 ? 0 : (Double(filled[i]) * 1000 / Double(rows)).rounded() / 1000,
                             findings: [])
        }
        for (k, entry) in checked.enumerated() {
            columns[entry.column].check = entry.check
            columns[entry.column].findings = entry.check.reasons.enumerated().compactMap { r, reason in
                counts[k][r] == 0 ? nil : .init(reason: reason.reason, severity: reason.severity, count: counts[k][r],
                                                firstLines: lines[k][r])
            }
        }
        var flagged = 0
        for row in 0..<rows where (0..<checked.count).contains(where: { codes[$0 * rows + row] != 0 }) { flagged += 1 }
        return ValidationResult(columns: columns, rowsWithFindings: flagged, rowCount: rows, referenceDate: reference,
                                checkedColumns: checked.map(\.column), codes: codes)
    }

    /// 0 when the field is fine or empty, else 1 + the index of the reason in `check.reasons`.
    static func reasonCode(
        _ check: ValidationCheck, _ field: UnsafeRawBufferPointer, out: UnsafeMutableBufferPointer<UInt8>,
        reference: Int32, personnummer: UnsafeRawBufferPointer?
    ) -> UInt8 {
        switch check {
        case .personnummer:
            if case .invalid(let p) = Personnummer.parse(field, referenceDate: reference) { return p.rawValue + 1 }
        case .phone:
            if case .invalid(let p) = PhoneNumber.parse(field) { return p.rawValue + 1 }
        case .postalCode:
            if case .invalid(let p) = PostalCode.parse(field) { return p.rawValue + 1 }
        case .email:
            switch EmailAddress.normalise(field, into: out) {
            case .invalid(let p): return p.rawValue + 1
            case .suspectedTypo: return UInt8(EmailProblem.allCases.count) + 1
            default: break
            }
        case .birthDate:
            let n = UInt8(DateProblem.allCases.count)
            switch DateParser.parse(field, referenceDate: reference) {
            case .invalid(let p): return p.rawValue + 1
            case .ambiguous: return n + 1
            case .valid(let date):
                if let personnummer,
                   case .valid(let canonical, _) = Personnummer.parse(personnummer, referenceDate: reference),
                   DateParser.compareBirthDate(date, personnummer: canonical) == .conflict {
                    return n + 2
                }
            case .empty: break
            }
        case .name:
            if NormaliseSupport.trimmed(field).isEmpty { return 0 }
            let n = NameNormaliser.normalise(field, into: out, folded: false)
            var letters = 0
            var digits = 0
            for i in 0..<n {
                let b = out[i]
                if b.isASCIIDigit { digits += 1 } else if b != .space && b != .hyphen { letters += 1 }
            }
            if letters == 0 { return 1 }
            if digits > 0 { return 2 }
        case .street:
            if NormaliseSupport.trimmed(field).isEmpty { return 0 }
            let parts = StreetAddress.parse(field, into: out)
            if parts.houseNumber == 0 && !parts.flags.contains(.box) && !parts.flags.contains(.careOf) { return 1 }
        case .organisationsnummer:
            if case .invalid(let p) = Organisationsnummer.parse(field) { return p.rawValue + 1 }
        case .postalAddress:
            if NormaliseSupport.trimmed(field).isEmpty { return 0 }
            guard let address = PostalCode.parseAddress(field) else { return UInt8(PostalCodeProblem.allCases.count) + 1 }
            if case .invalid(let p) = address.code { return p.rawValue + 1 }
        }
        return 0
    }
}
