import Testing
@testable import Dubblett
import DubblettTestSupport

/// Garbage in: every normaliser must return a result inside its contract, never trap or overrun.
@Suite("Normalisers on random input")
struct NormaliseRandomInputTests {
    @Test func randomBytesStayInsideEachContract() {
        let seed: UInt64 = 0xF022_0004
        var rng = SeededGenerator(seed: seed)
        let alphabet = Array("0123456789 -+/().@:,;åäöÅÄÖéüabcxyzABCXYZsSeEgGvV\t".utf8)
            + [0xC3, 0xA5, 0xFF, 0x80, 0xE2]
        for _ in 0..<20_000 {
            let n = Int.random(in: 0...24, using: &rng)
            let bytes = (0..<n).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }
            var out = [UInt8](repeating: 0, count: 3 * n + 16)
            bytes.withUnsafeBytes { raw in
                out.withUnsafeMutableBufferPointer { out in
                    if case .valid(let c, let s) = Personnummer.parse(raw, referenceDate: 2026_11_23) {
                        #expect(c >= 1800_0101_0000 && c <= 2026_1191_9999, "seed \(seed): \(bytes)")
                        #expect(s == Personnummer.isSamordningsnummer(canonical: c), "seed \(seed): \(bytes)")
                    }
                    if case .valid(let c, _) = Organisationsnummer.parse(raw) {
                        #expect(c >= 1_020_000_000 && c <= 9_999_999_999, "seed \(seed): \(bytes)")
                    }
                    if case .valid(let e, let kind) = PhoneNumber.parse(raw) {
                        #expect(e >= 10_000_000 && e <= 999_999_999_999_999, "seed \(seed): \(bytes)")
                        #expect((kind == .foreign) != (String(e).hasPrefix("46")), "seed \(seed): \(bytes)")
                    }
                    if case .valid(let p) = PostalCode.parse(raw) { #expect(p >= 10_000 && p <= 99_999) }
                    if case .valid(let d) = DateParser.parse(raw, referenceDate: 2026_11_23) {
                        #expect(NormaliseSupport.isValidDate(year: Int(d / 10_000), month: Int(d / 100 % 100),
                                                             day: Int(d % 100)), "seed \(seed): \(bytes)")
                    }
                    switch EmailAddress.normalise(raw, into: out) {
                    case .valid(let k), .suspectedTypo(let k, _):
                        #expect(k <= n && out[..<k].filter { $0 == .at }.count == 1, "seed \(seed): \(bytes)")
                    default: break
                    }
                    let parts = StreetAddress.parse(raw, into: out, folded: Bool.random(using: &rng))
                    #expect(parts.nameLength <= out.count && parts.houseNumber >= 0 && parts.lgh >= 0)
                    #expect(NameNormaliser.normalise(raw, into: out, folded: true) <= n)
                }
            }
        }
    }
}
