#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Asks the kernel to back large, randomly accessed buffers with 2 MiB pages.
///
/// Candidate pairs touch rows in random order; over a gigabyte of compare records every access would
/// otherwise also miss the TLB. Linux transparent huge pages in `madvise` mode (the common default)
/// only apply to ranges marked with `MADV_HUGEPAGE`, before the pages are first touched. Elsewhere
/// this does nothing.
enum HugePages {
    static let size = 2 << 20

    /// Allocates `byteCount` bytes aligned to 2 MiB and marks them for huge pages.
    static func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        let rounded = (max(1, byteCount) + size - 1) / size * size
        if byteCount >= size {
            var p: UnsafeMutableRawPointer?
            if posix_memalign(&p, size, rounded) == 0, let p {
                advise(p, byteCount: rounded)
                return p
            }
        }
        return UnsafeMutableRawPointer.allocate(byteCount: max(1, byteCount), alignment: 64)
    }

    /// Frees memory from `allocate(byteCount:)`.
    static func deallocate(_ p: UnsafeMutableRawPointer, byteCount: Int) {
        if byteCount >= size { free(p) } else { p.deallocate() }
    }

    /// Marks the 2 MiB-aligned interior of a range for huge pages.
    static func advise(_ p: UnsafeMutableRawPointer, byteCount: Int) {
        #if os(Linux)
        let start = (Int(bitPattern: p) + size - 1) / size * size
        let end = (Int(bitPattern: p) + byteCount) / size * size
        if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE) }
        #endif
    }

    /// An array of `count` elements produced by `fill`, its storage marked for huge pages first.
    static func array<T>(count: Int, fill: (UnsafeMutableBufferPointer<T>) -> Void) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let base = buffer.baseAddress {
                advise(UnsafeMutableRawPointer(base), byteCount: count * MemoryLayout<T>.stride)
            }
            fill(UnsafeMutableBufferPointer(rebasing: buffer[0..<count]))
            initialized = count
        }
    }
}
