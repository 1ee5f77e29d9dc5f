import DubblettSimilarity
import DubblettTestSupport
import Testing

/// Calls every Jaro-Winkler path on one pair and returns their results.
///
/// Paths: pairwise (stack masks, or the scalar general path when long), prepared (table masks), and the
/// convenience array form. Each is checked at cutoff 0 and at `cutoff`.
private func checkAllPaths(_ a: [UInt8], _ b: [UInt8], cutoff: Double, seed: UInt64? = nil) {
    let expectedJW = ReferenceJaro.jaroWinkler(a, b)
    let expectedJaro = ReferenceJaro.jaro(a, b)
    let cutJW = expectedJW >= cutoff ? expectedJW : 0
    let cutJaro = expectedJaro >= cutoff ? expectedJaro : 0
    let context = Comment(rawValue: "seed \(seed.map(String.init) ?? "-") a=\(a) b=\(b) cutoff=\(cutoff)")
    a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            #expect(Jaro.similarity(pa, pb) == expectedJaro, context)
            #expect(Jaro.similarity(pa, pb, cutoff: cutoff) == cutJaro, context)
            #expect(JaroWinkler.similarity(pa, pb) == expectedJW, context)
            #expect(JaroWinkler.similarity(pa, pb, cutoff: cutoff) == cutJW, context)
            let prepared = PreparedJaroWinkler(pa)
            #expect(prepared.similarity(to: pb) == expectedJW, context)
            #expect(prepared.similarity(to: pb, cutoff: cutoff) == cutJW, context)
            #expect(prepared.jaroSimilarity(to: pb, cutoff: cutoff) == cutJaro, context)
        }
    }
    #expect(JaroWinkler.similarity(a, b, cutoff: cutoff) == cutJW, context)
}

/// Exact Double equality is required, not a tolerance: every path computes the same integer counts
/// (matches, transpositions, prefix) and then the same expression in the same order, so any difference
/// at all means a count differs, which is a bug.
@Suite("Jaro-Winkler")
struct JaroWinklerTests {
    static func value(_ a: String, _ b: String) -> Double {
        JaroWinkler.similarity(SwedishNamePairs.latin1(a), SwedishNamePairs.latin1(b))
    }

