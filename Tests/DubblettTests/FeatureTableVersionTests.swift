import Testing

@testable import Dubblett

/// Stored feature tables from an older Dubblett still open; those from an unknown version are refused.
@Suite("FeatureTable format versions")
struct FeatureTableVersionTests {
    /// A table of `n` rows with a gender on every row and no company names.
    static func table(rows n: Int) -> FeatureTable {
        var t = FeatureTable()
        for i in 0..<n {
            var row = FeatureTable.Row()
            row.firstFolded = Array("anna\(i)".utf8)
            row.personnummer = 190_001_010_000 + Int64(i)
            row.gender = 2
            t.append(row)
        }
        return t
    }

    @Test func versionOneReadsWithGenderMissing() throws {
        let n = 3
        let t = Self.table(rows: n)
        var bytes = t.serialized()
        // Version 1 is version 2 without the gender column and the declared columns (here three counts of
        // zero), which sit before the company name column, the company hashes and the company first-word
        // hashes (all three empty here but for their counts).
        let after = (8 + (n + 1) * 4) + 8 + (8 + 8 * n) + (8 + 8 * n)
        let removedEnd = bytes.count - after
        bytes.removeSubrange((removedEnd - (8 + n) - 24)..<removedEnd)
        bytes.replaceSubrange(4..<8, with: withUnsafeBytes(of: UInt32(1).littleEndian) { Array($0) })
        let old = try bytes.withUnsafeBytes { try FeatureTable(serialized: $0) }
        #expect(old.count == n)
        #expect(old.gender == [0, 0, 0])
        #expect(old.personnummer == t.personnummer)
        let current = try t.serialized().withUnsafeBytes { try FeatureTable(serialized: $0) }
        #expect(current.gender == [2, 2, 2])
    }

    @Test func anUnknownVersionIsRefusedWithTheVersionsThatAreRead() throws {
        var bytes = Self.table(rows: 2).serialized()
        bytes.replaceSubrange(4..<8, with: withUnsafeBytes(of: UInt32(99).littleEndian) { Array($0) })
        do {
            _ = try bytes.withUnsafeBytes { try FeatureTable(serialized: $0) }
            Issue.record("version 99 was read")
        } catch let error as FeatureTableFormatError {
            #expect(error.description.contains("format version 99"))
            #expect(error.description.contains("1 to \(FeatureTable.serializedVersion)"))
        }
    }
}

@Suite("FeatureTable declared columns on append")
struct FeatureTableAppendTests {
    @Test func featuresStoredBeforeAColumnWasDeclaredAppendAsMissing() throws {
        let (store, declared) = try ExtraColumnTests.segmentsAndNotes()
        var t = FeatureBuilder.build(store, workers: 1, settings: declared)
        t.append(contentsOf: FeatureBuilder.build(store, workers: 1, settings: MatchSettings()))
        #expect(t.count == 6 && t.extraValues.count == 12 && t.extraTokens.count == 48)
        #expect(t.extraValue(3, 0) == 0 && t.extraValue(5, 1) == 0)
        var only = MatchSettings()
        only.extraColumns = [declared.extraColumns[1]]
        t.append(contentsOf: FeatureBuilder.build(store, workers: 1, settings: only))
        #expect(t.extraValue(6, 0) == 0 && t.extraValue(6, 1) == t.extraValue(0, 1) && t.extraValue(6, 1) != 0)
        #expect(Array(t.extraTokens[6 * 8..<7 * 8]) == Array(t.extraTokens[0..<8]))
    }
}
