import DubblettSimilarity
import DubblettTestSupport
import Testing

@Suite("Double Metaphone")
struct DoubleMetaphoneTests {
    /// Codes from Philips (2000) and its widely used ports.
    @Test(arguments: [
        ("smith", "SM0", "XMT"), ("schmidt", "XMT", "SMT"), ("jose", "HS", "HS"),
        ("xavier", "SF", "SFR"), ("nguyen", "NKN", "NKN"), ("mohammed", "MHMT", "MHMT"),
        ("muhammad", "MHMT", "MHMT"), ("catherine", "K0RN", "KTRN"), ("arnow", "ARN", "ARNF"), ("bach", "PK", "PK"),
        ("müller", "MLR", "MLR"), ("czerny", "SRN", "XRN"), ("gallegos", "KLKS", "KKS"), ("caesar", "SSR", "SSR"),
        ("ghislane", "JLN", "JLN"), ("tichner", "TXNR", "TKNR"), ("wright", "RT", "RT"), ("", "", ""),
    ])
    func publishedCodes(name: String, primary: String, alternate: String) {
        let codes = DoubleMetaphone.codes(SwedishNamePairs.latin1(name))
        #expect(codes.primary == primary)
        #expect(codes.alternate == alternate)
    }

    @Test func keysAreZeroOnlyForEmptyCodesAndDistinctPerCode() {
        #expect(DoubleMetaphone.keys([UInt8]()).primary == 0)
        var byKey: [UInt64: String] = [:]
        for name in SwedishNamePairs.names {
            let bytes = SwedishNamePairs.latin1(name)
            let key = DoubleMetaphone.keys(bytes).primary, code = DoubleMetaphone.codes(bytes).primary
            #expect(key != 0)
            if let seen = byKey[key] { #expect(seen == code) } else { byKey[key] = code }
        }
    }

    @Test func everyByteValueIsSafe() {
        var rng = SeededGenerator(seed: 31)
        for _ in 0..<3000 {
            let name = (0..<Int.random(in: 0...200, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let codes = DoubleMetaphone.codes(name)
            #expect(codes.primary.count <= 4 && codes.alternate.count <= 4, "seed 31")
        }
    }
}
