import Testing
@testable import Dubblett

@Suite("Header roles")
struct ReaderHeaderRoleTests {
    @Test(arguments: [
        ("Förnamn", FieldRole.firstName), ("FIRST_NAME", .firstName), ("fornamn", .firstName),
        ("Tilltalsnamn", .firstName), ("Given name", .firstName), ("EFTERNAMN", .lastName), ("Surname", .lastName),
        ("last-name", .lastName), ("Namn", .fullName), ("Full name", .fullName), ("Gatuadress", .street),
        ("Adress", .street), ("Address line 1", .street), ("Utdelningsadress", .street), ("Postnr", .postalCode),
        ("Post nr.", .postalCode), ("POSTNUMMER", .postalCode), ("ZIP code", .postalCode), ("Postort", .city),
        ("Ort", .city), ("City", .city), ("Telefon", .phone), ("Mobilnummer", .phone), ("Mobiltelefon", .phone),
        ("Telefonnummer", .phone), ("tel.nr", .phone), ("E-post", .email), ("epost", .email), ("Mail", .email),
        ("e_mail", .email), ("E-postadress", .email), ("Personnummer", .personnummer), ("Personnr", .personnummer),
        ("PNR", .personnummer), ("SSN", .personnummer), ("Födelsedatum", .birthDate), ("Date of birth", .birthDate),
        ("DOB", .birthDate), ("ID", .id), ("Kundnr", .id), ("Kundnummer", .id), ("customer_id", .id),
        ("Org.nr", .organisationsnummer), ("Organisationsnummer", .organisationsnummer), ("ORGNR", .organisationsnummer),
        ("Organization number", .organisationsnummer), ("Personorgnr", .personnummer),
    ])
    func headerMapsToRole(header: String, role: FieldRole) {
        #expect(HeaderRoles.role(forHeader: header) == role, "\(header)")
    }

    @Test(arguments: ["C/O", "c/o-adress", "Postadress", "Adress 2", "Kommun", "Län", "Land", "Anteckning", ""])
    func headerWithoutRole(header: String) {
        #expect(HeaderRoles.role(forHeader: header) == nil, "\(header)")
    }

    @Test func foldIgnoresCaseAccentsAndPunctuation() {
        #expect(HeaderRoles.fold("Förnamn") == "fornamn")
        #expect(HeaderRoles.fold("  E-POST ") == "epost")
        #expect(HeaderRoles.fold("Födelse_Datum") == "fodelsedatum")
    }

    @Test func firstColumnWinsARoleAndOverridesComeFirst() throws {
        let s = try readCSV("Telefon;Mobil;Namn;Tilltalsnamn\n1;2;3;4\n")
        #expect(s.columns.map(\.role) == [.phone, nil, .fullName, .firstName])
        let o = try readCSV("Telefon;Mobil;Namn;Tilltalsnamn\n1;2;3;4\n") {
            $0.columnOverrides = [.phone: "mobil", .fullName: "4"]
        }
        #expect(o.columns.map(\.role) == [nil, .phone, nil, .fullName])
        #expect(o.column(for: .phone) == 1)
    }

    @Test func overrideNamingNoColumnIsAnError() {
        let e = readError(Array("a;b\n1;2\n".utf8)) { $0.columnOverrides = [.email: "E-post"] }
        #expect(e == .unknownColumn(role: .email, header: "E-post", available: ["a", "b"]))
    }
}
