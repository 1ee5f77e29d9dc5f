import Foundation
import Testing

@testable import Dubblett

@Suite("Company names")
struct CompanyNameTests {
    @Test(arguments: [
        ("Andersson Bygg AB", "andersson bygg"), ("Aktiebolaget Andersson Bygg", "andersson bygg"),
        ("ANDERSSON BYGG AKTIEBOLAG", "andersson bygg"), ("Andersson Bygg A.B.", "andersson bygg"),
        ("Solvik Tandvård HB", "solvik tandvard"), ("Solvik Tandvård Handelsbolaget", "solvik tandvard"),
        ("Kustlinje KB", "kustlinje"), ("Kustlinje Kommanditbolag", "kustlinje"),
        ("Granit Ek. för.", "granit"), ("Granit ekonomisk förening", "granit"), ("Granit Ek.för.", "granit"),
        ("Vega AB (publ)", "vega"), ("Vega AB i likvidation", "vega"), ("Vega AB i konkurs", "vega"),
        ("Vega Bygg AB i Västra Frölunda", "vega bygg"), ("Enskild firma Nils Olsson", "nils olsson"),
        ("AB", "ab"),
    ])
    func legalFormsAndStatusWordsAreStripped(name: String, stripped: String) {
        #expect(CompanyName.strip(name) == stripped, "\(name)")
    }

    @Test func wordsOfTheNameStay() {
        #expect(CompanyName.strip("Abba Bygg AB") == "abba bygg")
        #expect(CompanyName.strip("Bygg i Norr Holding AB") == "bygg")  // a trailing "i <ort>" goes
        #expect(CompanyName.strip("Handelshuset AB") == "handelshuset")
    }
}

@Suite("Generic identifier values")
struct IdentifierValueTests {
    @Test func separatorsAndLeadingZerosDoNotMatter() {
        #expect(IdentifierValue.parse("001-234 567") == IdentifierValue.parse("1234567"))
        #expect(IdentifierValue.parse("") == 0)
        #expect(IdentifierValue.parse("  ") == 0)
        #expect(IdentifierValue.parse("AB-12") == IdentifierValue.parse("ab12"))
        #expect(IdentifierValue.parse("AB-12") < 0)
    }

    @Test(arguments: [
        ("1234567", "1234567", 1), ("1234567", "1234568", 2), ("1234567", "1243567", 2), ("1234567", "123567", 2),
        ("1234567", "12345678", 2), ("1234567", "7654321", 3), ("1234567", "1243576", 3), ("1234567", "", 0),
        ("AB12", "AB12", 1), ("AB12", "AB13", 3),
    ])
    func levels(a: String, b: String, level: Int) {
        #expect(IdentifierValue.level(IdentifierValue.parse(a), IdentifierValue.parse(b)) == level, "\(a) \(b)")
        #expect(IdentifierValue.level(IdentifierValue.parse(b), IdentifierValue.parse(a)) == level, "\(b) \(a)")
    }
}

@Suite("Other registers")
struct OtherRegistersTests {
    static func pair(_ a: Int, _ b: Int) -> UInt64 { UInt64(min(a, b)) << 32 | UInt64(max(a, b)) }

    @Test func differentOrganisationsnummerVetoAMergeUnlessTurnedOff() {
        // Rows 0, 1: one company; 2: its sister (same address and switchboard, another org.nr); 3: a record of
        // the sister without org.nr that links to both.
        var ids = ClusterIdentities(personnummer: [0, 0, 0, 0], birthDate: [0, 0, 0, 0], phone: [0, 0, 0, 0],
                                    firstName: [0, 0, 0, 0])
        ids.organisationsnummer = [5_560_360_793, 5_560_360_793, 5_566_778_899, 0]
        let edges: [(Int, Int, Float)] = [(0, 1, 20), (2, 3, 15), (1, 3, 12)]
        func build(_ rules: ConflictRules) -> ClusterBuilder.Result {
            ClusterBuilder.build(
                count: 4, pairs: edges.map { Self.pair($0.0, $0.1) }, weights: edges.map { $0.2 }, matchThreshold: 0,
                strongThreshold: 10, identities: ids, conflicts: rules)
        }
        let guarded = build(.standard)
        #expect(guarded.labels == [0, 0, 2, 2])
        #expect(guarded.splitReasons == [.organisationsnummer])
        #expect(build([]).labels == [0, 0, 0, 0])
    }

