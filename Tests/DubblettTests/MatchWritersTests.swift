import Foundation
import Testing
@testable import Dubblett

@Suite("MatchWriters")
struct MatchWritersTests {
    @Test func idsOfDigitsCompareAsNumbersAndOthersAsBytes() throws {
        let csv = "kundnr,namn\n10,Anna\n9,Bo\n009,Cia\nA7,Dan\nA10,Eva\n"
        let store = try CSVReader.read(bytes: Array(csv.utf8), name: "t.csv")
        let ids = RecordIDs([store])
        #expect(ids.less(1, 0))  // 9 < 10
        #expect(ids.less(0, 1) == false)
        #expect(ids.less(1, 2))  // 9 == 009 by number: the earlier record first
        #expect(ids.less(4, 3))  // "A10" < "A7" by bytes
        #expect(ids.less(0, 3))  // "10" < "A7" by bytes
    }

    @Test func rowsWithoutIdColumnAreNamedByTheirRecordPositionInTheFile() throws {
        // Line 3 is ragged and excluded: the record after it is the file's third data record.
        let csv = "namn,ort\nAnna,Lund\nBo,Umeå,extra\nCia,Kiruna\n"
        let store = try CSVReader.read(bytes: Array(csv.utf8), name: "t.csv")
        #expect(store.rowCount == 2)
        var out: [UInt8] = []
        RecordIDs([store]).append(1, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "3")
        #expect(store.id(row: 1) == "3")
    }
}
