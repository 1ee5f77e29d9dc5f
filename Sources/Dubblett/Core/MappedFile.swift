import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Read-only bytes of an input, owned by this object: a file read into memory, standard input, or copied bytes.
///
/// Regular files are read with `read(2)` into one buffer (2 MiB pages where the kernel offers them), not
/// memory-mapped: a mapped file that another program truncates while it is read kills the process with
/// SIGBUS at the first access past the new end, wherever that access is (parse, washing, writing ids).
/// An owned copy cannot fault, costs the same resident memory as a populated mapping (the file's size),
/// and lets the reader prove it got one consistent version: after the read, the file must still have
/// the size and modification time it had before, and no byte past the end it had (else
/// `ReadError.changedWhileReading`). Standard input and other streams are read up to a limit
/// (`ReadError.inputTooLarge` past it), so an endless stream ends with a message instead of memory.
/// The type keeps its historical name; `RecordStore` keeps it alive for its fields.
/// Corresponds to the C functions `open`, `fstat`, `read`, `posix_fadvise`.
public final class MappedFile: @unchecked Sendable {
    /// First byte (a valid, never-dereferenced pointer when `count == 0`).
    public let base: UnsafeRawPointer
    /// Number of bytes.
    public let count: Int
    private enum Owner { case malloc, heap, none }
    private let owner: Owner

    /// The most bytes read from standard input or another stream (a pipe, a device) unless told otherwise:
    /// 2 GiB, about 13 M rows of a typical register (bigger inputs are read faster from a file anyway).
    public static let defaultStreamLimit = 2 << 30

    private init(base: UnsafeRawPointer, count: Int, owner: Owner) {
        self.base = base
        self.count = count
        self.owner = owner
    }

    deinit {
        switch owner {
        case .malloc: free(UnsafeMutableRawPointer(mutating: base))
        case .heap: base.deallocate()
        case .none: break
        }
    }

    /// The bytes as a buffer.
    @inlinable public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Reads the file at `path` into memory; a pipe or device is read like standard input, up to `streamLimit`.
    /// - Throws: `ReadError.fileNotFound`, `.isDirectory`, `.unreadable`, `.changedWhileReading`,
    ///   `.inputTooLarge`.
    /// - Parameter workers: threads that read parts of a large regular file side by side (the copy into
    ///   fresh memory and its page faults then use every core).
    public static func map(
        path: String, streamLimit: Int = defaultStreamLimit, workers: Int = 1
    ) throws(ReadError) -> MappedFile {
        try load(path: path, streamLimit: streamLimit, chunk: 16 << 20, workers: workers, afterChunk: nil)
    }

