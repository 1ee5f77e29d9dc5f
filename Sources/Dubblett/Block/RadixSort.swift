import Dispatch

/// Stable parallel LSD radix sort of `(key, payload)` pairs by a 64-bit key.
///
/// Six passes of 11-bit digits (Satish et al., "Fast sort on CPUs and GPUs", 2009, for the
/// per-chunk histogram / prefix-sum / scatter scheme). Each chunk counts its digits in parallel, a
/// serial prefix sum over (digit, chunk) gives every chunk its own output slots, and the chunks
/// scatter in parallel without locks. A pass whose digit is the same for every key is skipped.
/// The sort is stable, so equal keys keep their payloads in input order; the result is the same
/// for any worker count.
///
/// - Complexity: O(6 × n) time; allocates one scratch copy of both arrays and the histograms.
public enum RadixSort {
    static let digitBits = 11
    static let radix = 1 << digitBits

    /// Sorts `keys` ascending, permuting `payload` alongside.
    public static func sort(keys: inout [UInt64], payload: inout [UInt32], workers: Int) {
        precondition(keys.count == payload.count, "keys and payload differ in length")
        let n = keys.count
        if n < 2 { return }
        if n < 4096 {
            // Small inputs: a stable comparison sort on indices is cheaper than six passes.
            let order = (0..<n).sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
            keys = order.map { keys[$0] }
            payload = order.map { payload[$0] }
            return
        }
        var keys2 = [UInt64](repeating: 0, count: n)
        var pay2 = [UInt32](repeating: 0, count: n)
        let chunks = Parallel.ranges(count: n, chunks: max(1, workers) * 4)
        var hist = [Int](repeating: 0, count: chunks.count * radix)
        var inFirst = true
        var shift = 0
        while shift < 64 {
            let s = UInt64(shift)
            // 1. Per-chunk digit histograms.
            do {
                let src: [UInt64] = inFirst ? keys : keys2
                hist.withUnsafeMutableBufferPointer { h in
                    let hs = UnsafeSendable(h)
                    src.withUnsafeBufferPointer { k in
                        let ks = UnsafeSendable(k)
                        runChunks(chunks, workers: workers) { c, r in
                            let base = c * radix
                            for i in base..<base + radix { hs.value[i] = 0 }
                            for i in r { hs.value[base + Int((ks.value[i] >> s) & UInt64(radix - 1))] += 1 }
                        }
                    }
                }
            }
            // 2. Skip a pass in which every key has the same digit.
            var total = [Int](repeating: 0, count: radix)
            for c in 0..<chunks.count { for d in 0..<radix { total[d] += hist[c * radix + d] } }
            if total.contains(n) { shift += digitBits; continue }
            // 3. Exclusive prefix sum over (digit, chunk).
            var running = 0
            for d in 0..<radix {
                for c in 0..<chunks.count {
                    let v = hist[c * radix + d]
                    hist[c * radix + d] = running
                    running += v
                }
            }
            // 4. Scatter.
            if inFirst {
                scatter(keys, payload, into: &keys2, &pay2, hist: &hist, chunks: chunks, shift: s, workers: workers)
            } else {
                scatter(keys2, pay2, into: &keys, &payload, hist: &hist, chunks: chunks, shift: s, workers: workers)
            }
            inFirst.toggle()
            shift += digitBits
        }
        if !inFirst {
            swap(&keys, &keys2)
            swap(&payload, &pay2)
        }
    }

    private static func scatter(
        _ k: [UInt64], _ p: [UInt32], into k2: inout [UInt64], _ p2: inout [UInt32],
        hist: inout [Int], chunks: [Range<Int>], shift s: UInt64, workers: Int
    ) {
        k.withUnsafeBufferPointer { kb in
            p.withUnsafeBufferPointer { pb in
                k2.withUnsafeMutableBufferPointer { k2b in
                    p2.withUnsafeMutableBufferPointer { p2b in
                        hist.withUnsafeMutableBufferPointer { hb in
                            let box = UnsafeSendable((kb, pb, k2b, p2b, hb))
                            runChunks(chunks, workers: workers) { c, r in
                                let (kk, pp, ko, po, hh) = box.value
                                let base = c * radix
                                for i in r {
                                    let key = kk[i]
                                    let slot = base + Int((key >> s) & UInt64(radix - 1))
                                    let dst = hh[slot]
                                    hh[slot] = dst + 1
                                    ko[dst] = key
                                    po[dst] = pp[i]
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static func runChunks(_ chunks: [Range<Int>], workers: Int, _ body: @Sendable (Int, Range<Int>) -> Void) {
        // A cancelled run skips the chunks not yet started: the keys are left partly sorted, which the
        // bucket scan tolerates, and `Pipeline` throws after the blocking stage.
        let token = CancellationScope.token
        if workers <= 1 || chunks.count <= 1 {
            for (i, r) in chunks.enumerated() where token?.isCancelled != true { body(i, r) }
        } else {
            DispatchQueue.concurrentPerform(iterations: chunks.count) { i in
                if token?.isCancelled != true { body(i, chunks[i]) }
            }
        }
    }
}
