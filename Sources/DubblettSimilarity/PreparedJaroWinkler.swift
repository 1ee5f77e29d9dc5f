/// One name prepared for Jaro-Winkler against many: its position masks are built once.
///
/// Use it to compare one record's name with every name in its block:
/// ```swift
/// let prepared = PreparedJaroWinkler(patternBuffer)
/// for other in bucket { if prepared.similarity(to: other, cutoff: 0.88) > 0 { … } }
/// ```
/// Results equal `JaroWinkler.similarity(pattern, b, cutoff:)` exactly (the same integer counts and the
/// same formula). After rapidfuzz-cpp's `CachedJaroWinkler`.
///
/// - Complexity: `init` is O(|pattern|) and allocates its 2 KiB mask table once;
///   `similarity(to:cutoff:)` is O(|b|) for names and allocates nothing.
public struct PreparedJaroWinkler: Sendable {
    /// The pattern bytes.
    let _pattern: [UInt8]
    /// 256 masks: bit i of entry c is set when pattern byte i (i < 64) equals c.
    let _masks: [UInt64]

    /// Prepares `pattern` (copied) for repeated comparisons.
    public init(_ pattern: UnsafeBufferPointer<UInt8>) {
        _pattern = Array(pattern)
        var masks = [UInt64](repeating: 0, count: 256)
        for (i, c) in pattern.prefix(64).enumerated() { masks[Int(c)] |= UInt64(1) << UInt64(i) }
        _masks = masks
    }

    /// Prepares the bytes of an array (convenience).
    public init(_ pattern: [UInt8]) {
        self = pattern.withUnsafeBufferPointer { PreparedJaroWinkler($0) }
    }

    /// The number of bytes in the pattern.
    public var count: Int { _pattern.count }

    /// Jaro-Winkler similarity of the pattern and `b` in 0...1; 0 when below `cutoff`.
    public func similarity(to b: UnsafeBufferPointer<UInt8>, cutoff: Double = 0) -> Double {
        _pattern.withUnsafeBufferPointer { a in
            _masks.withUnsafeBufferPointer { table in
                let prefix = JaroWinkler._commonPrefix(a, b)
                let jaro = _jaro(a, b, table: table.baseAddress!,
                                 cutoff: JaroWinkler._jaroCutoff(cutoff, prefix: prefix))
                let value = JaroWinkler._boost(jaro, prefix: prefix)
                return value >= cutoff ? value : 0
            }
        }
    }

    /// Jaro similarity of the pattern and `b` in 0...1; 0 when below `cutoff`.
    public func jaroSimilarity(to b: UnsafeBufferPointer<UInt8>, cutoff: Double = 0) -> Double {
        _pattern.withUnsafeBufferPointer { a in
            _masks.withUnsafeBufferPointer { table in
                let value = _jaro(a, b, table: table.baseAddress!, cutoff: cutoff)
                return value >= cutoff ? value : 0
            }
        }
    }

    @inline(__always)
    func _jaro(
        _ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, table: UnsafePointer<UInt64>,
        cutoff: Double
    ) -> Double {
        let la = a.count, lb = b.count
        if la == 0 || lb == 0 { return la == lb ? 1 : 0 }
        if Jaro._lengthFilterRejects(la, lb, cutoff: cutoff) { return 0 }
        let window = Jaro._window(la, lb)
        let usefulA = Swift.min(la, lb + window), usefulB = Swift.min(lb, la + window)
        if usefulA <= 64 && usefulB <= 64 {
            return Jaro._bitParallel(masks: _TableMasks(table), b: b.baseAddress!, usefulB: usefulB, la: la, lb: lb,
                                     window: window, cutoff: cutoff)
        }
        return Jaro._general(a, b, window: window, cutoff: cutoff)
    }
}
