import Foundation
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

    /// Values that parse as phone numbers but are not a phone column: zero-padded customer numbers
    /// (foreign or landline shapes), first-of-month dates (service numbers), landline-shaped numbers
    /// without any mobile; and a salary that looks like a postal address.
    @Test func lookalikesAreNotInferred() throws {
        let padded10 = (1...20).map { "\($0);00\(12_345_600 + $0)" }.joined(separator: "\n")
        // A member number after the record id is the entity's own identifier (its header says so), never a phone.
        #expect(try Self.read("id;Medlemsnr\n" + padded10 + "\n").columns[1].role == .identifier)
        #expect(try Self.read("id;Kundkod\n" + padded10 + "\n").columns[1].role == nil)
        let padded8 = (1...20).map { "\($0);0\(1_234_500 + $0)" }.joined(separator: "\n")
        #expect(try Self.read("id;Kortnr\n" + padded8 + "\n").columns[1].role == nil)
        let dates = (1...12).map { "\($0);01.\(String(format: "%02d", $0)).2019" }.joined(separator: "\n")
        #expect(try Self.read("id;Medlem sedan\n" + dates + "\n").columns[1].role == nil)
        let salaries = (1...12).map { "\($0);\(30_000 + 500 * $0) kr" }.joined(separator: "\n")
        #expect(try Self.read("id;Lön\n" + salaries + "\n").columns[1].role == nil)
        // Real mobiles in the same shapes are inferred.
        let mobiles = (1...12).map { "\($0);070\(1_234_500 + $0)" }.joined(separator: "\n")
        #expect(try Self.read("id;Nr\n" + mobiles + "\n").columns[1].role == .phone)
    }

    /// A guardian's or contact person's e-mail is not the member's own; `--column email=-` rules the
    /// role out entirely.
    @Test func otherPeoplesColumnsAndExcludedRoles() throws {
        let text = """
            id;förnamn;Vårdnadshavare e-post;Anteckningar
            1;Ella;mamma@example.se;x@y.se
            2;Liam;pappa@example.se;z@y.se
            3;Maja;mamma@example.se;w@y.se

            """
        let s = try Self.read(text)
        #expect(s.columns[2].role == nil)
        #expect(s.column(for: .email) == 3)
        var options = ReadOptions(workers: 1)
        options.columnOverrides = [.email: "-"]
        let excluded = try CSVReader.read(bytes: Array(text.utf8), name: "r.csv", options: options)
        #expect(excluded.column(for: .email) == nil)
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
    /// A "Postadress" column holding `NNN NN Ort` becomes the postal address by its values (9 of 10 valid:
    /// the 90 % bar) and gives the features their postal code and city; validate checks it.
    @Test func postadressValuesGivePostalCodeAndCity() throws {
        let text = """
            id;förnamn;efternamn;utdelningsadress;postadress
            1;Åsa;Öberg;Storgatan 12;114 53 Stockholm
            2;Per;Ek;Kungsvägen 3;SE-41301 GÖTEBORG
            3;Bo;Ek;Ringvägen 4;01453 Göteborg
            4;Eva;Ek;Box 12;98201 Gällivare
            5;Al;Ek;Box 13;982 01 Gällivare
            6;Bea;Ek;Box 14;982 01 Gällivare
            7;Cai;Ek;Box 15;982 01 Gällivare
            8;Dan;Ek;Box 16;982 01 Gällivare
            9;Eje;Ek;Box 17;982 01 Gällivare
            10;Fia;Ek;Box 18;982 01 Gällivare

            """
        let s = try RoleInferenceTests.read(text)
        #expect(s.column(for: .postalAddress) == 4)
        #expect(s.columns[4].roleFromValues)
        #expect(s.column(for: .postalCode) == nil)
        let f = FeatureBuilder.build(s, workers: 1)
        #expect(Array(f.postalCode.prefix(4)) == [11453, 41301, 0, 98201])
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
            9;Andersson - Ek, Anna
            10;Andersson d.y., Anna
            11;-, Anna
            12;von\u{A0}Essen, Anna

            """
        let s = try RoleInferenceTests.read(text)
        #expect(s.column(for: .fullName) == 1)
        let f = FeatureBuilder.build(s, workers: 1)
        func decoded(_ c: ByteColumn, _ r: Int) -> String {
            String(String.UnicodeScalarView(c.row(r).map { Unicode.Scalar($0) }))
        }
        let first = (0..<12).map { decoded(f.firstExact, $0) }, last = (0..<12).map { decoded(f.lastExact, $0) }
        #expect(first == ["anna", "anna", "anna maria", "anna", "", "", "anna-karin", "eva", "anna", "anna", "", "anna"])
        #expect(last == ["andersson", "andersson", "von essen", "andersson", "andersson", "madonna",
                         "jonsson-blomqvist", "st clair", "andersson ek", "andersson d y", "anna", "von essen"])
    }
}

@Suite("Backup phone and e-mail columns")
struct BackupColumnTests {
    /// "Telefon 1", "Telefon 2": the first is the phone column, the second its backup; a placeholder in
    /// the first column does not hide a number in the second.
    @Test func numberedHeadersAndPlaceholders() throws {
        let text = """
            id;Telefon 1;Telefon 2;E-post 1;E-post 2
            1;saknas;070-123 45 67;-;a@example.se
            2;08-123 456 78;070-765 43 21;b@example.se;

            """
        let s = try RoleInferenceTests.read(text)
        #expect(s.columns.map(\.role) == [.id, .phone, nil, .email, nil])
        #expect(s.columns.map(\.alternateFor) == [nil, nil, .phone, nil, .email])
        #expect(s.columns.allSatisfy { !$0.roleFromValues })
        let f = FeatureBuilder.build(s, workers: 1)
        #expect(f.phone[0] == 46_701_234_567)
        #expect(f.phone[1] == 46_81_234_5678)
        #expect(f.emailHash[0] != 0 && f.emailHash[1] != 0 && f.emailHash[0] != f.emailHash[1])
        // A backup needs an earlier primary: "Mobil" before "Telefon" is the phone column itself.
        let reversed = try RoleInferenceTests.read("id;Mobil;Telefon\n1;070-123 45 67;08-123 456 78\n")
        #expect(reversed.columns.map(\.role) == [.id, .phone, nil])
        #expect(reversed.columns.map(\.alternateFor) == [nil, nil, .phone])
    }

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

@Suite("Washing inferred columns")
struct WashInferredTests {
    /// A column that got its role from its values is checked but copied unchanged; the same column
    /// under a header that names the role is washed.
    @Test func inferredColumnsAreCopiedNamedOnesWashed() throws {
        func washed(_ header: String) throws -> [String] {
            let text = "id;\(header)\n1;114 53 Stockholm\n2;41301 GÖTEBORG\n3;982 01 Gällivare\n"
            let s = try RoleInferenceTests.read(text)
            #expect(s.column(for: .postalAddress) == 1)
            let r = RegisterValidator.validate(s, referenceDate: 2026_11_23, workers: 1)
            let path = NSTemporaryDirectory() + "dubblett-wash-\(UInt32.random(in: 0...UInt32.max)).csv"
            defer { try? FileManager.default.removeItem(atPath: path) }
            try RegisterValidator.writeWashed(s, r, to: path)
            let w = try CSVReader.read(path: path, options: .init(workers: 1))
            return (0..<3).map { w.string(row: $0, column: 1) }
        }
        #expect(try washed("Postadress") == ["114 53 Stockholm", "41301 GÖTEBORG", "982 01 Gällivare"])
        #expect(try washed("Postnr ort") == ["114 53 Stockholm", "413 01 GÖTEBORG", "982 01 Gällivare"])
    }
}
