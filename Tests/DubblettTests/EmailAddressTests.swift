import Testing
@testable import Dubblett

@Suite("EmailAddress")
struct EmailAddressTests {
    static let valid: [(String, String)] = [
        ("anna.svensson@example.se", "anna.svensson@example.se"),
        ("  Anna.Svensson@Example.SE ", "anna.svensson@example.se"),
        ("<kalle@foretag.se>", "kalle@foretag.se"),
        ("mailto:Kalle@Foretag.se", "kalle@foretag.se"),
        ("o'brien+tag@mail.example.co.uk", "o'brien+tag@mail.example.co.uk"),
        ("per@gmail.com", "per@gmail.com"),
        ("per@hotmail.se", "per@hotmail.se"),
        ("per@mail.com", "per@mail.com"),  // a real provider one edit from gmail.com
        ("info@räksmörgås.se", "info@räksmörgås.se"),  // IDN domain
    ]

    @Test(arguments: valid)
    func normalisesValidAddresses(input: String, expected: String) {
        let (out, result) = EmailAddress.normalise(input)
        #expect(result == .valid(length: expected.utf8.count))
        #expect(out == expected)
    }

    static let typos: [(String, String)] = [
        ("per@gmial.com", "gmail.com"), ("per@gmai.com", "gmail.com"), ("per@gmail.co", "gmail.com"),
        ("per@gmail.se", "gmail.com"), ("per@hotmial.com", "hotmail.com"), ("per@hotmail.con", "hotmail.com"),
        ("per@hotmail.nu", "hotmail.com"), ("per@yahooo.com", "yahoo.com"), ("per@outlok.com", "outlook.com"),
        ("per@telia.co", "telia.com"),
    ]

    @Test(arguments: typos)
    func flagsProviderTypos(input: String, provider: String) {
        let (_, result) = EmailAddress.normalise(input)
        guard case .suspectedTypo(_, let k) = result else {
            Issue.record("expected a typo for \(input), got \(result)")
            return
        }
        #expect(EmailAddress.providers[k].description == provider)
    }

    static let invalid: [(String, EmailProblem)] = [
        ("anna.svensson.example.se", .missingAt), ("a@b@c.se", .missingAt), ("@example.se", .badLocalPart),
        (".anna@example.se", .badLocalPart), ("anna.@example.se", .badLocalPart), ("an..na@example.se", .badLocalPart),
        ("an(na)@example.se", .badLocalPart), ("anna@", .badDomain), ("anna@example", .badDomain),
        ("anna@example.", .badDomain), ("anna@-example.se", .badDomain), ("anna@example.s", .badDomain),
        ("anna@exa_mple.se", .badDomain), ("anna@example.123", .badDomain), ("anna svensson@example.se", .malformed),
        ("åsa@example.se", .nonASCIILocalPart),
    ]

    @Test(arguments: invalid)
    func classifiesInvalidAddresses(input: String, problem: EmailProblem) {
        #expect(EmailAddress.normalise(input).1 == .invalid(problem))
    }

    @Test func emptyField() {
        #expect(EmailAddress.normalise("  ").1 == .empty)
    }
}
