import Testing
@testable import Dubblett

@Suite("DateParser")
struct DateParserTests {
    static let reference: Int32 = 2026_11_23

    static let valid: [(String, Int32)] = [
        ("2020-03-05", 2020_03_05), ("2020/3/5", 2020_03_05), ("2020.03.05", 2020_03_05), ("20200305", 2020_03_05),
        ("2020-03-05T12:00:00Z", 2020_03_05), ("2020-03-05 00:00:00", 2020_03_05), ("  1964-08-23 ", 1964_08_23),
        ("640823", 1964_08_23), ("64-08-23", 1964_08_23), ("250101", 2025_01_01), ("261231", 1926_12_31),
        ("5.3.2020", 2020_03_05), ("05.03.2020", 2020_03_05), ("23/8/1964", 1964_08_23), ("8/23/1964", 1964_08_23),
        ("5/5/2020", 2020_05_05), ("2000-02-29", 2000_02_29), ("23-08-1964", 1964_08_23),
        ("5/3 2020", 2020_03_05), ("16/8 1998", 1998_08_16), ("1/12 1975 00:00", 1975_12_01),
    ]

    @Test(arguments: valid)
    func parsesCommonSpellings(input: String, date: Int32) {
        #expect(DateParser.parse(input, referenceDate: Self.reference) == .valid(yyyymmdd: date))
    }

    static let invalid: [(String, DateProblem)] = [
        ("2023-02-29", .impossibleDate), ("1900-02-29", .impossibleDate), ("2020-13-01", .impossibleDate),
        ("20201301", .impossibleDate), ("1700-01-01", .impossibleDate), ("2020-00-10", .impossibleDate),
        ("igår", .unrecognised), ("2020-03", .unrecognised), ("2020-03-05x", .unrecognised),
        ("43891", .unrecognised), ("2020-03/05", .unrecognised), ("5 mars 2020", .unrecognised),
        ("2020-03-05 kl 12", .unrecognised), ("123456789", .unrecognised), ("12/03/85", .unrecognised),
        ("5/3 20", .unrecognised), ("5/3/ 2020", .unrecognised), ("2020/3 5", .unrecognised),
        ("31/2 2020", .impossibleDate),
    ]

    @Test(arguments: invalid)
    func classifiesInvalidDates(input: String, problem: DateProblem) {
        #expect(DateParser.parse(input, referenceDate: Self.reference) == .invalid(problem))
    }

    @Test(arguments: ["05/06/2020", "1/2/2020", "03-04-2020"])
    func dayMonthAmbiguityIsReported(input: String) {
        #expect(DateParser.parse(input, referenceDate: Self.reference) == .ambiguous)
    }

    @Test func emptyField() {
        #expect(DateParser.parse(" ", referenceDate: Self.reference) == .empty)
    }

    @Test func birthDateAgainstPersonnummer() {
        #expect(DateParser.compareBirthDate(1964_08_23, personnummer: 1964_0823_3234) == .agree)
        #expect(DateParser.compareBirthDate(1964_08_22, personnummer: 1964_0823_3234) == .nearby(days: 1))
        #expect(DateParser.compareBirthDate(1964_08_20, personnummer: 1964_0823_3234) == .conflict)
        #expect(DateParser.compareBirthDate(1965_08_23, personnummer: 1964_0823_3234) == .conflict)
        #expect(DateParser.compareBirthDate(1970_10_03, personnummer: 1970_1063_2391) == .agree)  // samordningsnummer
        #expect(DateParser.daysBetween(2020_02_28, 2020_03_01) == 2)
    }
}
