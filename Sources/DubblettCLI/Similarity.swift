import ArgumentParser
import Dubblett
import DubblettDatasets
import DubblettEvaluation
import DubblettSimilarity
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `dubblett similarity A B`: every similarity metric and phonetic key for two strings.
struct Similarity: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show every similarity metric and phonetic key for two names.",
        discussion: """
            For tuning a model: see what Jaro-Winkler, Damerau-Levenshtein, the token-set score and the \
            phonetic keys say about two spellings. Both names first go through the engine's NameNormaliser, \
            as in matching: lower case, one byte per letter, punctuation to spaces, a hyphen kept only \
            inside a double name; the folded form also maps å ä → a, ö → o, é → e, aa → a, ... .

              dubblett similarity "Karlsson" "Carlsson"
              dubblett similarity "Anna-Maria Lindqvist" "Maria Anna Lindkvist"
            """
    )

    @Argument(help: "The first name or string.")
    var first: String = ""

    @Argument(help: "The second name or string.")
    var second: String = ""

    @Flag(help: .hidden)
    var bench = false

    mutating func run() throws {
        if bench {
            SimilarityBench.run()
            return
        }
        guard !first.isEmpty || !second.isEmpty else {
            throw ValidationError("Give two names to compare, for example: dubblett similarity Karlsson Carlsson")
        }
        // The engine's own normaliser, so the scores are the ones matching computes.
        let a = NameNormaliser.normalise(first, folded: false), b = NameNormaliser.normalise(second, folded: false)
        let fa = NameNormaliser.normalise(first, folded: true), fb = NameNormaliser.normalise(second, folded: true)
        func f(_ x: Double) -> String {
            let scaled = Int((x * 10_000).rounded())
            let fraction = String(scaled % 10_000)
            return "\(scaled / 10_000).\(String(repeating: "0", count: 4 - fraction.count))\(fraction)"
        }
        func hex(_ k: UInt64) -> String { "0x" + String(k, radix: 16) }
        let dmA = DoubleMetaphone.codes(a), dmB = DoubleMetaphone.codes(b)
        var lines: [(String, String)] = [
            ("input a", NameBytesDisplay.display(a)),
            ("input b", NameBytesDisplay.display(b)),
            ("folded a", NameBytesDisplay.display(fa)),
            ("folded b", NameBytesDisplay.display(fb)),
            ("jaro", f(Jaro.similarity(a, b))),
            ("jaro-winkler", f(JaroWinkler.similarity(a, b))),
            ("jaro-winkler folded", f(JaroWinkler.similarity(fa, fb))),
            ("token-set", f(TokenSet.similarity(a, b))),
            ("token-set folded", f(TokenSet.similarity(fa, fb))),
            ("damerau-levenshtein", String(DamerauLevenshtein.distance(a, b))),
            ("damerau-levenshtein folded", String(DamerauLevenshtein.distance(fa, fb))),
            ("sfinxbis a", "\(SwedishPhonetic.code(a))  key \(hex(SwedishPhonetic.key(a)))"),
            ("sfinxbis b", "\(SwedishPhonetic.code(b))  key \(hex(SwedishPhonetic.key(b)))"),
            ("sfinxbis equal", SwedishPhonetic.key(a) == SwedishPhonetic.key(b) ? "yes" : "no"),
            ("double metaphone a", "\(dmA.primary) / \(dmA.alternate)"),
            ("double metaphone b", "\(dmB.primary) / \(dmB.alternate)"),
        ]
        let keysA = DoubleMetaphone.keys(a), keysB = DoubleMetaphone.keys(b)
        let dmShared = [keysA.primary, keysA.alternate].contains { $0 != 0 && ($0 == keysB.primary || $0 == keysB.alternate) }
        lines.append(("double metaphone shared", dmShared ? "yes" : "no"))
        // As a first name, a nickname's phonetic key is its formal name's (the engine's first-name key).
        for (label, name) in [("nickname a", a), ("nickname b", b)] {
            let firstWord = Array(name.prefix { $0 != 0x20 && $0 != 0x2D })
            if let formal = firstWord.withUnsafeBufferPointer({ Nicknames.formal(of: $0) }) {
                lines.append((label, "\(NameBytesDisplay.display(firstWord)) → \(NameBytesDisplay.display(formal)) (first-name key from the formal name)"))
            }
        }
        let width = lines.map(\.0.count).max() ?? 0
        for (label, value) in lines {
            print(label + String(repeating: " ", count: width - label.count + 2) + value)
        }
    }
}

/// Shows normalised names as text (one byte per letter, Latin-1 → Unicode).
enum NameBytesDisplay {
    static func display(_ bytes: [UInt8]) -> String {
        String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }
}

