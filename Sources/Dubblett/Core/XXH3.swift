import CXXHash

/// XXH3-64, the one hash of the engine (Debian's `libxxhash-dev`, inlined through the `CXXHash` shim).
///
/// Blocking keys are hashed with a seed per rule so equal key bytes under different rules land in
/// different buckets. Corresponds to the C function `XXH3_64bits_withSeed`.
public enum XXH3 {
    /// Hashes `bytes` with `seed`.
    /// - Complexity: O(n) in the byte count; allocates nothing.
    @inlinable @inline(__always)
    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        dubblett_xxh3_64(bytes.baseAddress, bytes.count, seed)
    }

    /// Hashes the bytes of an array (convenience for tests and cold paths).
    public static func hash(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
        bytes.withUnsafeBytes { hash($0, seed: seed) }
    }
}
