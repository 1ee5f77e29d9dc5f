import ArgumentParser
import Dubblett
import Foundation
import Testing
@testable import DubblettCLI

@Suite("dubblett inspect")
struct InspectTests {
    static let sample = "Kundnr;Förnamn;Efternamn;E-post\n1;Anna;Svensson;anna@example.se\n2;Bo;Ek;\n3;x\n"

    func store(_ text: String = sample) throws -> RecordStore {
        try CSVReader.read(bytes: Array(text.utf8), name: "kunder.csv", options: .init(workers: 1))
    }

    @Test func textReportShowsDialectRolesFillRatesAndBadLinesButNoValues() throws {
        let out = Inspect.renderText(try store())
        #expect(out.contains("delimiter ';', UTF-8, LF line endings"))
        #expect(out.contains("2 usable (1 excluded)"))
        #expect(out.contains("Förnamn    first_name"))
        let emailLine = out.split(separator: "\n").first { $0.contains("E-post") }.map(String.init) ?? ""
        #expect(emailLine.contains("E-post     email ") && emailLine.hasSuffix("50.0 %"))
        #expect(!out.contains("from values"))
        #expect(out.contains("line 4: ragged row: expected 4 fields, found 2"))
        for value in ["Anna", "Svensson", "anna@example.se"] { #expect(!out.contains(value)) }
    }

    @Test func declaredColumnsAreListedWithHowTheyAreCompared() throws {
        let text = "id;Förnamn;Födelseår;Medlem sedan;Segment\n1;Anna;1975;2020-01-01;Guld\n2;Bo;1980;2021-02-02;Silver\n"
        var settings = MatchSettings()
        settings.extraColumns = [
            ExtraColumn(column: "Medlem sedan", kind: .date, days: 3), ExtraColumn(column: "Segment", kind: .category),
        ]
        settings.blockingRules.append(BlockingRule([.extra1], name: "segment"))
        let out = Inspect.renderText(try store(text), settings: settings)
        #expect(out.contains("declared  medlem_sedan: date, column 4 (\"Medlem sedan\"), compared (within 3 days)"), "\(out)")
        #expect(out.contains("declared  segment: category, column 5 (\"Segment\"), compared (exact); blocked on in segment"))
        #expect(out.contains("declared  birth_year: date, column 3 (\"Födelseår\")"), "a year of birth is found by itself")
        let json = try JSONSerialization.jsonObject(with: Data(Inspect.renderJSON(try store(text), settings: settings).utf8))
        #expect(((json as? [String: Any])?["declared"] as? [[String: Any]])?.count == 3)
    }

    @Test func jsonReportIsParseable() throws {
        let json = Inspect.renderJSON(try store())
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(object?["rows"] as? Int == 2)
        #expect(object?["delimiter"] as? String == ";")
        let columns = object?["columns"] as? [[String: Any]]
        #expect(columns?.map { $0["role"] as? String } == ["id", "first_name", "last_name", "email"])
        #expect((object?["issues"] as? [[String: Any]])?.first?["line"] as? Int == 4)
    }

    @Test func columnOverridesAreValidated() throws {
        let ok = try Inspect.parse(["f.csv", "--column", "first_name=Tilltalsnamn", "--column", "id=3"])
        #expect(try ok.read.overrides() == [.firstName: "Tilltalsnamn", .id: "3"])
        #expect(throws: (any Error).self) { try Inspect.parse(["f.csv", "--column", "nickname=Smeknamn"]) }
        #expect(throws: (any Error).self) { try Inspect.parse(["f.csv", "--column", "email"]) }
        #expect(throws: (any Error).self) { try Inspect.parse(["f.csv", "--workers", "0"]) }
    }

    @Test func exitCodesSeparateMissingInputFromBadData() {
        #expect(Inspect.exitCode(for: .fileNotFound(path: "x")) == 66)
        #expect(Inspect.exitCode(for: .isDirectory(path: "x")) == 66)
        #expect(Inspect.exitCode(for: .emptyFile(name: "x")) == 65)
        #expect(Inspect.exitCode(for: .unknownColumn(role: .id, header: "x", available: [])) == 64)
    }

    @Test func helpTeachesWithExamples() {
        let help = Inspect.helpMessage()
        #expect(help.contains("Examples:"))
        #expect(help.contains("--column first_name=Tilltalsnamn"))
        #expect(help.contains("--column id=Kundnr"))
        #expect(help.contains("--strict"))
    }
}
