import Foundation
import Testing

@testable import Dubblett

/// Columns declared in the settings with a kind (date, number, category, text): read, compared, trained,
/// blocked on and explained like the built-in fields.
@Suite("Declared columns")
struct ExtraColumnTests {
    static func value(_ text: String, _ parse: (UnsafeRawBufferPointer) -> UInt64) -> UInt64 {
        Array(text.utf8).withUnsafeBytes(parse)
    }
    static func date(_ text: String) -> UInt64 { value(text) { ExtraValue.date($0, monthFirst: nil) } }
    static func number(_ text: String) -> Double? {
        let v = value(text, ExtraValue.number)
        return v == 0 ? nil : Double(bitPattern: v)
    }

    // MARK: - Values and levels

    @Test(arguments: [
        ("1 234,50", 1234.5), ("1234.5", 1234.5), ("-12", -12), ("1,234.50", 1234.5), ("0", 0), ("12 kg", 12),
        ("+7,25 %", 7.25), ("1\u{A0}000", 1000),
    ])
    func numbersAreRead(text: String, expected: Double) {
        #expect(Self.number(text) == expected, "\(text)")
    }

    @Test func emptyAndWordsAreMissingNumbers() {
        #expect(Self.number("") == nil && Self.number("okänt") == nil && Self.number(" - ") == nil)
    }

    @Test func datesWithinThreeDaysSwappedAndYearsAlone() {
        let d = Self.date
        func level(_ a: String, _ b: String, days: Int = 3) -> Int { ExtraValue.dateLevel(d(a), d(b), days: days) }
        #expect(level("2020-01-30", "2020-01-30") == 1)
        #expect(level("2020-03-04", "2020-04-03") == 2, "day and month swapped")
        #expect(level("2020-01-30", "2020-02-02") == 3, "three days apart across a month")
        #expect(level("2020-12-30", "2021-01-02") == 3, "three days apart across a year")
        #expect(level("2020-01-30", "2020-02-03") == 4, "four days: only the same year")
        #expect(level("2020-01-30", "2020-02-02", days: 0) == 4, "no tolerance when days is 0")
        #expect(level("2020-01-30", "2019-01-30") == 5)
        #expect(level("1975", "1975") == 1, "two years alone agree exactly")
        #expect(level("1975", "1975-03-04") == 4, "a year alone against a date of that year")
        #expect(level("1975", "1976") == 5)
        #expect(level("", "1975") == 0 && d("19") == 0 && d("3000") == 0 && d("okänt") == 0)
    }

    @Test func numbersWithinAbsoluteOrRelativeTolerance() {
        func v(_ x: Double) -> UInt64 { x == 0 ? (-0.0 as Double).bitPattern : x.bitPattern }
        #expect(ExtraValue.numberLevel(v(100), v(100), absolute: 0, relative: 0) == 1)
        #expect(ExtraValue.numberLevel(v(100), v(104), absolute: 5, relative: 0) == 2)
        #expect(ExtraValue.numberLevel(v(100), v(106), absolute: 5, relative: 0) == 3)
        #expect(ExtraValue.numberLevel(v(1000), v(1009), absolute: 0, relative: 0.01) == 2)
        #expect(ExtraValue.numberLevel(v(1000), v(1020), absolute: 0, relative: 0.01) == 3)
        #expect(ExtraValue.numberLevel(0, v(1), absolute: 5, relative: 0) == 0)
        #expect(ExtraValue.numberLevel(v(0), v(0), absolute: 0, relative: 0) == 1, "zero is a value, not missing")
    }

    @Test func categoriesIgnoreCaseAndSpacing() {
        let c = { (t: String) in Self.value(t, ExtraValue.category) }
        #expect(c("Guld  Medlem") == c(" guld medlem ") && c("ÅRSKUND") == c("årskund"))
        #expect(c("Guld") != c("Silver") && c("") == 0 && c("  ") == 0)
    }

