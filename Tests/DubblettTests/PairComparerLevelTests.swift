import Testing

@testable import Dubblett

/// The level every field reaches for pairs of records that differ in one known way, through the
/// engine's own path: in-memory rows → reader → features → `compareAll` with the default comparisons.
@Suite("PairComparer levels")
struct PairComparerLevelTests {
    static let header = [
        "förnamn", "efternamn", "födelsedatum", "personnummer", "gatuadress", "postnummer", "ort", "telefon",
        "e-post",
    ]
    static let base = [
        "Anna", "Lindqvist", "1985-03-07", "19850307-2095", "Storgatan 12", "114 53", "Stockholm", "070-123 45 67",
        "anna.lindqvist@example.se",
    ]

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var changes: [String: String]
        /// Expected level names by field (fields not listed: `exact`).
        var expected: [String: String]
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "identical", changes: [:], expected: [:]),
        Case(name: "day and month transposed", changes: ["födelsedatum": "1985-07-03"],
             expected: ["birth_date": "one_off_or_transposed"]),
        Case(name: "one digit of the date", changes: ["födelsedatum": "1985-03-08"],
             expected: ["birth_date": "one_off_or_transposed"]),
        Case(name: "another date", changes: ["födelsedatum": "1962-11-21"], expected: ["birth_date": "else"]),
        Case(name: "first and last name swapped", changes: ["förnamn": "Lindqvist", "efternamn": "Anna"],
             expected: ["first_name": "jw_high", "last_name": "jw_high"]),
        Case(name: "surname spelling variant", changes: ["efternamn": "Lindkvist"], expected: ["last_name": "jw_high"]),
        Case(name: "another surname", changes: ["efternamn": "Öberg"], expected: ["last_name": "else"]),
        Case(name: "street abbreviated", changes: ["gatuadress": "Storg. 12"], expected: [:]),
        Case(name: "street typo, same number", changes: ["gatuadress": "Storgaton 12"],
             expected: ["street": "similar_same_number"]),
        Case(name: "same street, other number", changes: ["gatuadress": "Storgatan 14"],
             expected: ["street": "similar_other_number"]),
        Case(name: "another street", changes: ["gatuadress": "Kungsvägen 3"], expected: ["street": "else"]),
        Case(name: "postal code in the same area", changes: ["postnummer": "114 59"],
             expected: ["postal_code": "same_area"]),
        // 0 and 9 swapped keep the check digit (Luhn's blind spot), so both numbers are valid.
        Case(name: "personnummer digits transposed", changes: ["personnummer": "19850307-2905"],
             expected: ["personnummer": "one_digit_or_transposed"]),
        Case(name: "invalid personnummer", changes: ["personnummer": "19850307-2096"], expected: ["personnummer": "null"]),
        Case(name: "missing phone", changes: ["telefon": ""], expected: ["phone": "null"]),
        Case(name: "other e-mail", changes: ["e-post": "a.l@example.com"], expected: ["email": "else"]),
        Case(
            name: "long double names against short ones",
            changes: [
                "förnamn": "Anna-Margareta Charlotta Elisabeth Fredrika",
                "efternamn": "Lindqvist af Ekenstam-Wachtmeister von Rosenborg",
            ],
            // The first names share their first token (Anna): the low level; the surnames have nothing in common.
            expected: ["first_name": "jw_low_or_phonetic", "last_name": "else"]),
    ]

    /// Levels by field name for the pair (base row, changed row).
    static func levels(_ changes: [String: String], base: [String] = base) throws -> [String: String] {
        var other = base
        for (column, value) in changes { other[header.firstIndex(of: column)!] = value }
        let store = try InMemoryRecords(header: header, rows: [base, other]).recordStore(ReadOptions(workers: 1))
        let features = FeatureBuilder.build(store, workers: 1)
        let specs = MatchSettings().comparisons
        let levels = features.compareAll(
            [UInt64(0) << 32 | 1], specs: specs, records: CompareRecords(features, workers: 1), workers: 1)
        let v = LevelVector(raw: levels[0])
        var out: [String: String] = [:]
        for (i, spec) in specs.enumerated() { out[spec.field.rawValue] = spec.field.levelNames[v[i]] }
        return out
    }

    @Test(arguments: cases)
    func eachDifferenceReachesItsLevel(_ c: Case) throws {
        let got = try Self.levels(c.changes)
        for spec in MatchSettings().comparisons {
            let field = spec.field.rawValue
            #expect(got[field] == (c.expected[field] ?? "exact"), "\(c.name): \(field)")
        }
    }

    @Test func longNamesOneLetterApartStayClose() throws {
        var row = Self.base
        row[0] = "Anna-Margareta Charlotta Elisabeth Fredrika"
        row[1] = "Lindqvist af Ekenstam-Wachtmeister von Rosenborg"
        let got = try Self.levels(
            ["förnamn": "Anna-Margareta Charlotta Elisabet Fredrika",
             "efternamn": "Lindqvist af Ekenstam-Wachtmeister von Rosenburg"], base: row)
        #expect(got["first_name"] == "jw_high")
        #expect(got["last_name"] == "jw_high")
    }
}
