import Testing
@testable import Dubblett
import DubblettTestSupport

/// The expected output written as a Swift string whose scalars are all ≤ U+00FF, as Latin-1 bytes.
func latin1(_ s: String) -> [UInt8] { s.unicodeScalars.map { UInt8($0.value) } }

@Suite("NameNormaliser")
struct NameNormaliserTests {
    static let exact: [(String, String)] = [
        ("Åsa Öberg", "åsa öberg"),
        ("  ANNA-KARIN   JONSSON-BLOMQVIST ", "anna-karin jonsson-blomqvist"),
        ("A\u{030A}sa O\u{0308}berg", "åsa öberg"),  // NFD input
        ("Ha\u{0308}gg Jose\u{0301}", "hägg josé"),
        ("O'Brien", "obrien"),
        ("D’Angelo", "dangelo"),
        ("von Essen, Carl-Gustaf", "von essen carl-gustaf"),
        ("Ekström (f. Eriksson)", "ekström f eriksson"),
        ("Anna - Karin", "anna karin"),
        ("Anna- Karin", "anna karin"),
        ("Anna--Karin", "anna-karin"),
        ("Anna–Karin", "anna-karin"),  // en dash
        ("-Anna-", "anna"),
        ("Łukasz Wałęsa", "lukasz walesa"),
        ("Dvořák", "dvorák"),
        ("Müller", "müller"),
        ("Søren Æbelø", "søren æbelø"),
        ("Straße", "straße"),
        ("Œdipe", "oedipe"),
        ("Иван Petrov", "petrov"),
        ("Åsa\u{00A0}Öberg", "åsa öberg"),
        ("Karl XII", "karl xii"),
        ("AB Volvo (publ)", "ab volvo publ"),
        ("!!!", ""),
        ("", ""),
        ("   ", ""),
    ]

    @Test(arguments: exact)
    func exactFormKeepsSwedishLetters(input: String, expected: String) {
        #expect(NameNormaliser.normalise(input, folded: false) == latin1(expected))
    }

    static let folded: [(String, String)] = [
        ("Åsa Öberg", "asa oberg"),
        ("Aakesson", "akesson"),
        ("Åkesson", "akesson"),
        ("Baeckstroem", "backstrom"),
        ("Bäckström", "backstrom"),
        ("Hoeglund", "hoglund"),
        ("Höglund", "hoglund"),
        ("Boerje", "borje"),
        ("Michael", "michael"),
        ("Rafael", "rafael"),
        ("Joel", "joel"),
        ("Zoe", "zoe"),
        ("Müller", "myller"),
        ("José Noël", "jose noel"),
        ("Straße", "strasse"),
        ("Ångström", "angstrom"),
        ("Åhlén", "ahlen"),
        ("Ha\u{0308}gg", "hagg"),
        ("Lindqvist-Åberg", "lindqvist-aberg"),
        ("Søren Æbelø", "soren abelo"),
        ("Saab", "sab"),
    ]

    @Test(arguments: folded)
    func foldedFormUndoesDiacriticsAndTransliterations(input: String, expected: String) {
        #expect(NameNormaliser.normalise(input, folded: true) == latin1(expected))
    }

    @Test func windows1252BytesReadAsLatin1() {
        let bytes: [UInt8] = [0xC5, 0x73, 0x61, 0x20, 0xD6, 0x62, 0x65, 0x72, 0x67]  // "Åsa Öberg" in Windows-1252
        var out = [UInt8](repeating: 0, count: bytes.count)
        let n = bytes.withUnsafeBytes { raw in
            out.withUnsafeMutableBufferPointer { NameNormaliser.normalise(raw, into: $0, folded: false) }
        }
        #expect(Array(out[..<n]) == latin1("åsa öberg"))
    }

    @Test func smallBufferTruncatesSafely() {
        var input = Array("Anna-Karin Jonsson".utf8)
        var out = [UInt8](repeating: 0, count: 4)
        let n = input.withUnsafeMutableBytes { raw in
            out.withUnsafeMutableBufferPointer {
                NameNormaliser.normalise(UnsafeRawBufferPointer(raw), into: $0, folded: false)
            }
        }
        #expect(n == 4)
        #expect(out == Array("anna".utf8))
    }

    /// Random UTF-8 and byte soup: output never longer than input, always in the alphabet, and
    /// `fold(exact)` equals the folded normalisation.
    @Test func randomInputStaysInAlphabet() {
        let seed: UInt64 = 0x4E41_4D45
        var rng = SeededGenerator(seed: seed)
        let pieces = ["å", "Ä", "ö", "É", "a\u{30A}", "ß", "þ", "Ł", "-", " ", "'", ".", "Aa", "ae", "OE", "x", "7",
                      "–",
                      "\u{00A0}", "И", "😀", "ü", "Ÿ", "ĳ"]
        for _ in 0..<3_000 {
            var s = ""
            for _ in 0..<Int.random(in: 0...12, using: &rng) {
                s += pieces[Int.random(in: 0..<pieces.count, using: &rng)]
            }
            var bytes = Array(s.utf8)
            var loneSharpS = false
            if Bool.random(using: &rng) && !bytes.isEmpty {
                let b = UInt8.random(in: 0x80...0xFF, using: &rng)
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = b
                loneSharpS = b == 0xDF || b == 0xDE || b == 0xFE  // documented exception: folds to one letter
            }
            var exact = [UInt8](repeating: 0, count: bytes.count)
            var folded = [UInt8](repeating: 0, count: bytes.count)
            let (ne, nf) = bytes.withUnsafeBytes { raw in
                (exact.withUnsafeMutableBufferPointer { NameNormaliser.normalise(raw, into: $0, folded: false) },
                 folded.withUnsafeMutableBufferPointer { NameNormaliser.normalise(raw, into: $0, folded: true) })
            }
            #expect(ne <= bytes.count && nf <= bytes.count, "seed \(seed)")
            let e = Array(exact[..<ne])
            #expect(e.allSatisfy { $0 == 0x20 || $0 == 0x2D || (0x30...0x39).contains($0) || (0x61...0x7A).contains($0)
                        || $0 >= 0xDF },
                    "seed \(seed): \(e)")
            #expect(e.first != 0x20 && e.last != 0x20 && e.first != 0x2D && e.last != 0x2D, "seed \(seed): \(e)")
            var refolded = [UInt8](repeating: 0, count: 2 * ne + 1)
            let nr = e.withUnsafeBufferPointer { src in
                refolded.withUnsafeMutableBufferPointer { NameNormaliser.fold(src, into: $0) }
            }
            if !loneSharpS { #expect(Array(refolded[..<nr]) == Array(folded[..<nf]), "seed \(seed): \(bytes)") }
            #expect(Array(folded[..<nf]).allSatisfy { $0 < 0x80 }, "seed \(seed)")
        }
    }
}
