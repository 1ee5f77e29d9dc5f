import Testing

@testable import Dubblett

@Suite("Role inference from values")
struct RoleInferenceTests {
    static func read(_ text: String, infer: Bool = true) throws -> RecordStore {
        var options = ReadOptions(workers: 1)
        options.inferRoles = infer
        return try CSVReader.read(bytes: Array(text.utf8), name: "register.csv", options: options)
    }

    /// Columns with unknown headers get the identifier role their values show; dates, free text and
    /// five-digit numbers do not get one.
    static let register = """
        Kundnr;Förnamn;Efternamn;Ident;Kontaktväg;Nummer;Org;Datum;Kod;Anteckning
        1;Åsa;Öberg;640823-3234;asa@example.se;070-123 45 67;556036-0793;2019-03-01;11453;ring efter 17
        2;Per;Ek;19640823-3234;per.ek@example.com;08-123 456 78;5560360793;2020-01-02;41301;
        3;Bo;Ek;701063-2391;bo@ek.se;+46 70 123 45 67;556036-0793;2021-05-06;11453;ny kund
        4;Eva;Ek;;eva@ek.se;0701234567;;2021-06-07;98201;vip

        """

    @Test func identifiersAreInferredOthersAreNot() throws {
        let s = try Self.read(Self.register)
        func role(_ name: String) -> (FieldRole?, Bool) {
            let c = s.columns.first { $0.name == name }!
            return (c.role, c.roleFromValues)
        }
        #expect(role("Förnamn") == (.firstName, false))
        #expect(role("Ident") == (.personnummer, true))  // 701063-2391 is a samordningsnummer
        #expect(role("Kontaktväg") == (.email, true))
        #expect(role("Nummer") == (.phone, true))
        #expect(role("Org") == (.organisationsnummer, true))
        #expect(role("Datum") == (nil, false))
        #expect(role("Kod") == (nil, false))
        #expect(role("Anteckning") == (nil, false))
        #expect(s.column(for: .email) == 4)
    }

    @Test func validPersonnummerColumnIsInferredAndHeadersWin() throws {
        let text = """
            id,namn,pid,pnr_partner
            1,Åsa Öberg,640823-3234,640823-3234
            2,Per Ek,19640823-3234,19640823-3234
            3,Bo Ek,640823-3234,640823-3234

            """
        let s = try Self.read(text)
        #expect(s.column(for: .personnummer) == 2)
        #expect(s.columns[2].roleFromValues)
        #expect(s.columns[3].role == nil)  // the role is taken: the first column wins
        // A header that names the role wins over any inference.
        let named = try Self.read(text.replacingOccurrences(of: "pnr_partner", with: "personnummer"))
        #expect(named.column(for: .personnummer) == 3)
        #expect(!named.columns[3].roleFromValues)
        #expect(named.columns[2].role == nil)
    }

    @Test func thresholdSparseColumnsAndSwitchingOff() throws {
        // 9 of 10 phones parse: exactly 90 % is enough; 8 of 10 is not.
        let good = (0..<9).map { "\($0),070-123 45 6\($0)" } + ["9,ring mig"]
        let s = try Self.read("a,b\n" + good.joined(separator: "\n") + "\n")
        #expect(s.column(for: .phone) == 1)
        let worse = (0..<8).map { "\($0),070-123 45 6\($0)" } + ["8,ring mig", "9,senare"]
        #expect(try Self.read("a,b\n" + worse.joined(separator: "\n") + "\n").column(for: .phone) == nil)
        // Two filled values are too few to judge.
        #expect(try Self.read("a,b\n1,x@y.se\n2,z@y.se\n3,\n").column(for: .email) == nil)
        // Switched off: no role from values.
        #expect(try Self.read(Self.register, infer: false).column(for: .email) == nil)
    }

    @Test func headerlessFileGetsIdentifierRoles() throws {
        let s = try Self.read("""
            1;Åsa;Öberg;640823-3234;asa@example.se
            2;Per;Ek;19640823-3234;per.ek@example.com
            3;Bo;Ek;640823-3234;bo@ek.se

            """)
        #expect(s.rowCount == 3)
        #expect(s.column(for: .personnummer) == 3)
        #expect(s.column(for: .email) == 4)
    }
}

