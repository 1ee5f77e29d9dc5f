import Testing
@testable import Dubblett
import DubblettTestSupport

@Suite("Personnummer")
struct PersonnummerTests {
    static let reference: Int32 = 2026_11_23

    static let valid: [(String, Int64, Bool)] = [
        ("19121212-1212", 1912_1212_1212, false),
        ("121212-1212", 2012_1212_1212, false),  // age 0-99 → 2012
        ("121212+1212", 1912_1212_1212, false),  // + → 100 years more
        ("6408233234", 1964_0823_3234, false),
        ("640823-3234", 1964_0823_3234, false),
        (" 640823 3234 ", 1964_0823_3234, false),
        ("196408233234", 1964_0823_3234, false),
        ("19640823-3234", 1964_0823_3234, false),
        ("701063-2391", 1970_1063_2391, true),  // samordningsnummer, Skatteverket's example
        ("2512319878", 2025_1231_9878, false),
        ("2612319877", 1926_1231_9877, false),  // 2026-12-31 is after the reference date → 1926
        ("2611234564", 2026_1123_4564, false),  // born on the reference date: age 0 → 2026
        ("20000229-1235", 2000_0229_1235, false),  // leap day
        ("030162-3450", 2003_0162_3450, true),
    ]

    @Test func aWrongCheckDigitIsRepairedAndNothingElseIs() {
        func repaired(_ s: String) -> Int64? {
            var s = s
            return s.withUTF8 { Personnummer.repairingCheckDigit(UnsafeRawBufferPointer($0), referenceDate: Self.reference) }
        }
        #expect(repaired("640823-3235") == 1964_0823_3234)
        #expect(repaired("19640823-3239 ") == 1964_0823_3234)
        #expect(repaired("701063-2392") == 1970_1063_2391)
        #expect(repaired("640823-3234") == nil, "a valid number needs no repair")
        #expect(repaired("641323-3234") == nil, "an impossible date is not a check-digit error")
        #expect(repaired("64082-3234") == nil)
        #expect(repaired("") == nil)
    }

    @Test(arguments: valid)
    func parsesValidSpellings(input: String, canonical: Int64, samordning: Bool) {
        #expect(Personnummer.parse(input, referenceDate: Self.reference)
                == .valid(canonical: canonical, isSamordningsnummer: samordning))
    }

    /// `+` means the person turns 100 or more in the reference year (Skatteverket), whatever the date.
    static let plusCentury: [(String, Int32, Int64)] = [
        ("260601+9871", 2026_03_01, 1926_0601_9871),  // turns 100 later in 2026: still `+`, 1926
        ("261231+9877", 2026_11_23, 1926_1231_9877),
        ("260101+9876", 2026_01_01, 1926_0101_9876),
        ("270101+9875", 2026_11_23, 1827_0101_9875),  // 1927 turns 100 only in 2027
        ("121212+1212", 2026_11_23, 1912_1212_1212),
        ("990101+9878", 2000_06_30, 1899_0101_9878),
    ]

    @Test(arguments: plusCentury)
    func plusSeparatorMeansTurningHundredThisCalendarYear(input: String, reference: Int32, canonical: Int64) {
        #expect(Personnummer.parse(input, referenceDate: reference) == .valid(canonical: canonical,
                                                                              isSamordningsnummer: false))
    }

    /// `-` (and no separator): the latest birth date on or before the reference date.
    @Test func hyphenMeansLatestDateOnOrBeforeReference() {
        #expect(Personnummer.parse("260301-9874", referenceDate: 2026_03_01)
                == .valid(canonical: 2026_0301_9874, isSamordningsnummer: false))
        #expect(Personnummer.parse("260302-9873", referenceDate: 2026_03_01)
                == .valid(canonical: 1926_0302_9873, isSamordningsnummer: false))
    }

    static let invalid: [(String, PersonnummerProblem)] = [
        ("640823-3235", .badChecksum),
        ("6408233230", .badChecksum),
        ("641301-1234", .impossibleDate),
        ("640832-1234", .impossibleDate),
        ("19000229-1234", .impossibleDate),  // 1900 is not a leap year
        ("17640823-3234", .impossibleDate),
        ("640892-1234", .impossibleDate),  // day 92 - 60 = 32
        ("640823-323", .wrongLength),
        ("1964082332345", .wrongLength),
        ("12345", .wrongLength),
        ("64O823-3234", .nonDigits),
        ("640823--3234", .nonDigits),
        ("6408-233234", .nonDigits),
        ("n/a", .nonDigits),
        ("20261231-9877", .future),
    ]

    @Test(arguments: invalid)
    func classifiesInvalidNumbers(input: String, problem: PersonnummerProblem) {
        #expect(Personnummer.parse(input, referenceDate: Self.reference) == .invalid(problem))
    }

    @Test(arguments: ["", "   ", "\t"])
    func emptyFieldIsEmpty(input: String) {
        #expect(Personnummer.parse(input, referenceDate: Self.reference) == .empty)
    }

    @Test func formatsCanonicalForm() {
        #expect(Personnummer.formatted(canonical: 1964_0823_3234) == "19640823-3234")
        #expect(Personnummer.formatted(canonical: 1970_1063_2391) == "19701063-2391")
    }

    @Test func derivesBirthDateAndSex() {
        #expect(Personnummer.birthDate(canonical: 1970_1063_2391) == 1970_10_03)
        #expect(Personnummer.birthDate(canonical: 1964_0823_3234) == 1964_08_23)
        #expect(Personnummer.isSamordningsnummer(canonical: 1970_1063_2391))
        #expect(Personnummer.isOddBirthNumber(canonical: 1970_1063_2391))  // 239: odd → man
        #expect(Personnummer.isOddBirthNumber(canonical: 1964_0823_3234))  // 323: odd
        #expect(!Personnummer.isOddBirthNumber(canonical: 1964_0823_3242))  // 324: even → woman
    }

    /// Every valid number survives format → parse unchanged (seeded random numbers).
    @Test func formatParseRoundTrip() {
        var rng = SeededGenerator(seed: 0x5EED_0004)
        for _ in 0..<2_000 {
            let year = Int64.random(in: 1900...2025, using: &rng)
            let month = Int64.random(in: 1...12, using: &rng)
            let day = Int64.random(in: 1...28, using: &rng) + (Bool.random(using: &rng) ? 60 : 0)
            let birth = Int64.random(in: 1...999, using: &rng)
            let yymmdd: Int64 = (year % 100) * 10_000 + month * 100 + day
            let nine = UInt64(yymmdd * 1_000 + birth)
            let check = Int64(NormaliseSupport.luhnCheckDigit(nine, count: 9))
            let date: Int64 = year * 10_000 + month * 100 + day
            let canonical: Int64 = date * 10_000 + birth * 10 + check
            let text = Personnummer.formatted(canonical: canonical)
            #expect(Personnummer.parse(text, referenceDate: Self.reference)
                    == .valid(canonical: canonical, isSamordningsnummer: day > 60), "seed 0x5EED0004, \(text)")
        }
    }
}
