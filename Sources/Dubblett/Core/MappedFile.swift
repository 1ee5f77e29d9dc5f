#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Read-only bytes of an input: a memory-mapped file, or an owned buffer (stdin, in-memory bytes).
///
/// The mapping uses `mmap(PROT_READ, MAP_PRIVATE)` and `madvise(MADV_SEQUENTIAL)`; nothing is copied.
/// The bytes stay valid while this object is alive; `RecordStore` keeps it alive for its fields.
/// Corresponds to the C functions `open`, `fstat`, `mmap`, `madvise`, `munmap`.
public final class MappedFile: @unchecked Sendable {
    /// First byte (a valid, never-dereferenced pointer when `count == 0`).
    public let base: UnsafeRawPointer
    /// Number of bytes.
    public let count: Int
    private enum Owner { case mapping, heap, none }
    private let owner: Owner

    private init(base: UnsafeRawPointer, count: Int, owner: Owner) {
        self.base = base
        self.count = count
        self.owner = owner
    }

    deinit {
        switch owner {
        case .mapping: munmap(UnsafeMutableRawPointer(mutating: base), count)
        case .heap: base.deallocate()
        case .none: break
        }
    }

    /// The bytes as a buffer.
    @inlinable public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Maps the file at `path` read-only.
    /// - Throws: `ReadError.fileNotFound`, `.isDirectory`, `.unreadable`.
    public static func map(path: String) throws(ReadError) -> MappedFile {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            if code == ENOENT { throw .fileNotFound(path: path) }
            if code == EISDIR { throw .isDirectory(path: path) }
            throw .unreadable(path: path, reason: String(cString: strerror(code)))
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw .isDirectory(path: path) }
        if (st.st_mode & S_IFMT) != S_IFREG {
            // A pipe or device: read it like stdin.
            return try readAll(fd: fd, name: path)
        }
        let size = Int(st.st_size)
        if size == 0 { return empty() }
        #if os(Linux)
        let flags = MAP_PRIVATE | MAP_POPULATE  // pre-fault from the page cache in one call
        #else
        let flags = MAP_PRIVATE
        #endif
        guard let p = mmap(nil, size, PROT_READ, flags, fd, 0), p != MAP_FAILED else {
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        _ = madvise(p, size, Int32(MADV_SEQUENTIAL))
        return MappedFile(base: UnsafeRawPointer(p), count: size, owner: .mapping)
    }

    /// Reads standard input to its end into an owned buffer.
    public static func readStandardInput() throws(ReadError) -> MappedFile {
        try readAll(fd: 0, name: "<stdin>")
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

    private static func readAll(fd: Int32, name: String) throws(ReadError) -> MappedFile {
        var capacity = 1 << 20
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 64)
        var used = 0
        while true {
            if used == capacity {
                let bigger = UnsafeMutableRawPointer.allocate(byteCount: capacity * 2, alignment: 64)
                bigger.copyMemory(from: buffer, byteCount: used)
                buffer.deallocate()
                buffer = bigger
                capacity *= 2
            }
            let n = read(fd, buffer + used, capacity - used)
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                buffer.deallocate()
                if errno == EISDIR { throw .isDirectory(path: name) }
                throw .unreadable(path: name, reason: reason)
            }
            used += n
        }
        if used == 0 {
            buffer.deallocate()
            return empty()
        }
        return MappedFile(base: UnsafeRawPointer(buffer), count: used, owner: .heap)
    }
}
