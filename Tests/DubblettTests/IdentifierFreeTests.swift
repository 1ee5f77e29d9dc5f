import Foundation
import Testing

@testable import Dubblett

/// Registers without personnummer: a person who moved is still the same person, household members are not.
@Suite("Registers without identifiers")
struct IdentifierFreeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The bundled sample without its personnummer column, and each record's entity from the truth.
    static func sampleWithoutPersonnummer() throws -> (InMemoryRecords, [String]) {
        let store = try CSVReader.read(path: root + "/datasets/sample/register.csv", options: ReadOptions(workers: 2))
        let keep = store.columns.indices.filter { store.columns[$0].role != .personnummer }
        let header = keep.map { store.columns[$0].name }
        let rows = (0..<store.rowCount).map { r in keep.map { store.string(row: r, column: $0) } }
        let truth = try CSVReader.read(path: root + "/datasets/sample/truth.csv", options: ReadOptions(workers: 1))
        var entityOf: [String: String] = [:]
        for r in 0..<truth.rowCount { entityOf[truth.string(row: r, column: 0)] = truth.string(row: r, column: 1) }
        let ids = header.firstIndex(of: "id")!
        return (InMemoryRecords(header: header, rows: rows), rows.map { entityOf[$0[ids]] ?? "" })
    }

    @Test func aMoveIsNotAStrangerAndAHouseholdIsNotOnePerson() throws {
        let (records, entity) = try Self.sampleWithoutPersonnummer()
        let result = try Pipeline.run(.dedupe(records), context: RunContext(workers: 2))
        let h = records.header
        func col(_ name: String) -> Int { h.firstIndex(of: name)! }
        let (first, last, born, street, postal, phone, email) = (
            col("förnamn"), col("efternamn"), col("födelsedatum"), col("gatuadress"), col("postnummer"), col("telefon"),
            col("e-post")
        )
        let rows = records.rows
        // Records grouped by surname: every pair inside a group is a candidate for either case.
        var bySurname: [String: [Int]] = [:]
        for (i, r) in rows.enumerated() where !r[last].isEmpty { bySurname[r[last].lowercased(), default: []].append(i) }
        var moved = 0, movedTogether = 0, household = 0, householdTogether = 0
        for group in bySurname.values where group.count > 1 {
            for x in 0..<group.count {
                for y in (x + 1)..<group.count {
                    let a = rows[group[x]], b = rows[group[y]]
                    let together = result.clusterID(ofRecord: group[x]) == result.clusterID(ofRecord: group[y])
                    let sameContact = (!a[email].isEmpty && a[email] == b[email]) || (!a[phone].isEmpty && a[phone] == b[phone])
                    if entity[group[x]] == entity[group[y]], a[first] == b[first], !a[born].isEmpty, a[born] == b[born],
                        sameContact, a[street].lowercased() != b[street].lowercased(), a[postal] != b[postal]
                    {
                        moved += 1
                        if together { movedTogether += 1 }
                    } else if entity[group[x]] != entity[group[y]], a[street].lowercased() == b[street].lowercased(),
                        !a[street].isEmpty, a[first].lowercased() != b[first].lowercased(), a[born].count >= 4,
                        b[born].count >= 4, a[born].prefix(4) != b[born].prefix(4)
                    {
                        household += 1
                        if together { householdTogether += 1 }
                    }
                }
            }
        }
        // Before the training fix 297 of the sample's moved pairs went to review (same name, birth date, phone
        // and e-mail at a new address weighed −1.0).
        #expect(moved > 200 && household > 200, "moved \(moved), household \(household)")
        #expect(Double(movedTogether) >= 0.97 * Double(moved), "moved pairs merged: \(movedTogether) of \(moved)")
        #expect(Double(householdTogether) <= 0.01 * Double(household), "households merged: \(householdTogether) of \(household)")
    }

    @Test func withoutPersonnummerStreetNumberAndFirstNameBlock() throws {
        let store = try CSVReader.read(
            bytes: Array("id,förnamn,efternamn,gatuadress,postnummer,telefon\n1,Anna,Berg,Storgatan 1,11453,\n".utf8),
            name: "t.csv", options: ReadOptions(workers: 1))
        let (s, _) = MatchSettings().adapted(to: store)
        #expect(s.blockingRules.contains { $0.parts == [.street, .houseNumber, .firstPhonetic] })
        let withPnr = try CSVReader.read(
            bytes: Array("id,förnamn,efternamn,gatuadress,personnummer\n1,Anna,Berg,Storgatan 1,19640823-3234\n".utf8),
            name: "t.csv", options: ReadOptions(workers: 1))
        let (p, _) = MatchSettings().adapted(to: withPnr)
        #expect(!p.blockingRules.contains { $0.parts == [.street, .houseNumber, .firstPhonetic] })
    }

    @Test(arguments: [
        ("M", 1), ("man", 1), (" Male ", 1), ("HERR", 1), ("K", 2), ("f", 2), ("Kvinna", 2), ("FEMALE", 2),
        ("", 0), ("1", 0), ("x", 0), ("okänt", 0), ("manlig kvinna", 0),
    ])
    func genderValues(text: String, value: Int) {
        let parsed = Array(text.utf8).withUnsafeBytes { GenderValue.parse($0) }
        #expect(Int(parsed) == value, "\(text)")
    }

    @Test func genderIsComparedInPlaceOfAnAbsentPersonnummer() throws {
        let csv = """
            id,Förnamn,Efternamn,Kön,Född,Gatuadress,Postnummer,Telefon
            1,Anna,Berg,K,1970-01-01,Storgatan 1,11453,08-123456
            2,Kim,Berg,M,1971-02-02,Storgatan 1,11453,08-123456
            """
        let store = try CSVReader.read(bytes: Array(csv.utf8), name: "t.csv", options: ReadOptions(workers: 1))
        #expect(store.column(for: .gender) == 3)
        let (s, _) = MatchSettings().adapted(to: store)
        #expect(s.comparisons.contains { $0.field == .gender } && !s.comparisons.contains { $0.field == .personnummer })
        let features = FeatureBuilder.build(store, workers: 1, settings: s)
        #expect(features.gender == [2, 1])
        let g = try #require(s.comparisons.firstIndex { $0.field == .gender })
        let levels = features.compareAll([0 << 32 | 1, 0 << 32 | 0], specs: s.comparisons, workers: 1)
        #expect(LevelVector(raw: levels[0])[g] == 2, "a woman and a man: else")
        #expect(LevelVector(raw: levels[1])[g] == 1, "the same record: same")
        // With personnummer the gender is appended when there is room, never in place of it.
        let withPnr = try CSVReader.read(
            bytes: Array("id,förnamn,personnummer,kön\n1,Anna,19640823-3234,K\n".utf8), name: "t.csv",
            options: ReadOptions(workers: 1))
        let (p, _) = MatchSettings().adapted(to: withPnr)
        #expect(p.comparisons.contains { $0.field == .personnummer } && p.comparisons.count <= 8)
    }
}