    /// `map(path:streamLimit:)` reading at most `chunk` bytes per call and calling `afterChunk` after each
    /// (tests change the file there; with `afterChunk` the file is read by one thread, in order).
    static func load(
        path: String, streamLimit: Int, chunk: Int, workers: Int = 1, afterChunk: (() -> Void)?
    ) throws(ReadError) -> MappedFile {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            if code == ENOENT { throw .fileNotFound(path: path) }
            if code == EISDIR { throw .isDirectory(path: path) }
            throw .unreadable(path: path, reason: String(cString: strerror(code)))
        }
        defer { close(fd) }
        var before = stat()
        guard fstat(fd, &before) == 0 else {
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        if (before.st_mode & S_IFMT) == S_IFDIR { throw .isDirectory(path: path) }
        if (before.st_mode & S_IFMT) != S_IFREG {
            // A pipe or device: read it like stdin.
            return try readAll(fd: fd, name: path, limit: streamLimit)
        }
        let size = Int(before.st_size)
        #if os(Linux)
        _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_SEQUENTIAL))
        #endif
        let result: MappedFile
        if size == 0 {
            result = empty()
        } else {
            if size >= 1 << 39 { throw .tooLarge(name: path, bytes: size) }
            var allocation: UnsafeMutableRawPointer?
            guard posix_memalign(&allocation, HugePages.size, size) == 0, let buffer = allocation else {
                throw .unreadable(path: path, reason: "not enough memory to hold its \(size) bytes")
            }
            HugePages.advise(buffer, byteCount: size)
            let owned = MappedFile(base: UnsafeRawPointer(buffer), count: size, owner: .malloc)
            // With one part (one worker, a file under 64 MiB, or the tests' hook) the file is read in order;
            // otherwise parts of at least 32 MiB, one per worker, are read side by side with pread(2).
            let parts = afterChunk == nil ? max(1, min(workers, Parallel.maxWorkers, size / (32 << 20))) : 1
            let token = CancellationScope.token
            if parts == 1 {
                var used = 0
                while used < size {
                    if token?.isCancelled == true { throw .cancelled(name: path) }
                    let n = read(fd, buffer + used, min(size - used, chunk))
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw .unreadable(path: path, reason: String(cString: strerror(errno)))
                    }
                    if n == 0 { throw Self.shorter(path, used, size) }
                    used += n
                    afterChunk?()
                }
            } else {
                let bounds = (0...parts).map { $0 == parts ? size : size / parts * $0 }
                var failures = [ReadError?](repeating: nil, count: parts)
                failures.withUnsafeMutableBufferPointer { fb in
                    let out = UnsafeSendable((fb, buffer))
                    DispatchQueue.concurrentPerform(iterations: parts) { k in
                        var used = bounds[k]
                        while used < bounds[k + 1] {
                            if token?.isCancelled == true {
                                out.value.0[k] = .cancelled(name: path)
                                return
                            }
                            let n = pread(fd, out.value.1 + used, min(bounds[k + 1] - used, chunk), off_t(used))
                            if n < 0 {
                                if errno == EINTR { continue }
                                out.value.0[k] = .unreadable(path: path, reason: String(cString: strerror(errno)))
                                return
                            }
                            if n == 0 {
                                out.value.0[k] = Self.shorter(path, used, size)
                                return
                            }
                            used += n
                        }
                    }
                }
                if let failure = failures.compactMap({ $0 }).first { throw failure }
            }
            result = owned
        }
        // One byte more means the file grew; a different size or modification time means it was rewritten.
        var probe: UInt8 = 0
        var extra = 0
        repeat { extra = pread(fd, &probe, 1, off_t(size)) } while extra < 0 && errno == EINTR
        var after = stat()
        guard fstat(fd, &after) == 0 else {
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        if extra > 0 || Int(after.st_size) != size {
            throw .changedWhileReading(
                path: path, detail: "its size changed from \(size) to \(after.st_size) bytes while it was read")
        }
        if after.st_mtim.tv_sec != before.st_mtim.tv_sec || after.st_mtim.tv_nsec != before.st_mtim.tv_nsec {
            throw .changedWhileReading(path: path, detail: "it was modified while it was read")
        }
        return result
    }

    static func shorter(_ path: String, _ used: Int, _ size: Int) -> ReadError {
        .changedWhileReading(
            path: path, detail: "it became shorter while it was read (\(used) of \(size) bytes were there)")
    }

    /// Reads standard input to its end into an owned buffer.
    /// Reads standard input to its end into an owned buffer, at most `limit` bytes.
    /// - Throws: `ReadError.inputTooLarge` past `limit`, `.unreadable`.
    public static func readStandardInput(limit: Int = defaultStreamLimit) throws(ReadError) -> MappedFile {
        try readAll(fd: 0, name: "<stdin>", limit: limit)
    }

    /// Copies `bytes` into an owned buffer.
    public static func copying(_ bytes: UnsafeRawBufferPointer) -> MappedFile {
        if bytes.isEmpty { return empty() }
        let p = UnsafeMutableRawPointer.allocate(byteCount: bytes.count, alignment: 64)
        p.copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        return MappedFile(base: UnsafeRawPointer(p), count: bytes.count, owner: .heap)
    }

    private static func empty() -> MappedFile {
        MappedFile(base: UnsafeRawPointer(bitPattern: 64)!, count: 0, owner: .none)
    }

    private static func readAll(fd: Int32, name: String, limit: Int) throws(ReadError) -> MappedFile {
        let limit = max(0, limit)
        var capacity = 1 << 20
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 64)
        var used = 0
        while true {
            if used == capacity {
                // One byte past the limit is enough to know the input is over it.
                let grown = min(capacity * 2, limit + 1)
                let bigger = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 64)
                bigger.copyMemory(from: buffer, byteCount: used)
                buffer.deallocate()
                buffer = bigger
                capacity = grown
            }
            let n = read(fd, buffer + used, min(capacity - used, limit + 1 - used))
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                buffer.deallocate()
                if errno == EISDIR { throw .isDirectory(path: name) }
                throw .unreadable(path: name, reason: reason)
            }
            used += n
            if used > limit {
                buffer.deallocate()
                throw .inputTooLarge(name: name, limit: limit)
            }
        }
        if used == 0 {
            buffer.deallocate()
            return empty()
        }
        return MappedFile(base: UnsafeRawPointer(buffer), count: used, owner: .heap)
    }
}