@Suite("Postal address column")
struct PostalAddressColumnTests {
    /// A "Postadress" column holding `NNN NN Ort` becomes the postal address by its values and gives the
    /// features their postal code and city; validate checks it and washes it to `NNN NN Ort`.
    @Test func postadressValuesGivePostalCodeAndCity() throws {
        let text = """
            id;förnamn;efternamn;utdelningsadress;postadress
            1;Åsa;Öberg;Storgatan 12;114 53 Stockholm
            2;Per;Ek;Kungsvägen 3;SE-41301 GÖTEBORG
            3;Bo;Ek;Ringvägen 4;01453 Göteborg
            4;Eva;Ek;Box 12;98201 Gällivare

            """
        let s = try RoleInferenceTests.read(text)
        #expect(s.column(for: .postalAddress) == 4)
        #expect(s.columns[4].roleFromValues)
        #expect(s.column(for: .postalCode) == nil)
        let f = FeatureBuilder.build(s, workers: 1)
        #expect(Array(f.postalCode) == [11453, 41301, 0, 98201])
        #expect(f.cityHash[0] != 0 && f.cityHash[1] != 0 && f.cityHash[0] != f.cityHash[1])
        let r = RegisterValidator.validate(s, referenceDate: 2026_11_23, workers: 1)
        let column = r.columns.first { $0.name == "postadress" }!
        #expect(column.check == .postalAddress)
        #expect(column.findings.map(\.reason) == ["starts with 0 (Swedish codes are 100 00-999 99)"])
        #expect(column.findings.first?.firstLines == [4])
    }

    @Test func aStreetPostadressIsNotAPostalAddress() throws {
        let s = try RoleInferenceTests.read("""
            id;namn;postadress
            1;Åsa Öberg;Storgatan 12
            2;Per Ek;Box 1234
            3;Bo Ek;Ringvägen 4

            """)
        #expect(s.column(for: .postalAddress) == nil)
    }
}

@Suite("Full-name column")
struct FullNameColumnTests {
    /// "Förnamn Efternamn" and "Efternamn, Förnamn" both split into the right parts.
    @Test func commaMeansSurnameFirst() throws {
        let text = """
            id;namn
            1;Anna Andersson
            2;Andersson, Anna
            3;von Essen, Anna Maria
            4;Andersson,Anna
            5;Andersson,
            6;Madonna
            7;Anna-Karin Jonsson-Blomqvist
            8;"St. Clair, Eva"

            """
        let s = try RoleInferenceTests.read(text)
        #expect(s.column(for: .fullName) == 1)
        let f = FeatureBuilder.build(s, workers: 1)
        func decoded(_ c: ByteColumn, _ r: Int) -> String {
            String(String.UnicodeScalarView(c.row(r).map { Unicode.Scalar($0) }))
        }
        let first = (0..<8).map { decoded(f.firstExact, $0) }, last = (0..<8).map { decoded(f.lastExact, $0) }
        #expect(first == ["anna", "anna", "anna maria", "anna", "", "", "anna-karin", "eva"])
        #expect(last == ["andersson", "andersson", "von essen", "andersson", "andersson", "madonna",
                         "jonsson-blomqvist", "st clair"])
    }
}

@Suite("Backup phone and e-mail columns")
struct BackupColumnTests {
    @Test func mobileFillsAMissingPhoneAndIsValidated() throws {
        let text = """
            id;förnamn;efternamn;Telefon;Mobil;E-post;E-post 2
            1;Åsa;Öberg;08-123 456 78;070-123 45 67;asa@example.se;
            2;Per;Ek;;070-765 43 21;;per@example.se
            3;Bo;Ek;;ring mig;;

            """
        let s = try RoleInferenceTests.read(text)
        #expect(s.columns.map(\.role) == [.id, .firstName, .lastName, .phone, nil, .email, nil])
        #expect(s.columns.map(\.alternateFor) == [nil, nil, nil, nil, .phone, nil, .email])
        #expect(s.alternateColumns(for: .phone) == [4])
        let f = FeatureBuilder.build(s, workers: 1)
        #expect(f.phone[0] == 46_81_234_5678)  // the first column wins when it has a value
        #expect(f.phone[1] == 46_707_654_321)  // the mobile fills the gap
        #expect(f.phone[2] == 0)
        #expect(f.emailHash[1] != 0 && f.emailHash[2] == 0)
        let r = RegisterValidator.validate(s, referenceDate: 2026_11_23, workers: 1)
        let mobil = r.columns.first { $0.name == "Mobil" }!
        #expect(mobil.check == .phone)
        #expect(mobil.findings.map(\.firstLines) == [[4]])
    }
}