    @Test func knownValuesMatchPublishedFigures() {
        // Winkler (1990) / Wikipedia examples, rounded to 4 places there.
        #expect(abs(Self.value("martha", "marhta") - 0.9611) < 5e-5)
        #expect(abs(Self.value("dwayne", "duane") - 0.84) < 5e-5)
        #expect(abs(Self.value("dixon", "dicksonx") - 0.8133) < 5e-5)
        #expect(abs(Jaro.similarity(SwedishNamePairs.latin1("martha"), SwedishNamePairs.latin1("marhta")) - 0.9444)
                < 5e-5)
    }

    @Test func edgeCases() {
        #expect(Self.value("", "") == 1)
        #expect(Self.value("", "a") == 0)
        #expect(Self.value("a", "") == 0)
        #expect(Self.value("a", "a") == 1)
        #expect(Self.value("a", "b") == 0)
        #expect(Self.value("karlsson", "karlsson") == 1)
        #expect(Self.value("ab", "ba") == 0)  // window 0: no matches
        // Cutoff above 1 rejects even identical strings; cutoff 1 keeps them.
        #expect(JaroWinkler.similarity([1, 2, 3], [1, 2, 3], cutoff: 1) == 1)
        #expect(JaroWinkler.similarity([1, 2, 3], [1, 2, 3], cutoff: 1.01) == 0)
    }

    @Test(arguments: [0.0, 0.5, 0.7, 0.8, 0.88, 0.94])
    func swedishCorpusEqualsReference(cutoff: Double) {
        for (a, b) in SwedishNamePairs.allPairs { checkAllPaths(a, b, cutoff: cutoff) }
    }

    /// Random strings over 2, 4 and 26 letters (many matches) and over all 256 byte values, lengths
    /// 0...150: crosses the 64-position word boundary, the trimmed-length path and the general path.
    @Test(arguments: [2, 4, 26, 256])
    func randomStringsEqualReference(alphabet: Int) {
        let seed: UInt64 = 0x5EED_0000 + UInt64(alphabet)
        var rng = SeededGenerator(seed: seed)
        for round in 0..<1500 {
            let maxLength = round % 3 == 0 ? 150 : 24
            let la = Int.random(in: 0...maxLength, using: &rng)
            let lb = Int.random(in: 0...maxLength, using: &rng)
            let base = alphabet == 256 ? 0 : 0x61
            let a = (0..<la).map { _ in UInt8(base + Int.random(in: 0..<alphabet, using: &rng)) }
            var b = (0..<lb).map { _ in UInt8(base + Int.random(in: 0..<alphabet, using: &rng)) }
            if round % 4 == 1 && !a.isEmpty {  // a near copy of a: edits, swaps
                b = a
                for _ in 0..<Int.random(in: 1...3, using: &rng) where !b.isEmpty {
                    let k = Int.random(in: 0..<b.count, using: &rng)
                    b[k] = UInt8(base + Int.random(in: 0..<alphabet, using: &rng))
                    if k + 1 < b.count { b.swapAt(k, k + 1) }
                }
            }
            let cutoff = [0.0, 0.6, 0.75, 0.9][round % 4]
            checkAllPaths(a, b, cutoff: cutoff, seed: seed)
        }
    }

    /// The short path walks the shorter string, which is only right because Jaro is symmetric. Every
    /// pair of strings over {a, b} up to 8 letters and over {a, b, c} up to 5 letters, in both orders,
    /// must equal the reference (which always walks its second argument).
    @Test func shortPathExhaustiveSmallAlphabets() {
        var failures = 0
        for (letters, maxLength) in [(2, 8), (3, 5)] {
            var all: [[UInt8]] = []
            var frontier: [[UInt8]] = [[]]
            for _ in 1...maxLength {
                frontier = frontier.flatMap { s in (0..<letters).map { s + [UInt8(0x61 + $0)] } }
                all += frontier
            }
            for a in all {
                for b in all where b.count >= a.count {
                    let expected = ReferenceJaro.jaro(a, b)
                    if Jaro.similarity(a, b) != expected || Jaro.similarity(b, a) != expected { failures += 1 }
                }
            }
        }
        #expect(failures == 0)
    }

    /// Lengths on both sides of the 16-byte vector and the 8- and 4-byte partial loads, with byte 0
    /// (the vector's padding value) and 0xFF in the strings.
    @Test func shortPathBoundaries() {
        var rng = SeededGenerator(seed: 0x16)
        for la in 1...18 {
            for lb in 1...18 {
                for _ in 0..<20 {
                    let a = (0..<la).map { _ in [0, 1, 0xFF][Int.random(in: 0..<3, using: &rng)] as UInt8 }
                    let b = (0..<lb).map { _ in [0, 1, 0xFF][Int.random(in: 0..<3, using: &rng)] as UInt8 }
                    checkAllPaths(a, b, cutoff: 0.8, seed: 0x16)
                }
            }
        }
    }

    @Test func longPatternAgainstShortAndLong() {
        var rng = SeededGenerator(seed: 77)
        for _ in 0..<200 {
            let a = (0..<Int.random(in: 60...300, using: &rng)).map { _ in UInt8.random(in: 0x61...0x64, using: &rng) }
            let b = (0..<Int.random(in: 1...300, using: &rng)).map { _ in UInt8.random(in: 0x61...0x64, using: &rng) }
            checkAllPaths(a, b, cutoff: 0.5, seed: 77)
            checkAllPaths(b, a, cutoff: 0.5, seed: 77)
        }
    }
}

/// The Swedish name corpus plus `count` random strings of 0-20 bytes over the given alphabet sizes
/// (from `a`; 256 means every byte value, including 0, the lane kernels' padding value).
private func laneTestStrings(_ count: Int, alphabets: [Int], using rng: inout SeededGenerator) -> [[UInt8]] {
    var strings = SwedishNamePairs.names.map(SwedishNamePairs.latin1)
    for _ in 0..<count {
        let length = Int.random(in: 0...20, using: &rng)
        let alphabet = alphabets[Int.random(in: 0..<alphabets.count, using: &rng)]
        let base = alphabet == 256 ? 0 : 0x61
        strings.append((0..<length).map { _ in UInt8(truncatingIfNeeded: base + Int.random(in: 0..<alphabet, using: &rng)) })
    }
    return strings
}

