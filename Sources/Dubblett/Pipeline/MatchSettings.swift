import Foundation

/// Everything a matching run can be told: columns, blocking rules, comparisons, thresholds.
///
/// The defaults match a Swedish person register and need no file. A JSON or YAML settings file overrides
/// any subset; `MatchSettings.load(from:)` checks it completely and reports every problem at once:
///
/// ```json
/// {
///   "columns": { "first_name": "Tilltalsnamn", "postal_code": "Postnr" },
///   "blocking_rules": [ { "parts": ["personnummer"] }, { "parts": ["postal_code", "last_name_phonetic"] } ],
///   "comparisons": [ { "field": "first_name", "high": 0.94, "low": 0.85 }, { "field": "birth_date" } ],
///   "match_threshold": 4, "review_threshold": -2,
///   "vetoes": ["personnummer", "organisationsnummer"], "preset": "person"
/// }
/// ```
///
/// Columns may name any `FieldRole`, including `identifier` (a customer number, `soc_sec_id`), `company_name`
/// and `house_number`. Any other column can be declared under `extra_columns` with a kind (date, number,
/// category, text; `ExtraColumn`) and is then compared, and can be blocked on, by its name. Comparisons and
/// blocking rules the file leaves out come from the register's preset (`RegisterPreset`), which also
/// compares the declared columns.
public struct MatchSettings: Codable, Sendable {
    /// Header names per role, overriding the reader's automatic column roles.
    public var columns: [String: String] = [:]
    /// Blocking rules in order (earlier rules claim pairs first).
    public var blockingRules: [BlockingRule] = BlockingRule.swedishDefaults
    /// Compared fields, at most eight.
    public var comparisons: [ComparisonSpec] = ComparisonSpec.swedishDefaults
    /// Pairs with a match weight at or above this are matches (log2 odds; 0 means probability 0.5).
    public var matchThreshold: Double = 0
    /// Pairs at or above this and below `matchThreshold` go to the review band.
    public var reviewThreshold: Double = -6
    /// Links at or above this weight may join any two groups; weaker ones need support (chaining guard).
    public var strongLinkThreshold: Double = 8
    /// Buckets above this size are compared by sorted window.
    public var maxBucket: Int = 8
    /// The window size inside oversized buckets.
    public var window: Int = 6
    /// Random pairs used to estimate u.
    public var uSamples: Int = 200_000
    /// Seed for sampling (results are identical for the same seed).
    public var seed: UInt64 = 0x5EED
    /// Which contradictions refuse to join two groups (`ConflictRules.names`); nil is the standard set
    /// (personnummer, birth date, organisationsnummer). `[]` turns every veto off.
    public var vetoes: [String]?
    /// The preset to adapt to the register (`person` or `company`); nil chooses from its columns.
    public var preset: String?
    /// Columns declared with a kind (at most `ExtraColumn.limit`), compared and blocked on by their names.
    public var extraColumns: [ExtraColumn] = []
    /// Where each declared column was declared (`file: line L, column C` in YAML, the file in JSON), for
    /// problems found only when the register is read; not part of the settings' JSON.
    public var declaredAt: [String] = []
    /// Whether the file gave the comparisons / the blocking rules (a preset fills in what it did not).
    public var explicitComparisons = false
    public var explicitBlockingRules = false

    public init() {}

    /// The conflict rules the vetoes name.
    public var conflictRules: ConflictRules {
        guard let vetoes else { return .standard }
        var rules: ConflictRules = []
        for v in vetoes { if let r = ConflictRules.names.first(where: { $0.0 == v }) { rules.insert(r.1) } }
        return rules
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case columns, blockingRules = "blocking_rules", comparisons, matchThreshold = "match_threshold"
        case reviewThreshold = "review_threshold", strongLinkThreshold = "strong_link_threshold"
        case maxBucket = "max_bucket", window, uSamples = "u_samples", seed, vetoes, preset
        case extraColumns = "extra_columns"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(columns, forKey: .columns)
        try c.encode(blockingRules, forKey: .blockingRules)
        try c.encode(comparisons, forKey: .comparisons)
        try c.encode(matchThreshold, forKey: .matchThreshold)
        try c.encode(reviewThreshold, forKey: .reviewThreshold)
        try c.encode(strongLinkThreshold, forKey: .strongLinkThreshold)
        try c.encode(maxBucket, forKey: .maxBucket)
        try c.encode(window, forKey: .window)
        try c.encode(uSamples, forKey: .uSamples)
        try c.encode(seed, forKey: .seed)
        try c.encodeIfPresent(vetoes, forKey: .vetoes)
        try c.encodeIfPresent(preset, forKey: .preset)
        if !extraColumns.isEmpty { try c.encode(extraColumns, forKey: .extraColumns) }
    }