    @Test func identifierVetoIsOptIn() {
        var ids = ClusterIdentities(personnummer: [0, 0, 0], birthDate: [0, 0, 0], phone: [0, 0, 0], firstName: [0, 0, 0])
        ids.identifier = ["100200", "100201", "555555"].map(IdentifierValue.parse)
        let edges: [(Int, Int, Float)] = [(0, 1, 20), (1, 2, 20)]
        func build(_ rules: ConflictRules) -> [Int32] {
            ClusterBuilder.build(
                count: 3, pairs: edges.map { Self.pair($0.0, $0.1) }, weights: edges.map { $0.2 }, matchThreshold: 0,
                strongThreshold: 10, identities: ids, conflicts: rules
            ).labels
        }
        #expect(build(.standard) == [0, 0, 0])
        #expect(build([.identifier]) == [0, 0, 2], "one digit apart is compatible, another number is not")
    }

    @Test func vetoesAndPresetInSettings() throws {
        var s = MatchSettings()
        #expect(s.conflictRules == .standard)
        s.vetoes = []
        #expect(s.conflictRules.isEmpty)
        s.vetoes = ["identifier", "personnummer"]
        #expect(s.conflictRules == [.identifier, .personnummer])
        s.vetoes = ["birthdate"]
        s.preset = "companies"
        let problems = s.problems()
        #expect(problems.contains { $0.contains("unknown veto \"birthdate\"") && $0.contains("birth_date") })
        #expect(problems.contains { $0.contains("unknown preset \"companies\"") })
        let json = #"{"vetoes": [], "comparisons": [{"field": "identifier"}, {"field": "company_name"}]}"#
        let d = try JSONDecoder().decode(MatchSettings.self, from: Data(json.utf8))
        #expect(d.vetoes == [] && d.explicitComparisons && !d.explicitBlockingRules)
        #expect(d.comparisons.map(\.field) == [.identifier, .companyName])
    }

    @Test(arguments: [
        ("Företagsnamn", FieldRole.companyName), ("Företag", .companyName), ("Company name", .companyName),
        ("Firma", .companyName), ("Kontaktperson", .fullName), ("Växel", .phone), ("Telefon växel", .phone),
        ("soc_sec_id", .identifier), ("street_number", .houseNumber), ("rec_id", .id),
    ])
    func companyAndOtherHeaders(header: String, role: FieldRole) {
        #expect(HeaderRoles.role(forHeader: header) == role, "\(header)")
    }

    @Test func aSecondIdColumnIsAnIdentifierAndCompanyHeadersChooseTheCompanyPreset() throws {
        let people = try readCSV("id,customer_number,first_name,last_name\n1,77,Anna,Berg\n")
        #expect(people.columns.map(\.role) == [.id, .identifier, .firstName, .lastName])
        let (ps, pc) = MatchSettings().adapted(to: people)
        #expect(pc.preset == .person)
        #expect(ps.comparisons.contains { $0.field == .identifier } && ps.comparisons.count <= 8)
        #expect(ps.blockingRules.contains { $0.parts == [.identifier] })

        let firms = try readCSV("id;Företagsnamn;Org.nr;Kontaktperson;Växel\n1;Vega AB;556036-0793;Anna Berg;08-123456\n")
        #expect(firms.columns.map(\.role) == [.id, .companyName, .organisationsnummer, .fullName, .phone])
        let (cs, cc) = MatchSettings().adapted(to: firms)
        #expect(cc.preset == .company && cc.reason.contains("Företagsnamn"))
        #expect(cs.comparisons.first?.field == .companyName)
        #expect(cs.blockingRules.first?.parts == [.organisationsnummer])
    }

