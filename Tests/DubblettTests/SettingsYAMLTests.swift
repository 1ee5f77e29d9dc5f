import Foundation
import Testing

@testable import Dubblett

@Suite("Settings in YAML")
struct SettingsYAMLTests {
    /// The repository root (three levels above this file).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static func write(_ text: String, _ ext: String) throws -> String {
        let path = "/tmp/dubblett-yaml-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).\(ext)"
        try Array(text.utf8).withUnsafeBytes { raw in
            let w = try AtomicFileWriter(path: path)
            w.write(raw)
            try w.commit()
        }
        return path
    }

    static func canonical(_ s: MatchSettings) throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        return String(decoding: try enc.encode(s), as: UTF8.self)
            + " \(s.explicitComparisons) \(s.explicitBlockingRules) \(s.conflictRules.rawValue)"
    }

    @Test func shippedFebrlSettingsAreTheSameInJSONAndYAML() throws {
        let json = try MatchSettings.load(from: Self.root + "/examples/febrl.json")
        let yaml = try MatchSettings.load(from: Self.root + "/examples/febrl.yaml")
        #expect(try Self.canonical(json) == Self.canonical(yaml))
        #expect(yaml.columns["identifier"] == "soc_sec_id")
        #expect(yaml.vetoes == [])
    }

    @Test func shippedCompanySettingsLoad() throws {
        let s = try MatchSettings.load(from: Self.root + "/examples/foretag.yaml")
        #expect(s.preset == "company")
        #expect(s.comparisons.map(\.field) == RegisterPreset.companyComparisons.map(\.field))
        #expect(s.explicitComparisons && !s.explicitBlockingRules)
    }

    @Test func everyKeyAndTypeGivesTheSameSettingsAsJSON() throws {
        let json = """
            {"columns": {"first_name": "Tilltalsnamn", "identifier": "Kundnr", "postal_code": "2"},
             "blocking_rules": [{"parts": ["personnummer"]}, {"parts": ["postal_code", "last_name_phonetic"],
               "window": 4, "train": false, "window_order": ["first_name_phonetic"]}],
             "comparisons": [{"field": "first_name", "high": 0.9, "low": 0.8}, {"field": "identifier"}],
             "match_threshold": 2.5, "review_threshold": -4, "strong_link_threshold": 9, "max_bucket": 12,
             "window": 7, "u_samples": 5000, "seed": 18446744073709551615, "vetoes": ["identifier"],
             "preset": "person"}
            """
        let yaml = """
            columns:
              first_name: Tilltalsnamn
              identifier: "Kundnr"
              postal_code: 2
            blocking_rules:
              - parts: [personnummer]
              - parts: [postal_code, last_name_phonetic]
                window: 4
                train: false
                window_order: [first_name_phonetic]
            comparisons:
              - {field: first_name, high: 0.9, low: 0.8}
              - field: identifier
            match_threshold: 2.5
            review_threshold: -4
            strong_link_threshold: 9
            max_bucket: 12
            window: 7
            u_samples: 5000
            seed: 18446744073709551615
            vetoes: [identifier]
            preset: person
            """
        let a = try MatchSettings.load(from: try Self.write(json, "json"))
        let b = try MatchSettings.load(from: try Self.write(yaml, "yml"))
        #expect(try Self.canonical(a) == Self.canonical(b))
        #expect(b.seed == UInt64.max)
        #expect(b.blockingRules[1].train == false)
    }

    @Test func problemsNameTheLineAndColumnOfTheirKey() throws {
        let yaml = """
            columns:
              first_name: Förnamn
              shoe_size: Storlek
            windw: 5
            comparisons:
              - field: first_name
                high: 1.5
            blocking_rules:
              - parts: [postal_code]
                window: 1
            """
        let path = try Self.write(yaml, "yaml")
        do {
            _ = try MatchSettings.load(from: path)
            Issue.record("invalid settings were accepted")
        } catch let e as SettingsError {
            let text = e.problems.joined(separator: "\n")
            #expect(text.contains("line 4, column 1: unknown setting \"windw\""), "\(text)")
            #expect(text.contains("line 3, column 3: columns: unknown role \"shoe_size\""), "\(text)")
            #expect(text.contains("line 7, column 5: comparisons[0].high"), "\(text)")
            #expect(text.contains("line 10, column 5: blocking_rules[0].window"), "\(text)")
            #expect(e.problems.count == 4, "\(text)")
        }
    }

    @Test func aTypeErrorNamesItsLine() throws {
        let path = try Self.write("comparisons:\n  - field: shoe_size\n", "yaml")
        do {
            _ = try MatchSettings.load(from: path)
            Issue.record("an unknown field was accepted")
        } catch let e as SettingsError {
            #expect(e.problems.count == 1)
            #expect(e.problems[0].contains("line 2, column 5"), "\(e.problems)")
        }
    }

    @Test(arguments: [
        ("columns: [a\nb: c\n", "line "), ("vetoes: []\nvetoes: [birth_date]\n", "given twice"),
        ("- a\n- b\n", "not a YAML mapping"), ("", "not a YAML mapping"),
        ("a: &x 1\nb: *x\n", "line "),
    ])
    func brokenYAMLIsAProblemNotACrash(text: String, expected: String) throws {
        let path = try Self.write(text, "yaml")
        do {
            _ = try MatchSettings.load(from: path)
            Issue.record("broken YAML was accepted: \(text)")
        } catch let e as SettingsError {
            #expect(e.problems.joined().contains(expected), "\(e.problems)")
        }
    }
}

#if canImport(Glibc)
    import Glibc
#endif