    public init(from decoder: any Decoder) throws {
        let d = MatchSettings()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        extraColumns = try c.decodeIfPresent([ExtraColumn].self, forKey: .extraColumns) ?? []
        columns = try c.decodeIfPresent([String: String].self, forKey: .columns) ?? d.columns
        blockingRules = try c.decodeIfPresent([BlockingRule].self, forKey: .blockingRules) ?? d.blockingRules
        comparisons = try c.decodeIfPresent([ComparisonSpec].self, forKey: .comparisons) ?? d.comparisons
        matchThreshold = try c.decodeIfPresent(Double.self, forKey: .matchThreshold) ?? d.matchThreshold
        reviewThreshold = try c.decodeIfPresent(Double.self, forKey: .reviewThreshold) ?? d.reviewThreshold
        strongLinkThreshold = try c.decodeIfPresent(Double.self, forKey: .strongLinkThreshold) ?? d.strongLinkThreshold
        maxBucket = try c.decodeIfPresent(Int.self, forKey: .maxBucket) ?? d.maxBucket
        window = try c.decodeIfPresent(Int.self, forKey: .window) ?? d.window
        uSamples = try c.decodeIfPresent(Int.self, forKey: .uSamples) ?? d.uSamples
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
        vetoes = try c.decodeIfPresent([String].self, forKey: .vetoes)
        preset = try c.decodeIfPresent(String.self, forKey: .preset)
        explicitComparisons = c.contains(.comparisons)
        explicitBlockingRules = c.contains(.blockingRules)
        // A rule named after its parts names a declared column by its name, not its slot.
        for i in blockingRules.indices where blockingRules[i].name == blockingRules[i].parts.map(\.rawValue).joined(separator: "+") {
            blockingRules[i].name = blockingRules[i].parts.map(partName).joined(separator: "+")
        }
    }

    /// How reports name a blocking part: a declared column by its name.
    public func partName(_ part: BlockKeyPart) -> String {
        guard let k = part.extraIndex, k < extraColumns.count else { return part.rawValue }
        return extraColumns[k].name
    }