    /// Word hashes and Jaccard of two texts.
    static func text(_ a: String, _ b: String, high: Double = 0.8, low: Double = 0.5) -> (level: Int, jaccard: Double) {
        var wa = [UInt32](repeating: 0, count: ExtraValue.tokenSlots), wb = wa
        let x = wa.withUnsafeMutableBufferPointer { o in Array(a.utf8).withUnsafeBytes { ExtraValue.text($0, into: o) } }
        let y = wb.withUnsafeMutableBufferPointer { o in Array(b.utf8).withUnsafeBytes { ExtraValue.text($0, into: o) } }
        return wa.withUnsafeBufferPointer { pa in
            wb.withUnsafeBufferPointer { pb in
                (
                    ExtraValue.textLevel(x, y, pa.baseAddress!, pb.baseAddress!, high: high, low: low),
                    ExtraValue.jaccard(pa.baseAddress!, pb.baseAddress!)
                )
            }
        }
    }

    @Test func textIsComparedAsASetOfWords() {
        #expect(Self.text("Ring efter kl 17", "ring EFTER kl. 17").level == 1, "same words, case and punctuation aside")
        #expect(Self.text("Ring efter kl 17", "kl 17 ring efter").level == 2, "same words in another order")
        #expect(abs(Self.text("a b c d", "a b c e").jaccard - 3.0 / 5) < 1e-9)
        #expect(Self.text("a b c d", "a b c e").level == 3)
        #expect(Self.text("röd bil", "blå båt").level == 4 && Self.text("", "x").level == 0)
        // Sixteen words against the same sixteen with one replaced: estimated from the eight smallest hashes.
        let words = (0..<16).map { "ord\($0)" }
        var other = words
        other[7] = "annat"
        let j = Self.text(words.joined(separator: " "), other.joined(separator: " ")).jaccard
        #expect(j >= 0.6 && j <= 1, "\(j)")
    }

    // MARK: - Settings

    @Test(arguments: [
        ("join_date", "join_date"), ("Join Date", "join_date"), ("Födelseår", "fodelsear"), (" Belopp (kr) ", "belopp_kr"),
    ])
    func aDeclarationIsNamedAfterItsHeader(header: String, name: String) {
        #expect(ExtraColumn(column: header, kind: .category).name == name)
    }

    static let yaml = """
        extra_columns:
          - { column: Registrerad, kind: date, days: 3 }
          - { column: Avgift, name: fee, kind: number, relative: 0.02 }
          - { column: Segment, kind: category }
        blocking_rules:
          - { parts: [segment] }
          - { parts: [last_name_phonetic, fee] }
        comparisons:
          - { field: first_name }
          - { field: registrerad }
          - { field: fee }
        """

    static func write(_ text: String, _ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dubblett-extra-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func settingsNameDeclaredColumnsInComparisonsAndRules() throws {
        let s = try MatchSettings.load(from: try Self.write(Self.yaml, "s.yaml"))
        #expect(s.extraColumns.map(\.name) == ["registrerad", "fee", "segment"])
        #expect(s.blockingRules.map(\.parts) == [[.extra2], [.lastPhonetic, .extra1]])
        #expect(s.blockingRules.map(\.name) == ["segment", "last_name_phonetic+fee"])
        #expect(s.comparisons.map(\.name) == ["first_name", "registrerad", "fee"])
        #expect(s.comparisons[1].field == .date && s.comparisons[1].days == 3)
        #expect(s.comparisons[2].field == .number && s.comparisons[2].relative == 0.02)
        // Settings survive a round trip through JSON (a register store keeps them so).
        let back = try JSONDecoder().decode(MatchSettings.self, from: JSONEncoder().encode(s))
        #expect(back.comparisons == s.comparisons && back.blockingRules == s.blockingRules)
        #expect(back.extraColumns == s.extraColumns)
    }

    @Test func shippedMembersSettingsLoad() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let s = try MatchSettings.load(from: root + "/examples/members.yaml")
        #expect(s.extraColumns.map(\.name) == ["join_date", "plan", "fee"])
        #expect(s.extraColumns.map(\.kind) == [.date, .category, .number] && s.extraColumns[0].days == 3)
        #expect(!s.explicitComparisons && !s.explicitBlockingRules)
    }

