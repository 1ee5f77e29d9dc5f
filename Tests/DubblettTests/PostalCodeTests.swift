import Testing
@testable import Dubblett

@Suite("PostalCode")
struct PostalCodeTests {
    static let valid: [(String, Int32)] = [
        ("11453", 11453), ("114 53", 11453), ("114-53", 11453), ("SE-114 53", 11453), ("se 11453", 11453),
        ("S-11453", 11453), (" 981 99 ", 98199), ("SE11453", 11453), ("114\u{00A0}53", 11453),
    ]

    @Test(arguments: valid)
    func parsesCommonSpellings(input: String, code: Int32) {
        #expect(PostalCode.parse(input) == .valid(code))
    }

    static let invalid: [(String, PostalCodeProblem)] = [
        ("1145", .wrongLength), ("114533", .wrongLength), ("01453", .leadingZero), ("114 53 Stockholm", .nonDigits),
        ("11 453", .nonDigits), ("Stockholm", .nonDigits), ("N-0150", .nonDigits), ("1 1 4 5 3", .nonDigits),
    ]

    @Test(arguments: invalid)
    func classifiesInvalidCodes(input: String, problem: PostalCodeProblem) {
        #expect(PostalCode.parse(input) == .invalid(problem))
    }

    @Test func emptyAndFormat() {
        #expect(PostalCode.parse("") == .empty)
        var out = [UInt8](repeating: 0, count: 6)
        _ = out.withUnsafeMutableBufferPointer { PostalCode.format(11453, into: $0) }
        #expect(String(decoding: out, as: UTF8.self) == "114 53")
    }
}

@Suite("Postal address line")
struct PostalAddressLineTests {
    static func split(_ s: String) -> (String, String)? {
        var s = s
        return s.withUTF8 { p in
            let raw = UnsafeRawBufferPointer(p)
            return PostalCode.splitAddress(raw).map {
                (String(decoding: raw[$0.code], as: UTF8.self), String(decoding: raw[$0.city], as: UTF8.self))
            }
        }
    }

    @Test func splitsCodeAndPostort() {
        #expect(Self.split("114 53 Stockholm").map { $0 == ("114 53", "Stockholm") } == true)
        #expect(Self.split("  SE-11453   STOCKHOLM ").map { $0 == ("SE-11453", "STOCKHOLM") } == true)
        #expect(Self.split("41301, Göteborg").map { $0 == ("41301", "Göteborg") } == true)
        #expect(Self.split("982 01 Övre Soppero").map { $0 == ("982 01", "Övre Soppero") } == true)
        for bad in ["Storgatan 1", "114 53", "1145 Sthlm", "114 53 12", "", "11453Stockholm", "114 5 3 Ort"] {
            #expect(Self.split(bad) == nil, "\(bad)")
        }
    }
}
