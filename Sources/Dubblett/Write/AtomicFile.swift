import Foundation

/// Writes an output file so that it either appears whole or not at all.
///
/// Bytes go to a temporary file beside the destination (same directory, so `rename(2)` is atomic);
/// `commit()` flushes, closes and renames it over the destination. If the writer is dropped without
/// `commit()` (an error, a crash of the job), the temporary file is removed and the destination is
/// untouched. Writes are buffered in 1 MiB blocks.
public final class AtomicFileWriter {
    public let path: String
    private let tempPath: String
    private var handle: UnsafeMutablePointer<FILE>?
    private var buffer: [UInt8] = []
    private var committed = false
    /// Bytes handed to the kernel so far, and how many of them already have their write-back started.
    private var written = 0
    private var writebackStarted = 0

    /// Opens a temporary file next to `path`. Throws `AtomicFileError` naming the path on failure.
    public init(path: String) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            throw AtomicFileError(path: path, reason: "is a directory")
        }
        tempPath = dir + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        Self.removeStaleTemporaries(directory: dir, name: url.lastPathComponent)
        guard let h = fopen(tempPath, "wb") else {
            throw AtomicFileError(path: path, reason: String(cString: strerror(errno)))
        }
        handle = h
        buffer.reserveCapacity(1 << 20)
    }

    /// Appends raw bytes.
    public func write(_ bytes: UnsafeRawBufferPointer) {
        _append(bytes)
    }

    /// Appends the UTF-8 bytes of `string`.
    public func write(_ string: String) {
        var s = string
        s.withUTF8 { _append(UnsafeRawBufferPointer($0)) }
    }

    /// Appends bytes from an array.
    public func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { _append($0) }
    }

    private func _append(_ bytes: UnsafeRawBufferPointer) {
        // A block as large as the buffer goes straight to the file (no second copy); errors show at `commit()`.
        if bytes.count >= 1 << 20 {
            flushBuffer()
            if let h = handle {
                _ = fwrite(bytes.baseAddress, 1, bytes.count, h)
                written += bytes.count
            }
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { flushBuffer() }
    }

    private func flushBuffer() {
        guard !buffer.isEmpty, let h = handle else { return }
        _ = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, h) }
        written += buffer.count
        buffer.removeAll(keepingCapacity: true)
        if written - writebackStarted >= Self.writebackStep, fflush(h) == 0 {
            // Start the disk write of what is written so far without waiting for it, so that the
            // final fsync in `commit()` finds most of the file already on its way and does not stall
            // the run for the whole file.
            Self.startWriteback(fileno(h), offset: writebackStarted, length: written - writebackStarted)
            writebackStarted = written
        }
    }

    private static let writebackStep = 8 << 20

    private typealias SyncFileRange = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32

    /// glibc's `sync_file_range(2)` (Linux only), found at run time like `renameat2`; nil elsewhere.
    private static let syncFileRange: SyncFileRange? = {
        #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sync_file_range") else { return nil }
        return unsafeBitCast(symbol, to: SyncFileRange.self)
        #else
        return nil
        #endif
    }()

    /// Asks the kernel to begin writing a byte range to disk (`SYNC_FILE_RANGE_WRITE`): a hint only;
    /// durability still comes from the `fsync` in `commit()`.
    private static func startWriteback(_ fd: Int32, offset: Int, length: Int) {
        _ = syncFileRange?(fd, Int64(offset), Int64(length), 2)  // SYNC_FILE_RANGE_WRITE
    }

    /// Flushes, syncs and closes the temporary file, renames it over `path`, then syncs the directory so
    /// the rename survives a crash (the fsync-before-rename, fsync-directory-after pattern of rename(2)).
    public func commit() throws {
        flushBuffer()
        guard let h = handle else { return }
        handle = nil
        var failed = fflush(h) != 0 || ferror(h) != 0
        if !failed && fsync(fileno(h)) != 0 { failed = true }
        let reason = failed ? String(cString: strerror(errno)) : ""
        if fclose(h) != 0 && !failed {
            unlink(tempPath)
            throw AtomicFileError(path: path, reason: "close failed: \(String(cString: strerror(errno)))")
        }
        if failed {
            unlink(tempPath)
            throw AtomicFileError(path: path, reason: "write failed: \(reason)")
        }
        if rename(tempPath, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(tempPath)
            throw AtomicFileError(path: path, reason: reason)
        }
        committed = true
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let fd = open(dir, O_RDONLY)
        if fd >= 0 {
            _ = fsync(fd)  // best effort: some file systems refuse fsync on a directory
            close(fd)
        }
    }

    /// Removes `.NAME.tmp-PID-*` files in `directory` that a writer killed before `commit()` or `deinit`
    /// left behind: only those whose process no longer exists.
    static func removeStaleTemporaries(directory: String, name: String) {
        let prefix = "." + name + ".tmp-"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for entry in entries where entry.hasPrefix(prefix) {
            let rest = entry.dropFirst(prefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid > 0 else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(directory + "/" + entry) }
        }
    }

    deinit {
        if let h = handle { fclose(h) }
        if !committed { unlink(tempPath) }
    }
}

/// An output file could not be written.
public struct AtomicFileError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "cannot write \(path): \(reason)" }
    /// An error for `path` with a plain-language `reason`.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}