    @Test func badDeclarationsAreProblemsWithTheirLine() throws {
        let text = """
            extra_columns:
              - { column: Registrerad, kind: date, days: 5000 }
              - { column: X, name: "Bad Name", kind: category }
            blocking_rules:
              - { parts: [segment] }
            """
        do {
            _ = try MatchSettings.load(from: try Self.write(text, "bad.yaml"))
            Issue.record("bad settings were accepted")
        } catch let error as SettingsError {
            let all = error.problems.joined(separator: "\n")
            #expect(all.contains("blocking part \"segment\"") && all.contains("registrerad"), "\(all)")
        }
        let noRules = text.components(separatedBy: "blocking_rules:")[0]
        do {
            _ = try MatchSettings.load(from: try Self.write(noRules, "bad.yaml"))
            Issue.record("bad settings were accepted")
        } catch let error as SettingsError {
            #expect(error.problems.contains { $0.contains("line 2, column") && $0.contains("extra_columns[0].days") })
            #expect(error.problems.contains { $0.contains("line 3, column") && $0.contains("\"Bad Name\"") })
        }
    }

    @Test func aDeclarationNamingNoColumnIsRefusedBeforeMatching() throws {
        var s = MatchSettings()
        s.extraColumns = [ExtraColumn(column: "Saknas", kind: .category)]
        let records = InMemoryRecords(header: ["id", "förnamn"], rows: [["1", "Anna"], ["2", "Anna"]])
        #expect(throws: SettingsError.self) { try Pipeline.run(.dedupe(records), settings: s, context: RunContext(workers: 1)) }
        // From a YAML file the problem names the file, line and column of the declaration.
        let path = try Self.write("columns: { id: id }\nextra_columns:\n  - { kind: date, column: Saknas }\n", "s.yaml")
        let loaded = try MatchSettings.load(from: path)
        do {
            _ = try Pipeline.run(.dedupe(records), settings: loaded, context: RunContext(workers: 1))
            Issue.record("a declaration naming no column was accepted")
        } catch let error as SettingsError {
            #expect(error.problems.count == 1)
            #expect(error.problems[0].hasPrefix("\(path): line 3, column ") && error.problems[0].contains(": extra_columns[0].column:"), "\(error.problems)")
            #expect(error.problems[0].contains("has no column \"Saknas\"; its columns are id, förnamn"))
        }
    }

    @Test func aYearOfBirthColumnIsADateComparedAtYearLevel() throws {
        let csv = "id,Förnamn,Efternamn,Födelseår,Gatuadress,Postnummer\n1,Anna,Berg,1975,Storgatan 1,11453\n"
            + "2,Anna,Berg,1975,Storgatan 1,11453\n3,Anna,Berg,1976,Storgatan 1,11453\n"
        let store = try CSVReader.read(bytes: Array(csv.utf8), name: "t.csv", options: ReadOptions(workers: 1))
        let (s, choice) = MatchSettings().adapted(to: store)
        #expect(s.extraColumns.map(\.name) == ["birth_year"] && s.extraColumns[0].kind == .date)
        #expect(choice.reason.contains("year of birth"))
        let g = try #require(s.comparisons.firstIndex { $0.name == "birth_year" })
        #expect(!s.comparisons.contains { $0.field == .birthDate }, "the year takes the absent birth date's place")
        let f = FeatureBuilder.build(store, workers: 1, settings: s)
        let levels = f.compareAll([0 << 32 | 1, 0 << 32 | 2], specs: s.comparisons, workers: 1)
        #expect(LevelVector(raw: levels[0])[g] == 1 && LevelVector(raw: levels[1])[g] == 5)
    }