    /// Every problem with these settings, each stated once with what to do (empty when valid).
    public func problems() -> [String] {
        var p: [String] = []
        let roles = Set(FieldRole.allCases.map(\.rawValue))
        for role in columns.keys.sorted() where !roles.contains(role) {
            p.append(
                "columns: unknown role \"\(role)\"; use one of "
                    + FieldRole.allCases.map(\.rawValue).joined(separator: ", ")
            )
        }
        if blockingRules.isEmpty {
            p.append("blocking_rules: empty; give at least one rule, e.g. {\"parts\": [\"personnummer\"]}")
        }
        if blockingRules.count > 16 {
            p.append("blocking_rules: \(blockingRules.count) rules; at most 16 are supported")
        }
        for (i, r) in blockingRules.enumerated() {
            if r.parts.isEmpty { p.append("blocking_rules[\(i)]: no parts; list the keys that must agree") }
            if r.parts.count > 8 { p.append("blocking_rules[\(i)]: \(r.parts.count) parts; at most 8") }
            if Set(r.parts).count != r.parts.count { p.append("blocking_rules[\(i)]: a part is listed twice") }
        }
        if comparisons.isEmpty { p.append("comparisons: empty; compare at least one field") }
        if comparisons.count > 8 {
            p.append("comparisons: \(comparisons.count) fields; at most 8 (levels pack into 32 bits)")
        }
        if extraColumns.count > ExtraColumn.limit {
            p.append("extra_columns: \(extraColumns.count) columns; at most \(ExtraColumn.limit) can be declared")
        }
        var names = Set<String>()
        for (i, e) in extraColumns.enumerated() {
            p += e.problems(at: i)
            if !names.insert(e.name).inserted {
                p.append("extra_columns[\(i)].name: \"\(e.name)\" is declared twice; give each column its own name")
            }
        }
        for (i, r) in blockingRules.enumerated() {
            for part in r.parts + r.windowOrder + (r.split.map { [$0] } ?? []) {
                if let k = part.extraIndex, k >= extraColumns.count {
                    p.append("blocking_rules[\(i)]: \(part.rawValue) names no declared column (extra_columns has \(extraColumns.count))")
                }
            }
        }
        var seen = Set<String>()
        for (i, c) in comparisons.enumerated() {
            if !seen.insert(c.name).inserted { p.append("comparisons[\(i)]: \(c.name) is compared twice") }
            if c.field.isDeclared && !extraColumns.contains(where: { $0.name == c.column && $0.kind.field == c.field }) {
                p.append(
                    "comparisons[\(i)]: \(c.field.rawValue) compares a declared column; name one of extra_columns "
                        + "as its field (declared: \(extraColumns.map(\.name).joined(separator: ", ")))")
            }
            if !(c.high > 0 && c.high <= 1) { p.append("comparisons[\(i)]: high must be in (0, 1], got \(c.high)") }
            if !(c.low > 0 && c.low <= c.high) { p.append("comparisons[\(i)]: low must be in (0, high], got \(c.low)") }
        }
        for v in vetoes ?? [] where !ConflictRules.names.contains(where: { $0.0 == v }) {
            p.append(
                "vetoes: unknown veto \"\(v)\"; use any of " + ConflictRules.names.map(\.0).joined(separator: ", ")
                    + " (an empty list turns every veto off)")
        }
        if let preset, RegisterPreset(rawValue: preset) == nil {
            p.append(
                "preset: unknown preset \"\(preset)\"; use one of "
                    + RegisterPreset.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if reviewThreshold > matchThreshold && reviewThreshold.isFinite && matchThreshold.isFinite {
            p.append(
                "review_threshold (\(reviewThreshold)) is above match_threshold (\(matchThreshold)); "
                    + "it must be at or below it"
            )
        }
        if strongLinkThreshold < matchThreshold && strongLinkThreshold.isFinite && matchThreshold.isFinite {
            p.append("strong_link_threshold (\(strongLinkThreshold)) is below match_threshold (\(matchThreshold))")
        }
        p += numberProblems()
        return p
    }

    /// Reads a JSON or YAML (`.yaml`, `.yml`) settings file, reporting unknown keys, type errors and every
    /// validation problem at once; in a YAML file each problem names the line and column of its key.
    public static func load(from path: String) throws -> MatchSettings {
        var data: Data
        do { data = try InputFile.contents(of: path, what: "settings file") } catch {
            let reason = (error as? InputFileError)?.reason ?? error.localizedDescription
            throw SettingsError(problems: ["\(path): cannot read the settings file (\(reason))"])
        }
        guard SettingsYAML.isYAML(path) else {
            var settings = try decode(data, path: path)
            settings.declaredAt = settings.extraColumns.map { _ in path }
            return settings
        }
        let yaml: SettingsYAML.Converted
        do { yaml = try SettingsYAML.convert(data) } catch {
            throw SettingsError(problems: error.problems.map { "\(path): \($0)" })
        }
        do {
            var settings = try decode(yaml.json, path: path)
            settings.declaredAt = settings.extraColumns.indices.map { i in
                yaml.marks["extra_columns[\(i)].column"].map { "\(path): line \($0.line), column \($0.column)" } ?? path
            }
            return settings
        } catch let error as SettingsError {
            throw SettingsError(
                problems: error.problems.map { problem in
                    let message = problem.hasPrefix("\(path): ") ? String(problem.dropFirst(path.count + 2)) : problem
                    guard let at = SettingsYAML.locate(message, in: yaml.marks) else { return problem }
                    return "\(path): \(at): \(message)"
                })
        }
    }

    /// Decodes and checks the JSON text of a settings file (a YAML file arrives converted).
    static func decode(_ data: Data, path: String) throws -> MatchSettings {
        var data = data
        var problems: [String] = []
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            let known = Set(CodingKeys.allCases.map(\.stringValue))
            for key in object.keys.sorted() where !known.contains(key) {
                problems.append("unknown setting \"\(key)\"; known settings: \(known.sorted().joined(separator: ", "))")
            }
            let numbers = checkNumbers(in: object, data: data)
            problems += numbers.problems
            if !numbers.problems.isEmpty, let cleaned = try? JSONSerialization.data(withJSONObject: numbers.cleaned) {
                data = cleaned
            }
        } else {
            throw SettingsError(problems: ["\(path): not a JSON object; see `dubblett dedupe --help` for an example"])
        }
        let settings: MatchSettings
        let decoder = JSONDecoder()
        // Comparisons and blocking rules name declared columns: read the declarations first.
        decoder.userInfo[.extraColumns] = (try? JSONDecoder().decode(DeclaredOnly.self, from: data))?.extraColumns ?? []
        do { settings = try decoder.decode(MatchSettings.self, from: data) } catch let
            DecodingError.dataCorrupted(c)
        {
            throw SettingsError(problems: problems + ["\(path): \(Self.where(c.codingPath)) \(c.debugDescription)"])
        } catch let DecodingError.typeMismatch(_, c) {
            throw SettingsError(problems: problems + ["\(path): \(Self.where(c.codingPath)) \(c.debugDescription)"])
        } catch let DecodingError.keyNotFound(k, c) {
            throw SettingsError(
                problems: problems + ["\(path): \(Self.where(c.codingPath)) missing \"\(k.stringValue)\""])
        } catch {
            throw SettingsError(problems: problems + ["\(path): \(error)"])
        }
        problems += settings.problems()
        if !problems.isEmpty { throw SettingsError(problems: problems.map { "\(path): \($0)" }) }
        return settings
    }

    /// The declared columns of a settings file, read before the rest.
    private struct DeclaredOnly: Decodable {
        var extraColumns: [ExtraColumn]?
        enum CodingKeys: String, CodingKey { case extraColumns = "extra_columns" }
    }

    static func `where`(_ path: [any CodingKey]) -> String {
        path.isEmpty ? "" : path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".") + ":"
    }
}

/// Settings or a model file that cannot be used; lists every problem found.
public struct SettingsError: Error, CustomStringConvertible {
    public var problems: [String]
    public init(problems: [String]) { self.problems = problems }
    public var description: String {
        "settings are not valid (\(problems.count) problem\(problems.count == 1 ? "" : "s")):\n"
            + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}
