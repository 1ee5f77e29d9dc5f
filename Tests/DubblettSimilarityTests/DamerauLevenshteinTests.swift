import DubblettSimilarity
import DubblettTestSupport
import Testing

@Suite("Damerau-Levenshtein (OSA)")
struct DamerauLevenshteinTests {
    static func d(_ a: String, _ b: String, max: Int = .max) -> Int {
        DamerauLevenshtein.distance(SwedishNamePairs.latin1(a), SwedishNamePairs.latin1(b), max: max)
    }

    @Test func knownDistances() {
        #expect(Self.d("karlsosn", "karlsson") == 1)
        #expect(Self.d("ca", "abc") == 3)  // OSA, not unrestricted Damerau (2)
        #expect(Self.d("kitten", "sitting") == 3)
        #expect(Self.d("", "abc") == 3)
        #expect(Self.d("", "") == 0)
        #expect(Self.d("andersson", "andersson") == 0)
        #expect(Self.d("kitten", "sitting", max: 2) == 3)
        #expect(Self.d("kitten", "sitting", max: 3) == 3)
        #expect(Self.d("a", "abcdef", max: 1) == 2)
    }

    @Test func swedishCorpusEqualsReference() {
        for (a, b) in SwedishNamePairs.allPairs {
            let expected = ReferenceDamerauLevenshtein.distance(a, b)
            #expect(DamerauLevenshtein.distance(a, b) == expected, "a=\(a) b=\(b)")
            #expect(DamerauLevenshtein.distance(a, b, max: 2) == min(expected, 3), "a=\(a) b=\(b)")
        }
    }

    /// Lengths 0...150 cross the 64-byte bit-parallel limit; small alphabets force transpositions.
    @Test(arguments: [2, 3, 26, 256])
    func randomStringsEqualReference(alphabet: Int) {
        let seed: UInt64 = 0xD1_0000 + UInt64(alphabet)
        var rng = SeededGenerator(seed: seed)
        for round in 0..<600 {
            let maxLength = round % 5 == 0 ? 150 : 20
            let base = alphabet == 256 ? 0 : 0x61
            let a = (0..<Int.random(in: 0...maxLength, using: &rng)).map { _ in UInt8(base + Int.random(in: 0..<alphabet, using: &rng)) }
            var b = (0..<Int.random(in: 0...maxLength, using: &rng)).map { _ in UInt8(base + Int.random(in: 0..<alphabet, using: &rng)) }
            if round % 2 == 1 && a.count > 1 {
                b = a
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    let k = Int.random(in: 0..<(b.count - 1), using: &rng)
                    if Bool.random(using: &rng) { b.swapAt(k, k + 1) } else { b[k] = UInt8(base + Int.random(in: 0..<alphabet, using: &rng)) }
                }
            }
            let expected = ReferenceDamerauLevenshtein.distance(a, b)
            #expect(DamerauLevenshtein.distance(a, b) == expected, "seed \(seed) a=\(a) b=\(b)")
            let limit = Int.random(in: 0...6, using: &rng)
            #expect(DamerauLevenshtein.distance(a, b, max: limit) == min(expected, limit + 1), "seed \(seed)")
        }
    }
}

@Suite("Token set")
struct TokenSetTests {
    static func s(_ a: String, _ b: String) -> Double {
        TokenSet.similarity(SwedishNamePairs.latin1(a), SwedishNamePairs.latin1(b))
    }

    /// Brute force over all injective pairings of the shorter word list.
    static func reference(_ a: [UInt8], _ b: [UInt8]) -> Double {
        func words(_ s: [UInt8]) -> [[UInt8]] { s.split(whereSeparator: { $0 == 0x20 || $0 == 0x2D }).map(Array.init) }
        var wa = words(a), wb = words(b)
        if wa.isEmpty || wb.isEmpty { return wa.count == wb.count ? 1 : 0 }
        if wa.count > wb.count { swap(&wa, &wb) }
        func best(_ i: Int, _ used: Set<Int>) -> Double {
            if i == wa.count { return 0 }
            var top = -Double.infinity
            for j in wb.indices where !used.contains(j) {
                top = max(top, ReferenceJaro.jaroWinkler(wa[i], wb[j]) + best(i + 1, used.union([j])))
            }
            return top
        }
        return best(0, []) / Double(wa.count)
    }

    @Test func wordOrderDoesNotMatter() {
        #expect(Self.s("anna maria", "maria anna") == 1)
        #expect(Self.s("karl-johan", "johan karl") == 1)
        #expect(Self.s("anna", "anna maria") == 1)
        #expect(Self.s("", "") == 1)
        #expect(Self.s("anna", "") == 0)
        #expect(Self.s("anna maria", "maria anna", ) > Self.s("anna maria", "maria lisa"))
        #expect(TokenSet.similarity(SwedishNamePairs.latin1("anna lind"), SwedishNamePairs.latin1("per lund"), cutoff: 0.9) == 0)
    }

    @Test func randomWordListsEqualBruteForce() {
        let seed: UInt64 = 0x70_4E
        var rng = SeededGenerator(seed: seed)
        let pool = SwedishNamePairs.names.map(SwedishNamePairs.latin1).filter { !$0.contains(0x20) && !$0.contains(0x2D) }
        for _ in 0..<300 {
            func name() -> [UInt8] {
                Array((0..<Int.random(in: 1...5, using: &rng)).map { _ in pool.randomElement(using: &rng)! }.joined(separator: [0x20]))
            }
            let a = name(), b = name()
            let value = TokenSet.similarity(a, b)
            #expect(abs(value - Self.reference(a, b)) < 1e-12, "seed \(seed)")
        }
    }
}