    /// Three records with a category column (Segment) and a text column (Not), and settings declaring both.
    static func segmentsAndNotes() throws -> (RecordStore, MatchSettings) {
        let csv = "id,Segment,Not\n1,Guld,ring efter fem\n2,guld,\n3,Silver,ring före fem\n"
        var s = MatchSettings()
        s.extraColumns = [ExtraColumn(column: "Segment", kind: .category), ExtraColumn(column: "Not", kind: .text)]
        return (try CSVReader.read(bytes: Array(csv.utf8), name: "t.csv", options: ReadOptions(workers: 1)), s)
    }

    @Test func declaredColumnsSurviveTheStoredFeatureFormat() throws {
        let (store, s) = try Self.segmentsAndNotes()
        let t = FeatureBuilder.build(store, workers: 1, settings: s)
        let back = try t.serialized(rows: 1..<3).withUnsafeBytes { try FeatureTable(serialized: $0) }
        #expect(back.extraColumns == t.extraColumns)
        #expect(back.extraValues == Array(t.extraValues[2..<6]) && back.extraTokens == Array(t.extraTokens[8..<24]))
        #expect(t.extraValue(0, 0) == t.extraValue(1, 0) && t.extraValue(0, 0) != t.extraValue(2, 0))
        var erased = back
        erased.erase(row: 1)
        #expect(erased.extraValue(1, 0) == 0 && erased.extraValue(1, 1) == 0)
    }

    // MARK: - Registers where a declared column decides

    /// A register of persons without personnummer, birth date, phone or e-mail: every duplicate has a typo in
    /// its first name and half have moved within their postal code, and many others share surname, initial
    /// and postal code. Only `column` (kind `kind`) tells a duplicate from a neighbour: duplicates agree on it
    /// (a date up to three days off, a number within 1 %), others do not.
    static func register(kind: ExtraColumn.Kind, seed: UInt64 = 7) -> (InMemoryRecords, [Int]) {
        var rng = SplitMix(state: seed)
        func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
        let firsts = [
            "Anna", "Anders", "Astrid", "Axel", "Birgitta", "Bengt", "Britt", "Bo", "Karin", "Karl", "Kerstin", "Kjell",
            "Maria", "Mats", "Margareta", "Magnus", "Eva", "Erik", "Elisabeth", "Emil", "Lena", "Lars", "Linnea", "Leif",
        ]
        let lasts = ["Andersson", "Berg", "Lindqvist", "Holm", "Sandberg", "Ek", "Nyström", "Wikström"]
        let streets = ["Storgatan", "Kyrkvägen", "Skolgatan", "Parkvägen", "Torggatan", "Ängsvägen", "Björkgatan"]
        let codes = ["11453", "11454", "11455"]
        let header = ["id", "förnamn", "efternamn", "gatuadress", "postnummer", "Uppgift"]
        var rows: [[String]] = []
        var entity: [Int] = []
        func typo(_ s: String) -> String {
            var c = Array(s)
            let i = 1 + Int(rng.next() % UInt64(c.count - 1))
            c[i] = c[i] == "e" ? "a" : "e"
            return String(c)
        }
        func valueText(_ e: Int, duplicate: Bool) -> String {
            switch kind {
            case .category: return "K\(e * 7919 % 997)"
            case .number:
                let base = 1000 + Double(e) * 37.5
                return String(format: "%.2f", duplicate ? base * 1.005 : base).replacingOccurrences(of: ".", with: ",")
            case .date:
                let day = 18_000 + e * 5 + (duplicate ? 2 : 0)
                let d = Date(timeIntervalSince1970: Double(day) * 86_400)
                let f = DateFormatter()
                f.dateFormat = "yyyy-MM-dd"
                f.timeZone = TimeZone(identifier: "UTC")
                return f.string(from: d)
            case .text: return "anteckning \(e)"
            }
        }
        for e in 0..<600 {
            let first = pick(firsts), last = pick(lasts), code = pick(codes)
            let street = "\(pick(streets)) \(1 + rng.next() % 40)"
            rows.append(["\(rows.count + 1)", first, last, street, code, valueText(e, duplicate: false)])
            entity.append(e)
            if e % 2 == 0 {
                let moved = rng.next() % 2 == 0 ? "\(pick(streets)) \(1 + rng.next() % 40)" : street
                rows.append(["\(rows.count + 1)", typo(first), last, moved, code, valueText(e, duplicate: true)])
                entity.append(e)
            }
        }
        return (InMemoryRecords(header: header, rows: rows), entity)
    }

