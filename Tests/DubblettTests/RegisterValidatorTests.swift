import Foundation
import Testing
@testable import Dubblett

@Suite("RegisterValidator")
struct RegisterValidatorTests {
    static let sample = """
        Kundnr;Förnamn;Efternamn;Personnummer;Telefon;Gatuadress;Postnr;Ort;E-post;Födelsedatum
        1;Åsa;Öberg;640823-3234;070-123 45 67;Storg. 12 B lgh 1101;114 53;Stockholm;Asa.Oberg@Gmail.com;1964-08-23
        2;Per;Ek;640823-3235;08-12;Kungsvägen;11453;Stockholm;per@gmial.com;1964-08-20
        3;Anna-Karin;Jonsson;701063-2391;+46 (0)8 123 456 78;Box 1234;01453;Göteborg;anna@example;05/06/1970
        4;R2D2;;;ring mig;"S:t Eriksgatan 117; 2 tr";1145;;;
        5;Bo;Ek;19640823-3234;0701234567;Ringvägen 4;11453;Stockholm;bo@ek.se;1965-01-01

        """

    func store(workers: Int = 1) throws -> RecordStore {
        try CSVReader.read(bytes: Array(Self.sample.utf8), name: "kunder.csv", options: .init(workers: workers))
    }

    func findings(_ r: ValidationResult, _ column: String) -> [String: (Int, [Int])] {
        let c = r.columns.first { $0.name == column }!
        return Dictionary(uniqueKeysWithValues: c.findings.map { ($0.reason, ($0.count, $0.firstLines)) })
    }

    @Test func reportsEveryProblemByColumnWithLines() throws {
        let r = RegisterValidator.validate(try store(), referenceDate: 2026_11_23, workers: 1)
        #expect(r.rowCount == 5)
        #expect(findings(r, "Personnummer")["bad check digit"]! == (1, [3]))
        #expect(findings(r, "Telefon")["too few digits"]! == (1, [3]))
        #expect(findings(r, "Telefon")["characters other than digits and separators"]! == (1, [5]))
        #expect(findings(r, "Postnr")["not five digits"]! == (1, [5]))
        #expect(findings(r, "E-post")["possible provider typo"]! == (1, [3]))
        #expect(findings(r, "E-post")["malformed domain"]! == (1, [4]))
        #expect(findings(r, "Födelsedatum")["day and month ambiguous"]! == (1, [4]))
        #expect(findings(r, "Födelsedatum")["differs from the personnummer's date"]! == (1, [6]))
        #expect(findings(r, "Förnamn")["contains digits"]! == (1, [5]))
        #expect(findings(r, "Gatuadress")["no house number"]! == (1, [3]))  // Box 1234 is not flagged
        #expect(r.columns.first { $0.name == "Efternamn" }!.fillRate == 0.8)
        #expect(r.rowsWithFindings == 4)
    }

