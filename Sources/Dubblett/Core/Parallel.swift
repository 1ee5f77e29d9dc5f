import Dispatch
import Foundation

/// A pointer-holding value that may cross into `DispatchQueue.concurrentPerform` workers.
///
/// Invariant (the caller's promise): each worker reads shared data freely but writes only the slice
/// of `base` that belongs to its own chunk index, and the memory outlives the parallel call.
/// This is the one `@unchecked Sendable` wrapper of the engine (STYLE.md example 17).
public struct UnsafeSendable<Value>: @unchecked Sendable {
    public var value: Value
    @inlinable public init(_ value: Value) { self.value = value }
}

/// Chunked data-parallel loops over `0..<count` on Dispatch workers.
public enum Parallel {
    /// The number of workers to use when the caller does not say (the machine's active cores, read once:
    /// on Linux each read opens the cgroup's CPU files, which cost a server a twentieth of every request).
    public static let defaultWorkers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// The most workers any stage uses; larger requests are clamped (the CLI rejects them).
    public static let maxWorkers = 1024

    /// Splits `0..<count` into `chunks` contiguous ranges of near-equal size (empty ranges dropped).
    public static func ranges(count: Int, chunks: Int) -> [Range<Int>] {
        guard count > 0 else { return [] }
        let n = max(1, min(chunks, count))
        return (0..<n).map { i in (count * i / n)..<(count * (i + 1) / n) }
    }

    /// Runs `body(chunkIndex, range)` for each of about `8 × workers` chunks of `0..<count`.
    ///
    /// With `workers == 1` the chunks run in order on the calling thread (no other thread is used), so
    /// a result that depends only on per-chunk outputs merged in chunk order is identical for any
    /// worker count.
    ///
    /// Inside a run (`CancellationScope`), chunks not yet started are skipped once the run is
    /// cancelled, so a cancelled run stops within one chunk. Their outputs keep their initial values
    /// (zeros, empty arrays), which every caller's merge tolerates; `Pipeline` throws `RunCancelled`
    /// right after the stage, so such partial outputs never reach a result.
    public static func forEachChunk(
        count: Int, workers: Int, chunksPerWorker: Int = 8,
        _ body: @Sendable (_ chunk: Int, _ range: Range<Int>) -> Void
    ) {
        let workers = min(maxWorkers, max(1, workers))
        let parts = ranges(count: count, chunks: workers * min(max(1, chunksPerWorker), 1024))
        let token = CancellationScope.token
        if workers <= 1 || parts.count <= 1 {
            for (i, r) in parts.enumerated() where token?.isCancelled != true { body(i, r) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: parts.count) { i in
            if token?.isCancelled != true { body(i, parts[i]) }
        }
    }

    /// `forEachChunk` collecting one value per chunk, in chunk order; a chunk skipped because the run was
    /// cancelled contributes `empty`.
    public static func mapChunks<T: Sendable>(
        count: Int, workers: Int, chunksPerWorker: Int = 8, empty: T,
        _ body: @Sendable (_ range: Range<Int>) -> T
    ) -> [T] {
        let chunks = ranges(count: count, chunks: min(maxWorkers, max(1, workers)) * min(max(1, chunksPerWorker), 1024))
        var out = [T](repeating: empty, count: chunks.count)
        out.withUnsafeMutableBufferPointer { buffer in
            let slots = UnsafeSendable(buffer)
            forEachChunk(count: count, workers: workers, chunksPerWorker: chunksPerWorker) { c, r in
                slots.value[c] = body(r)
            }
        }
        return out
    }

    /// Whether the run on this thread was cancelled (for long sequential loops to stop early).
    @inline(__always)
    public static var isCancelled: Bool { CancellationScope.token?.isCancelled == true }
}
