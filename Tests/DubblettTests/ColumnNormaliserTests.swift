import Testing
@testable import Dubblett

@Suite("ColumnNormaliser")
struct ColumnNormaliserTests {
    /// A column of raw fields kept alive for the accessor.
    final class Column: @unchecked Sendable {
        let bytes: [UInt8]
        let offsets: [Int]
        init(_ fields: [String]) {
            var b = [UInt8]()
            var o = [0]
            for f in fields { b += Array(f.utf8); o.append(b.count) }
            bytes = b
            offsets = o
        }
        var count: Int { offsets.count - 1 }
        /// The bytes of field `row`; valid while `self` lives (the array is never mutated).
        func field(_ row: Int) -> UnsafeRawBufferPointer {
            bytes.withUnsafeBytes { UnsafeRawBufferPointer(rebasing: $0[offsets[row]..<offsets[row + 1]]) }
        }
    }

    static let names = ["Åsa Öberg", "", "Anna-Karin", "  ", "Baeckstroem", "O'Brien", "Łukasz", "Ekström"]

    @Test(arguments: [1, 3])
    func namesMatchPerFieldNormaliser(workers: Int) {
        let column = Column((0..<50).map { Self.names[$0 % Self.names.count] })
        for folded in [false, true] {
            let result = ColumnNormaliser.names(count: column.count, folded: folded, workers: workers) {
                column.field($0)
            }
            #expect(result.count == column.count)
            for row in 0..<column.count {
                let expected = NameNormaliser.normalise(Self.names[row % Self.names.count], folded: folded)
                #expect(Array(result.bytes[result.range(row)]) == expected, "row \(row)")
            }
        }
    }

    @Test(arguments: [1, 3])
    func numericColumnsCarryValuesAndStatus(workers: Int) {
        let pnr = Column(["640823-3234", "", "640823-3235", "701063-2391"])
        let p = ColumnNormaliser.personnummer(count: 4, referenceDate: 2026_11_23, workers: workers) { pnr.field($0) }
        #expect(p.values == [1964_0823_3234, 0, 0, 1970_1063_2391])
        #expect(p.status == [.valid, .empty, .invalid(PersonnummerProblem.badChecksum.rawValue), .valid])
        let phone = Column(["070-123 45 67", "ring mig", "08-123 456 78"])
        let ph = ColumnNormaliser.phones(count: 3, workers: workers) { phone.field($0) }
        #expect(ph.values == [46_701_234_567, 0, 46_812_345_678])
        #expect(ph.status[1].problem == PhoneProblem.nonDigits.rawValue)
        let post = Column(["114 53", "1145"])
        #expect(ColumnNormaliser.postalCodes(count: 2, workers: workers) { post.field($0) }.values == [11453, 0])
        let dates = Column(["1964-08-23", "05/06/2020"])
        let d = ColumnNormaliser.dates(count: 2, referenceDate: 2026_11_23, workers: workers) { dates.field($0) }
        #expect(d.values == [1964_08_23, 0] && d.status == [.valid, .suspicious])
    }

    @Test func streetsAndEmails() {
        let streets = Column(["Storg. 12 B lgh 1101", "Box 12", ""])
        let s = ColumnNormaliser.streets(count: 3, folded: true, workers: 2) { streets.field($0) }
        #expect(Array(s.names.bytes[s.names.range(0)]) == Array("storgatan".utf8))
        #expect(s.parts[0].houseNumber == 12 && s.parts[0].letter == 0x62 && s.parts[0].lgh == 1101)
        #expect(s.parts[1].flags.contains(.box) && s.names.range(1).isEmpty)
        let emails = Column(["Per@Gmial.com", "per@example.se", "nope"])
        let e = ColumnNormaliser.emails(count: 3, workers: 2) { emails.field($0) }
        #expect(e.status == [.suspicious, .valid, .invalid(EmailProblem.missingAt.rawValue)])
        #expect(Array(e.addresses.bytes[e.addresses.range(0)]) == Array("per@gmial.com".utf8))
    }
}