    @Test func companyRegisterDeduplicatesWithoutSettings() throws {
        // Two companies, each written two ways, and a sister of the first at its address with its switchboard.
        let csv = """
            id;Företagsnamn;Org.nr;Kontaktperson;Gatuadress;Postnummer;Postort;Växel;E-post
            1;Solvik Tandvård AB;556036-0793;Anna Berg;Storgatan 1;11453;Stockholm;08-123456;info@solvik.se
            2;SOLVIK TANDVÅRD AKTIEBOLAG i likvidation;5560360793;Anna Berg;Storgatan 1;114 53;Stockholm;08-123456;info@solvik.se
            3;Solvik Holding AB;556677-8899;Anna Berg;Storgatan 1;11453;Stockholm;08-123456;info@solvik.se
            4;Granit Ek. för.;769600-1234;Per Ek;Ringvägen 9;41101;Göteborg;031-11111;per@granit.se
            5;Granit ekonomisk förening;;Per Ek;Ringvägen 9;41101;Göteborg;031-11111;per@granit.se
            """
        let store = try readCSV(csv)
        let (settings, _) = MatchSettings().adapted(to: store)
        let features = FeatureBuilder.build(store, workers: 1, settings: settings)
        #expect(features.organisationsnummer[0] == 5_560_360_793 && features.organisationsnummer[1] == 5_560_360_793)
        let out = try Pipeline.match(features, settings: settings, context: RunContext(workers: 1))
        let l = out.clustering.labels
        #expect(l[0] == l[1], "the company written two ways")
        #expect(l[2] != l[0], "the sister company stays apart")
        #expect(l[3] == l[4])
    }

    @Test func soleTradersPersonnummerShapedOrgnrIsUsed() {
        let a = "19800826-2381".withCString { FeatureBuilder.organisationsnummer(UnsafeRawBufferPointer(start: $0, count: 13)) }
        let b = "800826-2381".withCString { FeatureBuilder.organisationsnummer(UnsafeRawBufferPointer(start: $0, count: 11)) }
        #expect(a != 0 && a == b)
    }

    @Test func oneLineAddressesAreSplit() {
        func parts(_ s: String) -> (street: String, code: String, city: String)? {
            var s = s
            return s.withUTF8 { b in
                let f = UnsafeRawBufferPointer(b)
                guard let t = FeatureBuilder.postalTail(f) else { return nil }
                func text(_ r: Range<Int>) -> String { String(decoding: f[r], as: UTF8.self) }
                return (text(0..<t.streetEnd), text(t.code), text(t.city))
            }
        }
        #expect(parts("Storgatan 12 B lgh 1102, 114 53 Stockholm")! == ("Storgatan 12 B lgh 1102", "114 53", "Stockholm"))
        #expect(parts("Kaptengatan 22, lgh 1401, 14114 Huddinge")! == ("Kaptengatan 22, lgh 1401", "14114", "Huddinge"))
        #expect(parts("Glasbacken 111, 619 40")! == ("Glasbacken 111", "619 40", ""))
        #expect(parts("Kungsvägen 126, FILIPSTAD")! == ("Kungsvägen 126", "", "FILIPSTAD"))
        #expect(parts("973 67 Luleå")! == ("", "973 67", "Luleå"))
        #expect(parts("Storgatan 12, lgh 1102") == nil)
        #expect(parts("Storgatan 12") == nil)
    }