    /// A B2B register: the organisationsnummer column is checked (Luhn, digits 3-4 ≥ 20, length) and
    /// washed to `NNNNNN-NNNN`; invalid values are copied unchanged.
    @Test func organisationsnummerIsCheckedAndWashed() throws {
        let csv = """
            Kundnr,Företag,Org.nr
            1,Alfa AB,556036-0793
            2,Beta AB,5560360794
            3,Gamma HB,640823-3234
            4,Delta AB,SE556036079301
            5,Epsilon AB,12345
            6,Zeta AB,

            """
        let s = try CSVReader.read(bytes: Array(csv.utf8), name: "foretag.csv", options: .init(workers: 1))
        #expect(s.column(for: .organisationsnummer) == 2)
        let r = RegisterValidator.validate(s, referenceDate: 2026_11_23, workers: 1)
        #expect(findings(r, "Org.nr")["bad check digit"]! == (1, [3]))
        #expect(findings(r, "Org.nr")["digits 3-4 below 20 (looks like a personnummer)"]! == (1, [4]))
        #expect(findings(r, "Org.nr")["wrong number of digits (want 10)"]! == (1, [6]))
        #expect(r.rowsWithFindings == 3)
        let path = NSTemporaryDirectory() + "dubblett-org-\(UInt32.random(in: 0...UInt32.max)).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try RegisterValidator.writeWashed(s, r, to: path)
        let washed = try CSVReader.read(path: path, options: .init(workers: 1))
        let org = washed.column(named: "Org.nr")!
        #expect((0..<6).map { washed.string(row: $0, column: org) }
            == ["556036-0793", "5560360794", "640823-3234", "556036-0793", "12345", ""])
        #expect(washed.string(row: 1, column: washed.column(named: "Org.nr_problem")!) == "bad check digit")
    }

    @Test func parallelResultEqualsSerial() throws {
        let serial = RegisterValidator.validate(try store(), referenceDate: 2026_11_23, workers: 1)
        let parallel = RegisterValidator.validate(try store(workers: 3), referenceDate: 2026_11_23, workers: 3)
        #expect(serial.codes == parallel.codes)
        let lines = { (r: ValidationResult) in r.columns.map { $0.findings.map(\.firstLines) } }
        #expect(lines(serial) == lines(parallel))
    }

    @Test func washedCopyHasCanonicalValuesAndProblemColumns() throws {
        let s = try store()
        let r = RegisterValidator.validate(s, referenceDate: 2026_11_23, workers: 1)
        let path = NSTemporaryDirectory() + "dubblett-washed-\(UInt32.random(in: 0...UInt32.max)).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try RegisterValidator.writeWashed(s, r, to: path)
        let washed = try CSVReader.read(path: path, options: .init(workers: 1))
        #expect(washed.rowCount == 5)
        #expect(washed.columns.count == 10 + 8)
        let pnr = washed.column(named: "Personnummer")!
        #expect(washed.string(row: 0, column: pnr) == "19640823-3234")
        #expect(washed.string(row: 1, column: pnr) == "640823-3235")  // invalid: copied unchanged
        #expect(washed.string(row: 0, column: washed.column(named: "Telefon")!) == "+46701234567")
        #expect(washed.string(row: 1, column: washed.column(named: "Postnr")!) == "114 53")
        #expect(washed.string(row: 0, column: washed.column(named: "E-post")!) == "asa.oberg@gmail.com")
        #expect(washed.string(row: 3, column: washed.column(named: "Gatuadress")!) == "S:t Eriksgatan 117; 2 tr")
        #expect(washed.string(row: 1, column: washed.column(named: "Personnummer_problem")!) == "bad check digit")
        #expect(washed.string(row: 0, column: washed.column(named: "Personnummer_problem")!) == "")
    }
    /// Rows the reader excluded go to `<output>.rejects.csv` as raw bytes with line and problem.
    @Test func excludedRowsAreWrittenToARejectsFile() throws {
        let text = "id;namn;ort\n1;Anna;Lund\n2;Bo\n3;\"Cia\"x;Ale\n4;Dan;Ed\r\n"
        let s = try CSVReader.read(bytes: Array(text.utf8), name: "r.csv", options: .init(workers: 1))
        #expect(s.rowCount == 2)
        let r = RegisterValidator.validate(s, referenceDate: 2026_11_23, workers: 1)
        let path = NSTemporaryDirectory() + "dubblett-washed-\(UInt32.random(in: 0...UInt32.max)).csv"
        let rejects = RegisterValidator.rejectsPath(forWashed: path)
        defer {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: rejects)
        }
        try RegisterValidator.writeWashed(s, r, to: path)
        #expect(try RegisterValidator.writeRejects(s, to: rejects))
        let written = try String(contentsOfFile: rejects, encoding: .utf8)
        #expect(written == "line_number;problem;id;namn;ort\n3;ragged row;2;Bo\n4;bad quoting;3;\"Cia\"x;Ale\n")
        let clean = try store()
        #expect(try !RegisterValidator.writeRejects(clean, to: rejects + ".none"))
        #expect(!FileManager.default.fileExists(atPath: rejects + ".none"))
    }
}
