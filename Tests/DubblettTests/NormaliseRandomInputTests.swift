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
                    let folded = Bool.random(using: &rng)
                    let parts = StreetAddress.parse(raw, into: out, folded: folded)
                    #expect(parts.houseNumber >= 0 && parts.lgh >= 0, "seed \(seed): \(bytes)")
                    #expect(Self.inNameAlphabet(Array(out[..<parts.nameLength]), folded: folded),
                            "seed \(seed): street \(bytes)")
                }
            }
            Self.checkRoundTrips(bytes, seed: seed)
            Self.checkNameNormaliser(bytes, seed: seed)
        }
    }

    /// The normaliser's output alphabet: lower-case letters (Latin-1 in the exact form, ASCII when folded),
    /// digits, single inner spaces, hyphens only between two word characters.
    static func inNameAlphabet(_ name: [UInt8], folded: Bool) -> Bool {
        func isWord(_ c: UInt8) -> Bool {
            (0x61...0x7A).contains(c) || (0x30...0x39).contains(c) || (!folded && c >= 0xDF && c != 0xF7)
        }
        for (i, c) in name.enumerated() where !isWord(c) {
            guard c == .space || c == .hyphen, i > 0, i < name.count - 1 else { return false }
            if c == .space && name[i - 1] == .space { return false }
            if c == .hyphen && !(isWord(name[i - 1]) && isWord(name[i + 1])) { return false }
        }
        return true
    }

    /// Exact and folded forms: alphabet, `fold(exact) == normalise(folded: true)`, exact form idempotent.
    static func checkNameNormaliser(_ bytes: [UInt8], seed: UInt64) {
        let n = bytes.count
        var exact = [UInt8](repeating: 0, count: n + 1)
        var folded = [UInt8](repeating: 0, count: n + 1)
        var refolded = [UInt8](repeating: 0, count: 2 * n + 2)
        var again = [UInt8](repeating: 0, count: n + 1)
        bytes.withUnsafeBytes { raw in
            let e = exact.withUnsafeMutableBufferPointer { NameNormaliser.normalise(raw, into: $0, folded: false) }
            let f = folded.withUnsafeMutableBufferPointer { NameNormaliser.normalise(raw, into: $0, folded: true) }
            #expect(e <= n && f <= n, "seed \(seed): \(bytes)")
            exact.removeSubrange(e...)
            folded.removeSubrange(f...)
        }
        #expect(inNameAlphabet(exact, folded: false), "seed \(seed): exact \(bytes) → \(exact)")
        #expect(inNameAlphabet(folded, folded: true), "seed \(seed): folded \(bytes) → \(folded)")
        let r = exact.withUnsafeBufferPointer { e in
            refolded.withUnsafeMutableBufferPointer { NameNormaliser.fold(e, into: $0) }
        }
        #expect(Array(refolded[..<r]) == folded, "seed \(seed): fold(exact) differs for \(bytes)")
        let a = exact.withUnsafeBytes { e in
            again.withUnsafeMutableBufferPointer { NameNormaliser.normalise(e, into: $0, folded: false) }
        }
        #expect(Array(again[..<a]) == exact, "seed \(seed): exact form not idempotent for \(bytes)")
    }

    /// Whatever validates formats to a canonical spelling that parses back to the same value.
    static func checkRoundTrips(_ bytes: [UInt8], seed: UInt64) {
        let reference: Int32 = 2026_11_23
        bytes.withUnsafeBytes { raw in
            if case .valid(let c, let s) = Personnummer.parse(raw, referenceDate: reference) {
                #expect(Personnummer.parse(Personnummer.formatted(canonical: c), referenceDate: reference)
                        == .valid(canonical: c, isSamordningsnummer: s), "seed \(seed): \(bytes)")
            }
            if case .valid(let p) = PostalCode.parse(raw) {
                var text = [UInt8](repeating: 0, count: 8)
                let k = text.withUnsafeMutableBufferPointer { PostalCode.format(p, into: $0) }
                let back = text.withUnsafeBytes { PostalCode.parse(UnsafeRawBufferPointer(rebasing: $0[..<k])) }
                #expect(back == .valid(p), "seed \(seed): \(bytes)")
            }
            if case .valid(let d) = DateParser.parse(raw, referenceDate: reference) {
                let year = String(d / 10_000)
                let iso = String(repeating: "0", count: max(0, 4 - year.count)) + year
                    + "-\(d / 1_000 % 10)\(d / 100 % 10)-\(d / 10 % 10)\(d % 10)"
                #expect(DateParser.parse(iso, referenceDate: reference) == .valid(yyyymmdd: d),
                        "seed \(seed): \(bytes)")
            }
        }
    }
}
