import Testing
@testable import Dubblett

@Suite("PhoneNumber")
struct PhoneNumberTests {
    static let valid: [(String, Int64, PhoneKind)] = [
        ("070-123 45 67", 46_701_234_567, .mobile),
        ("0701234567", 46_701_234_567, .mobile),
        ("+46 70 123 45 67", 46_701_234_567, .mobile),
        ("+46 (0)70-123 45 67", 46_701_234_567, .mobile),
        ("+46070-1234567", 46_701_234_567, .mobile),  // trunk 0 kept after +46 by mistake
        ("0046701234567", 46_701_234_567, .mobile),
        ("46701234567", 46_701_234_567, .mobile),
        ("701234567", 46_701_234_567, .mobile),  // spreadsheet dropped the leading 0
        ("070.123.45.67", 46_701_234_567, .mobile),
        ("073-987 65 43", 46_739_876_543, .mobile),
        ("076 - 111 22 33", 46_761_112_233, .mobile),
        ("079-000 11 22", 46_790_001_122, .mobile),
        ("072 123 45 67", 46_721_234_567, .mobile),
        ("08-123 456 78", 46_812_345_678, .landline),
        ("(08) 12 34 56", 46_8123_456, .landline),
        ("08/7654321", 46_876_543_21, .landline),
        ("031-12 34 56", 46_311_234_56, .landline),
        ("040 - 12 34 56", 46_401_234_56, .landline),
        ("0910-123 45", 46_910_123_45, .landline),  // Skellefteå: 09… is geographic
        ("090-12 34 56", 46_901_234_56, .landline),  // Umeå
        ("0900-123 456", 46_900_123_456, .service),  // premium rate
        ("0939-123 456", 46_939_123_456, .service),
        ("020-123 456", 46_201_23456, .service),
        ("0771-123 456", 46_771_123_456, .service),
        ("010-123 45 67", 46_101_234_567, .service),
        ("+47 22 12 34 56", 47_2212_3456, .foreign),
        ("0047 22123456", 47_2212_3456, .foreign),
        ("+358 40 123 4567", 358_401_234_567, .foreign),
        ("+1 (212) 555-0100", 1_212_555_0100, .foreign),
        ("\u{00A0}0701234567\u{00A0}", 46_701_234_567, .mobile),
    ]

    @Test(arguments: valid)
    func parsesCommonSpellings(input: String, e164: Int64, kind: PhoneKind) {
        #expect(PhoneNumber.parse(input) == .valid(e164: e164, kind: kind))
    }

    static let invalid: [(String, PhoneProblem)] = [
        ("070-123 45 6", .tooShort),
        ("070-123 45 678", .tooLong),
        ("08-12", .tooShort),
        ("08-123 456 789 0", .tooLong),
        ("ring mig", .nonDigits),
        ("070-1234567 ankn 12", .nonDigits),
        ("8123456", .missingTrunkPrefix),
        ("+46 0", .tooShort),
        ("078-123 45 67", .invalidPrefix),
        ("+47 1234", .tooShort),
        ("+1234567890123456", .tooLong),
        ("-", .nonDigits),
    ]

    @Test(arguments: invalid)
    func classifiesInvalidNumbers(input: String, problem: PhoneProblem) {
        #expect(PhoneNumber.parse(input) == .invalid(problem))
    }

    @Test func emptyAndFormat() {
        #expect(PhoneNumber.parse("   ") == .empty)
        var out = [UInt8](repeating: 0, count: 16)
        let n = out.withUnsafeMutableBufferPointer { PhoneNumber.format(e164: 46_701_234_567, into: $0) }
        #expect(String(decoding: out[..<n], as: UTF8.self) == "+46701234567")
    }
}