/// `dubblett similarity --bench`: a quick, reproducible throughput check of the kernels on one core
/// (thread CPU time, so other load on the machine does not lower the figures).
///
/// Uses `NameCorpus(count: 4096, seed: 2026)` (synthetic Swedish-looking names, 4-20 letters). Build
/// with `swift build -c release` first; debug builds are 10-50× slower.
enum SimilarityBench {
    static func run() {
        let corpus = NameCorpus(count: 4096)
        let n = corpus.count
        print("corpus: \(n) synthetic names, mean length \(Double(corpus.bytes.count) / Double(n)) bytes")
        corpus.bytes.withUnsafeBufferPointer { base in
            func measure(_ label: String, unit: String, _ body: () -> (count: Int, checksum: Double)) {
                // Thread CPU time, not wall time: the figure is per core even when other processes share
                // the machine. Best of 15 rounds of at least 100 ms each (on a shared VM single rounds
                // vary by ±30 %; interference only ever slows a round down, so the best is the estimate).
                func cpuSeconds() -> Double {
                    var t = timespec()
                    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
                    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
                }
                var best = 0.0
                for _ in 0..<15 {
                    var done = 0
                    var sum = 0.0
                    let start = cpuSeconds()
                    var seconds = 0.0
                    repeat {
                        let r = body()
                        done += r.count
                        sum += r.checksum
                        seconds = cpuSeconds() - start
                    } while seconds < 0.1
                    best = max(best, Double(done) / seconds)
                    precondition(sum >= 0)
                }
                let padded = label + String(repeating: " ", count: max(1, 62 - label.count))
                print("\(padded)\((best / 1e6 * 10).rounded() / 10) M \(unit)/s")
            }
            measure("harness only (name lookups, no kernel)", unit: "pairs") {
                var sum = 0
                for i in 0..<16 {
                    for j in 0..<n { sum &+= corpus.name(j, in: base).count &+ i }
                }
                return (16 * n, Double(sum & 1))
            }
            for cutoff in [0.0, 0.8] {
                measure("jaro-winkler pairwise, cutoff \(cutoff)", unit: "pairs") {
                    var sum = 0.0
                    for i in 0..<n {
                        let a = corpus.name(i, in: base)
                        for d in 1...16 { sum += JaroWinkler.similarity(a, corpus.name((i &+ d) % n, in: base), cutoff: cutoff) }
                    }
                    return (n * 16, sum)
                }
                measure("jaro-winkler pairwise, 16 pairs per call, cutoff \(cutoff)", unit: "pairs") {
                    var sum = 0.0
                    withUnsafeTemporaryAllocation(of: Double.self, capacity: 16) { out in
                        for i in stride(from: 0, to: n - 15, by: 16) {
                            for d in 1...16 {
                                JaroWinkler.similarities(count: 16, cutoff: cutoff, into: out) { k in
                                    (corpus.name(i + k, in: base), corpus.name((i &+ k &+ d) % n, in: base))
                                }
                                sum += out[0]
                            }
                        }
                    }
                    return ((n / 16) * 16 * 16, sum)
                }
                measure("jaro-winkler prepared 1-vs-many, cutoff \(cutoff)", unit: "pairs") {
                    var sum = 0.0
                    for i in 0..<16 {
                        let prepared = PreparedJaroWinkler(corpus.name(i, in: base))
                        for j in 0..<n { sum += prepared.similarity(to: corpus.name(j, in: base), cutoff: cutoff) }
                    }
                    return (16 * n, sum)
                }
            }
            let blocks = stride(from: 0, to: n, by: 16).map { start in
                JaroWinklerBlock(count: min(16, n - start)) { corpus.name(start + $0, in: base) }
            }
            for cutoff in [0.0, 0.8] {
                measure("jaro-winkler 1-vs-many, bucket in blocks of 16, cutoff \(cutoff)", unit: "pairs") {
                    var sum = 0.0
                    withUnsafeTemporaryAllocation(of: Double.self, capacity: 16) { out in
                        for i in 0..<16 {
                            let text = corpus.name(i, in: base)
                            for block in blocks {
                                block.similarities(to: text, cutoff: cutoff, into: out)
                                sum += out[0]
                            }
                        }
                    }
                    return (16 * n, sum)
                }
            }
            measure("damerau-levenshtein pairwise, max 2", unit: "pairs") {
                var sum = 0
                for i in 0..<n {
                    let a = corpus.name(i, in: base)
                    for d in 1...16 { sum += DamerauLevenshtein.distance(a, corpus.name((i &+ d) % n, in: base), max: 2) }
                }
                return (n * 16, Double(sum))
            }
            measure("sfinxbis keys", unit: "keys") {
                var x: UInt64 = 0
                for i in 0..<n { x ^= SwedishPhonetic.key(corpus.name(i, in: base)) }
                return (n, Double(x & 1))
            }
            measure("double metaphone keys", unit: "keys") {
                var x: UInt64 = 0
                for i in 0..<n { x ^= DoubleMetaphone.keys(corpus.name(i, in: base)).primary }
                return (n, Double(x & 1))
            }
            measure("token-set pairwise", unit: "pairs") {
                var sum = 0.0
                for i in 0..<n {
                    let a = corpus.name(i, in: base)
                    for d in 1...4 { sum += TokenSet.similarity(a, corpus.name((i &+ d) % n, in: base)) }
                }
                return (n * 4, sum)
            }
        }
    }
}
