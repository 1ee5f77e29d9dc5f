import Foundation
import Testing

@testable import Dubblett

/// Headerless registers whose first record has no digits must keep that record and never turn its
/// values into column names; real headers, including odd ones, must stay headers.
@Suite("Header or first record")
struct HeaderEvidenceTests {
    func read(_ text: String, workers: Int = 1) throws -> RecordStore {
        try CSVReader.read(bytes: Array(text.utf8), name: "k.csv", options: .init(workers: workers))
    }

    /// Realistic exports without a header line, first record free of digits.
    static let headerless: [(name: String, text: String, firstValue: String)] = [
        ("names only", "Anna;Andersson;Stockholm\nBo;Ek;Lund\nCecilia;Berg;Umeå\nDavid;Holm;Malmö\n", "Anna"),
        (
            "names and street",
            "Karin,Nilsson,Storgatan,Göteborg\nPer,Olsson,Kungsgatan 4,Uppsala\nEva,Lind,Parkvägen 12 B,Lund\n",
            "Karin"
        ),
        (
            "e-mail in the first record",
            "Lena,Svensson,lena.svensson@example.se\nOla,Berg,ola@example.com\nSara,Ek,sara.ek@example.se\n",
            "Lena"
        ),
        (
            "a phone number and a personnummer",
            "Nils\tPersson\t070-123 45 67\t19640823-3234\nMaja\tLund\t08-12 34 56\t19121212-1212\n", "Nils"
        ),
        (
            "a city that recurs below",
            "Ingrid|Larsson|Västerås\nJohan|Sandberg|Västerås\nMarie|Holm|Örebro\n", "Ingrid"
        ),
        (
            "one name column over a column of numbers",
            "Gustav Wallin,Storgatan\nAstrid Lindberg,Kyrkvägen 3\nOskar Forsberg,Tallvägen 8\n", "Gustav Wallin"
        ),
    ]

    @Test(arguments: headerless.indices)
    func aHeaderlessRegisterKeepsItsFirstRecord(_ index: Int) throws {
        let (name, text, firstValue) = Self.headerless[index]
        let lines = text.split(separator: "\n").count
        for workers in [1, 2] {
            let s = try read(text, workers: workers)
            #expect(s.rowCount == lines, "\(name): \(s.rowCount) rows of \(lines)")
            #expect(s.columns.map(\.name) == s.columns.indices.map { "column_\($0 + 1)" }, "\(name)")
            #expect(s.string(row: 0, column: 0) == firstValue, "\(name)")
            #expect(s.lineNumber(row: 0) == 1)
            #expect(s.issues.counts[.headerLooksLikeData] == 1, "\(name)")
            for column in s.columns { #expect(!text.contains(column.name + ",") || column.name.hasPrefix("column_")) }
            let messages = s.issues.listed.map(\.description).joined()
            #expect(!messages.contains(firstValue), "\(name): a value in a message")
        }
    }

    @Test func aColumnOverrideErrorNeverEchoesARecord() throws {
        var options = ReadOptions(workers: 1)
        options.columnOverrides = [.firstName: "Förnamn"]
        #expect {
            _ = try CSVReader.read(bytes: Array("Anna,Andersson\nBo,Ek\n".utf8), name: "k.csv", options: options)
        } throws: { error in
            guard case .unknownColumn(_, _, let available)? = error as? ReadError else { return false }
            return available == ["column_1", "column_2"] && !"\(error)".contains("Anna")
        }
    }

    /// Headers that must stay headers.
    static let headers: [(text: String, names: [String])] = [
        ("förnamn,efternamn,ort\nAnna,Andersson,Lund\n", ["förnamn", "efternamn", "ort"]),
        ("Kundnr;Namn;Status\nK-1;Anna Berg;aktiv\n", ["Kundnr", "Namn", "Status"]),
        ("kontakt_epost,kund_typ\nanna@example.se,privat\n", ["kontakt_epost", "kund_typ"]),
        ("h1,h2,h3\nAnna,Berg,Lund\n", ["h1", "h2", "h3"]),
        ("Fält 1;Fält 2\nAnna;Berg\n", ["Fält 1", "Fält 2"]),
        ("Adr,Kod\nStorgatan 1,K17\nKyrkvägen 2,K18\n", ["Adr", "Kod"]),
        ("id,entity_id\n1,1\n2,1\n", ["id", "entity_id"]),
        ("id_a,id_b\n1,2\n", ["id_a", "id_b"]),
        ("förnamn,efternamn", ["förnamn", "efternamn"]),
    ]

    @Test(arguments: headers.indices)
    func aRealHeaderStaysAHeader(_ index: Int) throws {
        let (text, names) = Self.headers[index]
        let s = try read(text)
        #expect(s.columns.map(\.name) == names)
        #expect(s.issues.counts[.headerLooksLikeData] == nil)
        #expect(s.rowCount == text.split(separator: "\n").count - 1)
    }

    @Test func evidenceRules() {
        #expect(HeaderEvidence.isNumberedSeries(["h1", "h2", "h3"]))
        #expect(HeaderEvidence.isNumberedSeries(["col0", "col1"]))
        #expect(!HeaderEvidence.isNumberedSeries(["K17", "K18"]))
        #expect(!HeaderEvidence.isNumberedSeries(["h1", "x2"]))
        #expect(!HeaderEvidence.isNumberedSeries(["Anna", "Berg"]))
        #expect(HeaderEvidence.isNumberedSeries(["a", "b", "c"]) && !HeaderEvidence.isNumberedSeries(["A", "B", "D"]))
        #expect(HeaderEvidence.isHeaderWord("E-post 2") && HeaderEvidence.isHeaderWord("first_name"))
        #expect(!HeaderEvidence.isHeaderWord("Andersson") && !HeaderEvidence.isHeaderWord("anna_b@example.se"))
        #expect(HeaderEvidence.isIdentifier("anna@example.se") && !HeaderEvidence.isIdentifier("E-post"))
    }
}