@Suite("Jaro-Winkler block (16 SIMD lanes)")
struct JaroWinklerBlockTests {
    /// Every lane must equal the reference for (name_k, text) exactly.
    @Test(arguments: [0.0, 0.8])
    func blockEqualsReference(cutoff: Double) {
        let seed: UInt64 = 0xB10C
        var rng = SeededGenerator(seed: seed)
        var names = laneTestStrings(300, alphabets: [2, 4, 256], using: &rng)
        names.shuffle(using: &rng)
        let flat = Array(names.joined())
        var offsets = [0]
        for n in names { offsets.append(offsets.last! + n.count) }
        flat.withUnsafeBufferPointer { base in
            func name(_ i: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: base[offsets[i]..<offsets[i + 1]]) }
            var start = 0
            var out = [Double](repeating: -1, count: 16)
            while start < names.count {
                let size = min(Int.random(in: 1...16, using: &rng), names.count - start)
                let block = JaroWinklerBlock(count: size) { name(start + $0) }
                for t in stride(from: 0, to: names.count, by: 7) {
                    out.withUnsafeMutableBufferPointer { block.similarities(to: name(t), cutoff: cutoff, into: $0) }
                    for k in 0..<size {
                        let expected = ReferenceJaro.jaroWinkler(names[start + k], names[t])
                        #expect(out[k] == (expected >= cutoff ? expected : 0),
                                "seed \(seed) name=\(names[start + k]) text=\(names[t])")
                    }
                }
                start += size
            }
        }
    }

    /// Names and texts of exactly 16 and 17 bytes (lane path and scalar path), an output buffer shorter
    /// than 16 (written lane by lane) and one of 16 (lanes past `count` hold 0), and a cutoff equal to a
    /// lane's exact value.
    @Test func blockBoundaries() {
        var rng = SeededGenerator(seed: 0xB1)
        func word(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8(0x61 + Int.random(in: 0..<3, using: &rng)) } }
        let names = [word(16), word(17), word(1), word(16), word(9)]
        let texts = [word(16), word(17), word(8), [UInt8](), word(1)]
        let flat = Array(names.joined())
        var offsets = [0]
        for n in names { offsets.append(offsets.last! + n.count) }
        flat.withUnsafeBufferPointer { base in
            let block = JaroWinklerBlock(count: names.count) { UnsafeBufferPointer(rebasing: base[offsets[$0]..<offsets[$0 + 1]]) }
            for text in texts {
                for outCount in [names.count, 16] {
                    var out = [Double](repeating: -1, count: outCount)
                    text.withUnsafeBufferPointer { t in
                        out.withUnsafeMutableBufferPointer { block.similarities(to: t, cutoff: 0, into: $0) }
                    }
                    for k in 0..<names.count {
                        #expect(out[k] == ReferenceJaro.jaroWinkler(names[k], text), "name \(names[k]) text \(text)")
                    }
                    if outCount == 16 && !text.isEmpty && text.count <= 16 {
                        #expect(out[names.count...].allSatisfy { $0 == 0 })
                    }
                }
                // The cutoff equal to lane 0's exact value keeps lane 0.
                let exact = ReferenceJaro.jaroWinkler(names[0], text)
                var out = [Double](repeating: -1, count: 16)
                text.withUnsafeBufferPointer { t in
                    out.withUnsafeMutableBufferPointer { block.similarities(to: t, cutoff: exact, into: $0) }
                }
                #expect(out[0] == exact)
            }
        }
    }
}

@Suite("Jaro-Winkler pairs (16 SIMD lanes)")
struct JaroWinklerPairsTests {
    /// Every lane must equal the reference for its own pair exactly: Swedish names, random strings over
    /// small alphabets and all byte values, empty strings and strings over 16 bytes (the one-pair
    /// fallback), batches of every size, output buffers of exactly `count` and of 16.
    @Test(arguments: [0.0, 0.8, 0.94])
    func pairsEqualReference(cutoff: Double) {
        let seed: UInt64 = 0xBA7C
        var rng = SeededGenerator(seed: seed)
        let strings = laneTestStrings(400, alphabets: [2, 3, 26, 256], using: &rng)
        var failures = 0
        for round in 0..<1500 {
            let count = round < 16 ? round + 1 : Int.random(in: 1...16, using: &rng)
            var pairs: [([UInt8], [UInt8])] = (0..<count).map { _ in
                (strings.randomElement(using: &rng)!, strings.randomElement(using: &rng)!)
            }
            if round % 3 == 0 {  // near copies: the matching and transposition steps get real work
                pairs = pairs.map { pair in
                    var b = pair.0
                    if b.count > 1 { let k = Int.random(in: 0..<(b.count - 1), using: &rng); b.swapAt(k, k + 1) }
                    return (pair.0, b)
                }
            }
            let flat = Array(pairs.map { $0.0 + $0.1 }.joined())
            var offsets = [0]
            for (a, b) in pairs { offsets.append(offsets.last! + a.count); offsets.append(offsets.last! + b.count) }
            var out = [Double](repeating: -1, count: round % 2 == 0 ? 16 : count)
            flat.withUnsafeBufferPointer { base in
                out.withUnsafeMutableBufferPointer { buffer in
                    JaroWinkler.similarities(count: count, cutoff: cutoff, into: buffer) { k in
                        (UnsafeBufferPointer(rebasing: base[offsets[2 * k]..<offsets[2 * k + 1]]),
                         UnsafeBufferPointer(rebasing: base[offsets[2 * k + 1]..<offsets[2 * k + 2]]))
                    }
                }
            }
            for (k, (a, b)) in pairs.enumerated() {
                let expected = ReferenceJaro.jaroWinkler(a, b)
                if out[k] != (expected >= cutoff ? expected : 0) {
                    failures += 1
                    if failures <= 5 { Issue.record("seed \(seed) a=\(a) b=\(b) got \(out[k]) expected \(expected)") }
                }
            }
        }
        #expect(failures == 0)
    }