    /// Pairwise F1 of a run against the entities.
    static func f1(_ result: MatchResult, _ entity: [Int]) -> Double {
        var truePairs = 0, predicted = 0, correct = 0
        var byEntity: [Int: [Int]] = [:], byCluster: [String: [Int]] = [:]
        for r in entity.indices {
            byEntity[entity[r], default: []].append(r)
            byCluster[result.clusterID(ofRecord: r), default: []].append(r)
        }
        for g in byEntity.values { truePairs += g.count * (g.count - 1) / 2 }
        for g in byCluster.values {
            predicted += g.count * (g.count - 1) / 2
            for x in 0..<g.count { for y in (x + 1)..<g.count where entity[g[x]] == entity[g[y]] { correct += 1 } }
        }
        let p = predicted == 0 ? 0 : Double(correct) / Double(predicted), r = Double(correct) / Double(truePairs)
        return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }

    @Test(arguments: [ExtraColumn.Kind.category, .number, .date])
    func declaringTheDecidingColumnRaisesF1(kind: ExtraColumn.Kind) throws {
        let (records, entity) = Self.register(kind: kind)
        let before = try Pipeline.run(.dedupe(records), context: RunContext(workers: 2))
        var s = MatchSettings()
        s.extraColumns = [ExtraColumn(name: "uppgift", column: "Uppgift", kind: kind, days: 3, relative: 0.01)]
        let after = try Pipeline.run(.dedupe(records), settings: s, context: RunContext(workers: 2))
        let (b, a) = (Self.f1(before, entity), Self.f1(after, entity))
        #expect(a >= b + 0.05 && a >= 0.9, "\(kind): F1 \(b) without the column, \(a) with it")
        // The column shows in the explanations under its name, with its levels.
        let pair = try #require(after.pairs(.match).first)
        #expect(after.explanation(of: pair).contains { $0.field == "uppgift" && $0.level != "null" })
        if kind == .date {
            // Duplicates' dates are two days apart: without the tolerance they agree only on the year.
            s.extraColumns[0].days = 0
            let exact = Self.f1(try Pipeline.run(.dedupe(records), settings: s, context: RunContext(workers: 2)), entity)
            #expect(a >= exact + 0.05, "date: F1 \(exact) with no tolerance, \(a) within three days")
        }
    }

    @Test func blockingOnACategoryColumnMakesPairs() throws {
        // Nothing but the category is shared: without a rule on it no pair is a candidate.
        let records = InMemoryRecords(
            header: ["id", "förnamn", "Segment"],
            rows: [["1", "Anna", "Guld"], ["2", "Bertil", "guld"], ["3", "Cecilia", "Silver"], ["4", "David", "Brons"]])
        var s = MatchSettings()
        s.extraColumns = [ExtraColumn(column: "Segment", kind: .category)]
        s.blockingRules = [BlockingRule([.extra0], name: "segment")]
        s.explicitBlockingRules = true
        s.reviewThreshold = -100
        let result = try Pipeline.run(.dedupe(records), settings: s, context: RunContext(workers: 1))
        #expect(result.report.candidatePairs == 1)
        #expect(result.pairs.map { [$0.recordA, $0.recordB] } == [[0, 1]] && result.pairs.first?.rule == "segment")
        s.extraColumns = []
        s.blockingRules = [BlockingRule([.lastPhonetic])]
        let none = try Pipeline.run(.dedupe(records), settings: s, context: RunContext(workers: 1))
        #expect(none.report.candidatePairs == 0)
    }
}
