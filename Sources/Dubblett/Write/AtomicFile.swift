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
            if let h = handle { _ = fwrite(bytes.baseAddress, 1, bytes.count, h) }
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { flushBuffer() }
    }

    private func flushBuffer() {
        guard !buffer.isEmpty, let h = handle else { return }
        _ = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, h) }
        buffer.removeAll(keepingCapacity: true)
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
