import Foundation
import Testing
@testable import Dubblett

@Suite("MatchWriters")
struct MatchWritersTests {
    @Test func splitsCarryTheGuardsReason() throws {
        let path = NSTemporaryDirectory() + "dubblett-splits-\(getpid()).csv"
        defer { unlink(path) }
        let ids = RecordIdentifiers { row, out in MatchWriters.appendInt(&out, row + 100) }
        let splits = [
            ClusterBuilder.Split(rowA: 0, rowB: 3, weight: 4.5, sizeA: 2, sizeB: 3),
            ClusterBuilder.Split(rowA: 1, rowB: 2, weight: -1.25, sizeA: 1, sizeB: 1),
        ]
        try MatchWriters.writeSplits(to: path, splits: splits, reasons: [.birthDate, .chaining], ids: ids)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0] == "id_a,id_b,match_weight,group_a_size,group_b_size,reason")
        #expect(lines[1].hasPrefix("100,103,4.5"))
        #expect(lines[1].hasSuffix(",2,3,\(ClusterBuilder.SplitReason.birthDate)"))
        #expect(lines[2].hasSuffix(",1,1,\(ClusterBuilder.SplitReason.chaining)"))
    }

    @Test func rowsWithoutIdColumnAreNamedByTheirRecordPositionInTheFile() throws {
        // Line 3 is ragged and excluded: the record after it is the file's third data record.
        let csv = "namn,ort\nAnna,Lund\nBo,Umeå,extra\nCia,Kiruna\n"
        let store = try CSVReader.read(bytes: Array(csv.utf8), name: "t.csv")
        #expect(store.rowCount == 2)
        let ids = RecordIdentifiers.of(store)
        var out: [UInt8] = []
        ids.bytes(1, &out)
        #expect(String(decoding: out, as: UTF8.self) == "3")
        #expect(store.id(row: 1) == "3")
    }
}
