import Testing
@testable import Dubblett

@Suite("XXH3")
struct XXH3Tests {
    @Test func knownVectors() {
        // Reference values from xxHash's own sanity tests (XXH3_64bits of empty input, seed 0).
        #expect(XXH3.hash([], seed: 0) == 0x2D06_8005_38D3_94C2)
        #expect(XXH3.hash(Array("abc".utf8), seed: 1) != XXH3.hash(Array("abc".utf8), seed: 2))
    }
}
