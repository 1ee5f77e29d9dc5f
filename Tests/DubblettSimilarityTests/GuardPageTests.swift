import DubblettSimilarity
import DubblettTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Every kernel reads only the bytes it is given: strings are placed so they end exactly at a page
/// whose successor is inaccessible (`PROT_NONE`), so a read of even one byte past the end (an
/// over-wide vector or word load) stops the test process with SIGSEGV instead of passing.
@Suite("Kernels never read past a string")
struct GuardPageTests {
    @Test func stringsEndingAtAGuardPage() throws {
        let page = Int(getpagesize())
        let raw = try #require(
            mmap(nil, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
            "mmap failed")
        #expect(raw != MAP_FAILED)
        defer { munmap(raw, 3 * page) }
        // Page 0: strings a; page 1: inaccessible; page 2: strings b.
        #expect(mprotect(raw + page, page, PROT_NONE) == 0)
        let pageA = raw.assumingMemoryBound(to: UInt8.self)
        let pageB = (raw + 2 * page).assumingMemoryBound(to: UInt8.self)
        // The second string ends at the end of the mapping: past it is unmapped memory.
        var rng = SeededGenerator(seed: 0x6A)
        var checked = 0
        for la in 1...24 {
            for lb in 1...24 {
                let a = UnsafeMutableBufferPointer(start: pageA + page - la, count: la)
                let b = UnsafeMutableBufferPointer(start: pageB + page - lb, count: lb)
                for i in 0..<la { a[i] = UInt8(0x61 + Int.random(in: 0..<3, using: &rng)) }
                for i in 0..<lb { b[i] = UInt8(0x61 + Int.random(in: 0..<3, using: &rng)) }
                let ca = UnsafeBufferPointer(a), cb = UnsafeBufferPointer(b)
                let jw = JaroWinkler.similarity(ca, cb)
                #expect(JaroWinkler.similarity(cb, ca) == jw)
                #expect(PreparedJaroWinkler(ca).similarity(to: cb) == jw)
                withUnsafeTemporaryAllocation(of: Double.self, capacity: 16) { out in
                    JaroWinkler.similarities(count: 2, into: out) { k in k == 0 ? (ca, cb) : (cb, ca) }
                    #expect(out[0] == jw && out[1] == jw)
                    JaroWinklerBlock(count: 1) { _ in ca }.similarities(to: cb, into: out)
                    #expect(out[0] == jw)
                }
                _ = DamerauLevenshtein.distance(ca, cb, max: 2)
                _ = TokenSet.similarity(ca, cb)
                checked += 1
            }
            let a = UnsafeBufferPointer(start: pageA + page - la, count: la)
            _ = SwedishPhonetic.key(a)
            _ = DoubleMetaphone.keys(a)
        }
        #expect(checked == 24 * 24)
    }
}
