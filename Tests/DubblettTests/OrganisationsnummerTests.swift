import Testing
@testable import Dubblett

@Suite("Organisationsnummer")
struct OrganisationsnummerTests {
    static let valid: [(String, Int64, UInt8)] = [
        ("556036-0793", 556_036_0793, 5),  // Saab AB
        ("5560360793", 556_036_0793, 5),
        (" 556036 0793 ", 556_036_0793, 5),
        ("16556036-0793", 556_036_0793, 5),
        ("SE556036079301", 556_036_0793, 5),
        ("se 5560360793 01", 556_036_0793, 5),
        ("212000-0142", 212_000_0142, 2),  // Stockholms stad
    ]

    @Test(arguments: valid)
    func parsesValidSpellings(input: String, canonical: Int64, group: UInt8) {
        #expect(Organisationsnummer.parse(input) == .valid(canonical: canonical, group: group))
    }

    static let invalid: [(String, OrganisationsnummerProblem)] = [
        ("556036-0794", .badChecksum),
        ("640823-3234", .personnummerShape),  // a personnummer (enskild firma)
        ("556036-079", .wrongLength),
        ("17556036-0793", .wrongLength),
        ("SE556036079302", .wrongLength),
        ("556O36-0793", .nonDigits),
        ("5560-360793", .nonDigits),
    ]

    @Test(arguments: invalid)
    func classifiesInvalidNumbers(input: String, problem: OrganisationsnummerProblem) {
        #expect(Organisationsnummer.parse(input) == .invalid(problem))
    }

    @Test func emptyAndFormat() {
        #expect(Organisationsnummer.parse("  ") == .empty)
        var out = [UInt8](repeating: 0, count: 11)
        _ = out.withUnsafeMutableBufferPointer { Organisationsnummer.format(canonical: 556_036_0793, into: $0) }
        #expect(String(decoding: out, as: UTF8.self) == "556036-0793")
    }
}