    /// Every lane at the lengths where the loads and the masks change (1, 3, 4, 7, 8, 9, 15, 16, 17),
    /// over the bytes 0 (the padding value), 1 and 0xFF.
    @Test func pairsAtLengthBoundaries() {
        var rng = SeededGenerator(seed: 0xB0)
        let lengths = [1, 3, 4, 7, 8, 9, 15, 16, 17]
        var pairs: [([UInt8], [UInt8])] = []
        for la in lengths {
            for lb in lengths {
                for _ in 0..<4 {
                    let a = (0..<la).map { _ in [0, 1, 0xFF][Int.random(in: 0..<3, using: &rng)] as UInt8 }
                    let b = (0..<lb).map { _ in [0, 1, 0xFF][Int.random(in: 0..<3, using: &rng)] as UInt8 }
                    pairs.append((a, b))
                }
            }
        }
        var failures = 0
        for start in stride(from: 0, to: pairs.count, by: 16) {
            let batch = Array(pairs[start..<min(start + 16, pairs.count)])
            for (k, value) in Self.run(batch, cutoff: 0.6, outCount: 16).enumerated() where k < batch.count {
                let expected = ReferenceJaro.jaroWinkler(batch[k].0, batch[k].1)
                if value != (expected >= 0.6 ? expected : 0) { failures += 1 }
            }
        }
        #expect(failures == 0)
    }

    /// A cutoff equal to a lane's exact value keeps it (the comparison is `>=`); a negative cutoff
    /// keeps everything; lanes past `count` in a 16-element buffer are not written.
    @Test func pairsCutoffBoundaryAndUntouchedLanes() {
        let names = ["martha", "marhta", "dixon", "dicksonx", "karlsson", "carlsson"].map(SwedishNamePairs.latin1)
        let batch = [(names[0], names[1]), (names[2], names[3]), (names[4], names[5])]
        for (a, b) in batch {
            let exact = ReferenceJaro.jaroWinkler(a, b)
            #expect(Self.run([(a, b)], cutoff: exact, outCount: 16)[0] == exact)
            #expect(Self.run([(a, b)], cutoff: exact.nextUp, outCount: 16)[0] == 0)
        }
        let out = Self.run(batch, cutoff: -1, outCount: 16)
        for k in 0..<3 { #expect(out[k] == ReferenceJaro.jaroWinkler(batch[k].0, batch[k].1)) }
        #expect(out[3...].allSatisfy { $0 == -1 })
    }

    /// Runs one batch through `JaroWinkler.similarities` with an output buffer of `outCount` elements
    /// initialised to -1.
    static func run(_ pairs: [([UInt8], [UInt8])], cutoff: Double, outCount: Int) -> [Double] {
        let flat = Array(pairs.map { $0.0 + $0.1 }.joined())
        var offsets = [0]
        for (a, b) in pairs { offsets.append(offsets.last! + a.count); offsets.append(offsets.last! + b.count) }
        var out = [Double](repeating: -1, count: outCount)
        flat.withUnsafeBufferPointer { base in
            out.withUnsafeMutableBufferPointer { buffer in
                JaroWinkler.similarities(count: pairs.count, cutoff: cutoff, into: buffer) { k in
                    (UnsafeBufferPointer(rebasing: base[offsets[2 * k]..<offsets[2 * k + 1]]),
                     UnsafeBufferPointer(rebasing: base[offsets[2 * k + 1]..<offsets[2 * k + 2]]))
                }
            }
        }
        return out
    }
}
