import ArgumentParser
import Dubblett
import Foundation
import Testing
@testable import DubblettCLI

@Suite("dubblett validate")
struct ValidateTests {
    static let sample =
        "Kundnr;Förnamn;Personnummer;Telefon\n1;Anna;640823-3234;070-123 45 67\n2;Bo;640823-3235;08-12\n"

    func result() throws -> (RecordStore, ValidationResult) {
        let s = try CSVReader.read(bytes: Array(Self.sample.utf8), name: "kunder.csv", options: .init(workers: 1))
        return (s, RegisterValidator.validate(s, referenceDate: 2026_11_23, workers: 1))
    }

    @Test func textReportCountsReasonsAndLinesButNoValues() throws {
        let (s, r) = try result()
        let out = Validate.renderText(s, r)
        #expect(out.contains("invalid: bad check digit: 1 (line 3)"))
        #expect(out.contains("invalid: too few digits: 1 (line 3)"))
        #expect(out.contains("reference date 2026-11-23"))
        for value in ["Anna", "640823", "070-123", "08-12"] { #expect(!out.contains(value)) }
    }

    @Test func jsonReportIsParseable() throws {
        let (s, r) = try result()
        let object = try JSONSerialization.jsonObject(with: Data(Validate.renderJSON(s, r).utf8)) as? [String: Any]
        #expect(object?["rowsWithFindings"] as? Int == 1)
        let columns = object?["columns"] as? [[String: Any]]
        #expect(columns?.count == 4)
    }

    @Test func optionsAreValidated() throws {
        #expect(try Validate.parse(["f.csv", "--reference-date", "2026-01-31"]).reference() == 2026_01_31)
        #expect(throws: (any Error).self) { try Validate.parse(["f.csv", "--reference-date", "31/1"]) }
        #expect(throws: (any Error).self) { try Validate.parse(["f.csv", "--output", "f.csv"]) }
        #expect(try Validate.parse(["f.csv", "--reference-date", "20260131"]).reference() == 2026_01_31)
        #expect(throws: (any Error).self) { try Validate.parse(["f.csv", "--reference-date", "26-01-31"]) }
        #expect(throws: (any Error).self) { try Validate.parse(["f.csv", "--reference-date", "01/31/26"]) }
    }

    @Test func absurdWorkerCountsAreRejected() throws {
        #expect(try Validate.parse(["f.csv", "--workers", "256"]).read.workers == 256)
        #expect(throws: (any Error).self) { try Validate.parse(["f.csv", "--workers", "257"]) }
        #expect(throws: (any Error).self) { try Validate.parse(["f.csv", "--workers", "9223372036854775807"]) }
        #expect(throws: (any Error).self) { try Generate.parse(["-o", "x.csv", "--workers", "4611686018427387904"]) }
    }

    @Test func generateRefusesATruthPathEqualToTheRegister() throws {
        let dir = NSTemporaryDirectory() + "dubblett-gen-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let command = try Generate.parse(["-o", dir + "/r.csv", "--truth", dir + "/./r.csv", "--rows", "10",
                                          "--quiet"])
        #expect(throws: (any Error).self) { try command.run() }
        #expect(!FileManager.default.fileExists(atPath: dir + "/r.csv"))
    }
}