    @Test func streetsNumberFirstAndFlatAfterAComma() {
        let us = StreetAddress.parse("8118 Madison Avenue", folded: true)
        #expect(String(decoding: us.name, as: UTF8.self) == "madison avenue" && us.parts.houseNumber == 8118)
        let apt = StreetAddress.parse("12B Main St Apt 5", folded: true)
        #expect(apt.parts.houseNumber == 12 && apt.parts.lgh == 5)
        let se = StreetAddress.parse("Kaptengatan 22, lgh 1401", folded: true)
        #expect(se.parts.houseNumber == 22 && se.parts.lgh == 1401)
        let floor = StreetAddress.parse("Kaptengatan 22, 2 tr", folded: true)
        #expect(floor.parts.houseNumber == 22 && floor.parts.lgh == 0)
        let ordinal = StreetAddress.parse("1:a Långgatan 4", folded: true)
        #expect(ordinal.parts.houseNumber == 4)
    }

    @Test func aMonthFirstDateColumnResolvesItsAmbiguousValues() {
        let us = ["08/01/1952", "12/24/1970", "03/15/1980", "8/1/1952"]
        let month = FeatureBuilder.columnMonthFirst(count: us.count) { row in Self.bytes(us[row]) }
        #expect(month == true)
        let day = FeatureBuilder.columnMonthFirst(count: 2) { row in Self.bytes(["24/12/1970", "01/02/1990"][row]) }
        #expect(day == false)
        #expect(FeatureBuilder.columnMonthFirst(count: 1) { _ in Self.bytes("1970-12-24") } == nil)
        // Two sources merged into one column: neither order dominates, nothing is resolved.
        let mixed = ["24/12/1970", "12/24/1970", "30/01/1990", "01/30/1990"]
        #expect(FeatureBuilder.columnMonthFirst(count: mixed.count) { Self.bytes(mixed[$0]) } == nil)
        if case .valid(let d) = DateParser.parse(Self.bytes("08/01/1952"), ambiguousMonthFirst: true) {
            #expect(d == 19_520_801)
        } else {
            Issue.record("not parsed")
        }
        #expect(DateParser.parse("08/01/1952") == .ambiguous)
    }

    @Test func foreignPostalCodesAndPhonesAreKept() {
        let zips = ["80257-0416", "80257", "3172", "SW1A 1AA", ""]
        var codes = [Int32](repeating: 0, count: zips.count)
        FeatureBuilder.foreignPostalCodes(&codes, count: zips.count, workers: 1) { Self.bytes(zips[$0]) }
        #expect(codes[0] == codes[1] && codes[0] != 0 && codes[2] != 0 && codes[3] != 0 && codes[4] == 0)
        #expect(codes[2] != 3172, "never equal to a Swedish code's value")
        let phones = ["(303) 683-6219", "+1 303 683 6219", "303-683-6219", "12"]
        var values = [Int64](repeating: 0, count: phones.count)
        FeatureBuilder.foreignPhones(&values, count: phones.count, workers: 1) { Self.bytes(phones[$0]) }
        #expect(values[0] == values[1] && values[1] == values[2] && values[0] != 0 && values[3] == 0)
        // A Swedish column (most values valid) is left alone.
        var swedish: [Int32] = [11453, 11453, 0]
        FeatureBuilder.foreignPostalCodes(&swedish, count: 3, workers: 1) { Self.bytes(["114 53", "11453", "x"][$0]) }
        #expect(swedish == [11453, 11453, 0])
    }

    /// Bytes of a constant string that live for the test run (interned by the table below).
    static func bytes(_ s: String) -> UnsafeRawBufferPointer { Interned.shared.bytes(s) }
}

/// Strings turned into stable raw buffers for field accessors in tests.
final class Interned: @unchecked Sendable {
    static let shared = Interned()
    private var table: [String: UnsafeMutableRawBufferPointer] = [:]
    private let lock = NSLock()

    func bytes(_ s: String) -> UnsafeRawBufferPointer {
        lock.lock()
        defer { lock.unlock() }
        if let b = table[s] { return UnsafeRawBufferPointer(b) }
        let utf8 = Array(s.utf8)
        let b = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, utf8.count), alignment: 1)
        b.copyBytes(from: utf8)
        let view = UnsafeMutableRawBufferPointer(rebasing: b[..<utf8.count])
        table[s] = view
        return UnsafeRawBufferPointer(view)
    }
}
