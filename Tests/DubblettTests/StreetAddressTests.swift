import Testing
@testable import Dubblett

@Suite("StreetAddress")
struct StreetAddressTests {
    /// input, expected name (Latin-1), house number, letter, lgh.
    static let cases: [(String, String, Int32, String, Int32)] = [
        ("Storgatan 12B", "storgatan", 12, "b", 0),
        ("Storgatan 12 B", "storgatan", 12, "b", 0),
        ("Storg. 12 b lgh 1101", "storgatan", 12, "b", 1101),
        ("STORG. 12", "storgatan", 12, "", 0),
        ("Drottning g. 5", "drottninggatan", 5, "", 0),
        ("Gamla vägen 5", "gamla vägen", 5, "", 0),
        ("Kungsv. 3", "kungsvägen", 3, "", 0),
        ("Kungsvägen 3 lgh.1201", "kungsvägen", 3, "", 0),
        ("Kungsvägen 3, lgh 1201", "kungsvägen", 3, "", 1201),  // a lägenhetsnummer after a comma is read
        ("Kungsvägen 3 lghnr 1201", "kungsvägen", 3, "", 1201),
        ("Kungsvägen 3 lgh1201", "kungsvägen", 3, "", 1201),
        ("Kungsvägen 3 lägenhet 1201", "kungsvägen", 3, "", 1201),
        ("S:t Eriksgatan 117", "sankt eriksgatan", 117, "", 0),
        ("St. Eriksg. 117, 2 tr", "sankt eriksgatan", 117, "", 0),
        ("V:a Hamngatan 4", "västra hamngatan", 4, "", 0),
        ("Ö:a Långgatan 2A", "östra långgatan", 2, "a", 0),
        ("1:a Långgatan 7", "1a långgatan", 7, "", 0),
        ("Gamla Vägen nr 5", "gamla vägen", 5, "", 0),
        ("Sveavägen 44-46", "sveavägen", 44, "", 0),
        ("Sveavägen 44 A-C", "sveavägen", 44, "a", 0),
        ("Ringvägen", "ringvägen", 0, "", 0),
        ("Hötorget 1 2 tr", "hötorget", 1, "", 0),
        ("  ", "", 0, "", 0),
    ]

    @Test(arguments: cases)
    func splitsStreetFields(input: String, name: String, number: Int32, letter: String, lgh: Int32) {
        let (bytes, parts) = StreetAddress.parse(input)
        #expect(bytes == latin1(name))
        #expect(parts.houseNumber == number)
        #expect(parts.letter == (letter.utf8.first ?? 0))
        #expect(parts.lgh == lgh)
    }

    @Test func foldedNameUsesFoldedAlphabet() {
        #expect(StreetAddress.parse("Kungsv. 3", folded: true).name == Array("kungsvagen".utf8))
        #expect(StreetAddress.parse("Ö:a Långgatan 2", folded: true).name == Array("ostra langgatan".utf8))
    }

    @Test func flagsBoxCareOfAndRanges() {
        let box = StreetAddress.parse("Box 1234").parts
        #expect(box.flags.contains(.box) && box.boxNumber == 1234)
        #expect(StreetAddress.parse("BOX123").parts.boxNumber == 123)
        let co = StreetAddress.parse("c/o Andersson, Storgatan 1")
        #expect(co.parts.flags.contains(.careOf) && co.name == Array("storgatan".utf8) && co.parts.houseNumber == 1)
        let coOnly = StreetAddress.parse("C/O Andersson")
        #expect(coOnly.parts.flags.contains(.careOf) && coOnly.name.isEmpty)
        #expect(StreetAddress.parse("Sveavägen 44-46").parts.flags.contains(.numberRange))
        #expect(StreetAddress.parse("Storg. 1").parts.flags.contains(.expanded))
        #expect(!StreetAddress.parse("Storgatan 1").parts.flags.contains(.expanded))
    }
}
