import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A result directory that is replaced as one unit: it holds one whole run's files or the previous run's,
/// never a mix, never a half-written file.
///
/// ### How a run writes `OUT`
/// 1. `prepare(path:inputs:command:)`, before any computation: resolves `OUT`, refuses a path that clashes
///    with an input (`OutputLocationError.Kind.clash`), takes an exclusive `flock(2)` on the sibling lock
///    file `.NAME.dubblett-lock` (a second writer is refused, `.inUse`), removes what killed runs left
///    (`.NAME.dubblett-staging-*`), refuses an existing `OUT` that is neither empty nor a Dubblett result
///    (`.notAResult`: files Dubblett did not write are never deleted) and creates the hidden sibling
///    staging directory `.NAME.dubblett-staging-PID-RANDOM`, which proves the location writable.
/// 2. The command writes every file into `stagingPath` (through `AtomicFileWriter`).
/// 3. `commit()` writes the manifest `dubblett-manifest.json` (the run, the command and every file with
///    its size), syncs, and swaps the staging directory with `OUT` in one step
///    (`renameat2(2)` with `RENAME_EXCHANGE` on Linux, `renamex_np(2)` with `RENAME_SWAP` on macOS; a
///    plain `rename(2)` when `OUT` does not exist yet), then removes the previous contents.
///
/// A run killed at any moment leaves `OUT` as it was (before the swap) or complete (after it); the
/// leftovers beside it are hidden and are removed by the next run that takes the lock.
///
/// Not a guarantee: a file system without an atomic exchange (some network and FUSE file systems)
/// falls back to two renames with a short window in which `OUT` does not exist; an `OUT` that is a mount
/// point is refused. A symbolic link as `OUT` is followed: the directory it names is replaced.
public final class OutputDirectory {
    /// The manifest file every result directory holds.
    public static let manifestName = "dubblett-manifest.json"
    /// The manifest's schema tag.
    public static let manifestSchema = "dubblett-output/1"
    /// Files an older Dubblett (before the manifest) wrote into its output directory.
    static let legacyResultFiles: Set<String> = [
        "clusters.csv", "pairs.csv", "review.csv", "splits.csv", "links.csv", "summary.json",
    ]

    /// The directory as the user named it.
    public let path: String
    /// The resolved absolute path that is replaced.
    public let resolvedPath: String
    /// The hidden sibling directory every file of this run is written into until `commit()`.
    public let stagingPath: String
    /// The command recorded in the manifest (`dedupe`, `link`).
    public let command: String
    /// A random identifier of this run, recorded in the manifest.
    public let runID: String

    private let parent: String
    private let name: String
    private let lockPath: String
    private var lockFD: Int32
    private let inputs: [FileIdentity]
    private let inputPaths: [String]
    private var committed = false

    private init(
        path: String, resolvedPath: String, parent: String, name: String, staging: String, lockPath: String,
        lockFD: Int32, command: String, runID: String, inputs: [FileIdentity], inputPaths: [String]
    ) {
        self.path = path
        self.resolvedPath = resolvedPath
        self.parent = parent
        self.name = name
        self.stagingPath = staging
        self.lockPath = lockPath
        self.lockFD = lockFD
        self.command = command
        self.runID = runID
        self.inputs = inputs
        self.inputPaths = inputPaths
    }

    /// Checks `path` as an output directory, locks it, cleans what killed runs left and creates the
    /// staging directory; call it before the computation so every problem shows in milliseconds.
    /// - Parameters:
    ///   - path: the `--out` directory (created with its parents if missing).
    ///   - inputs: every file the command reads (`-` and `nil`-free); none may be `path`, inside it, or a
    ///     hard link of a file inside it.
    ///   - command: recorded in the manifest.
    /// - Throws: `OutputLocationError`.
    public static func prepare(path: String, inputs: [String], command: String) throws -> OutputDirectory {
        let fm = FileManager.default
        guard !path.isEmpty else { throw OutputLocationError(.cannotCreate, "--out is empty; name a directory") }
        let (resolved, parent, name) = try resolve(path)
        let inputPaths = inputs.filter { $0 != "-" }
        let identities = inputPaths.map { FileIdentity.of($0) }

        // Inputs: the directory itself, a file inside it (by path, after symbolic links) or a hard link of one.
        var outIdentity: FileIdentity?
        var isDirectory: ObjCBool = false
        let exists = fm.fileExists(atPath: resolved, isDirectory: &isDirectory)
        if exists { outIdentity = FileIdentity.of(resolved) }
        for (input, identity) in zip(inputPaths, identities) {
            let real = realPath(input) ?? input
            if real == resolved || real.hasPrefix(resolved == "/" ? "/" : resolved + "/")
                || (identity != nil && identity == outIdentity)
            {
                let what = real == resolved || identity == outIdentity ? "is" : "is inside"
                throw OutputLocationError(
                    .clash,
                    "the input \(input) \(what) --out \(path); the output directory is replaced as a whole, so "
                        + "the input would be lost. Choose another --out or move the input.")
            }
        }
        if exists {
            guard isDirectory.boolValue else {
                throw OutputLocationError(.cannotCreate, "--out \(path) exists and is not a directory; name a directory")
            }
            if let o = outIdentity, let p = FileIdentity.of(parent), o.device != p.device {
                throw OutputLocationError(
                    .cannotCreate,
                    "--out \(path) is a mount point, so it cannot be replaced as a whole; name a directory inside it")
            }
        }
        if exists, !identities.compactMap({ $0 }).isEmpty {
            for entry in (try? fm.contentsOfDirectory(atPath: resolved)) ?? [] {
                if let e = FileIdentity.of(resolved + "/" + entry),
                    let k = identities.firstIndex(where: { $0 == e })
                {
                    throw OutputLocationError(
                        .clash,
                        "the input \(inputPaths[k]) is the same file as \(path)/\(entry) (same device and inode); "
                            + "the output directory is replaced as a whole. Choose another --out.")
                }
            }
        }

        // The lock, then the leftovers of killed runs (only a lock holder may touch them).
        let lockPath = parent + "/." + name + ".dubblett-lock"
        let fd = try lock(lockPath, display: path)
        var keepLock = false
        defer {
            if !keepLock {
                unlink(lockPath)  // while holding it, as `releaseLock` does
                close(fd)
            }
        }
        removeLeftovers(parent: parent, name: name)

        // What is there must be Dubblett's own, or nothing.
        if exists {
            if access(resolved, W_OK) != 0 {
                throw OutputLocationError(
                    .cannotCreate, "--out \(path) is not writable (\(String(cString: strerror(errno)))); "
                        + "choose another directory")
            }
            try checkReplaceable(resolved, display: path)
        }

        // The staging directory proves the location writable before any work.
        let runID = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let staging = parent + "/." + name + ".dubblett-staging-\(getpid())-" + runID
        if mkdir(staging, 0o777) != 0 {
            throw OutputLocationError(
                .cannotCreate,
                "cannot create the output directory \(path): \(String(cString: strerror(errno))) (in \(parent))")
        }
        keepLock = true
        return OutputDirectory(
            path: path, resolvedPath: resolved, parent: parent, name: name, staging: staging, lockPath: lockPath,
            lockFD: fd, command: command, runID: runID, inputs: identities.compactMap { $0 }, inputPaths: inputPaths)
    }

    /// The staging path of the result file `name` (e.g. `clusters.csv`).
    public func file(_ name: String) -> String { stagingPath + "/" + name }

    /// The path a user knows for a file in a staging directory (`P/.NAME.dubblett-staging-X/f` → `P/NAME/f`),
    /// for messages; any other path unchanged.
    public static func userPath(forStaged path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard let k = parts.firstIndex(where: { $0.hasPrefix(".") && $0.contains(".dubblett-staging-") }),
            let end = parts[k].range(of: ".dubblett-staging-")
        else { return path }
        var copy = parts.map(String.init)
        copy[k] = String(parts[k][parts[k].index(after: parts[k].startIndex)..<end.lowerBound])
        return copy.joined(separator: "/")
    }

    /// Where to write another output the user named (e.g. `--save-model`): a file directly inside the output
    /// directory goes into the staging directory so it is part of the result; anything else stays where it is.
    /// - Throws: `OutputLocationError` when the file is an input, or deeper inside the output directory.
    public func destination(forOutput file: String, option: String) throws -> String {
        try OutputPaths.check(output: file, option: option, inputs: inputPaths)
        var dir = PathText.parent(file)
        if dir.isEmpty { dir = "." }
        // A folder that does not exist yet may still be --out (created at commit): resolve its parent.
        let realDir = OutputDirectory.realPath(dir)
            ?? OutputDirectory.realPath(PathText.parent(dir).isEmpty
                ? "." : PathText.parent(dir)).map { $0 + "/" + PathText.last(dir) }
        let base = PathText.last(file)
        if realDir == resolvedPath {
            guard base != OutputDirectory.manifestName, !base.hasPrefix(".") else {
                throw OutputLocationError(.clash, "\(option) \(file): that name is reserved in the output directory")
            }
            return self.file(base)
        }
        try OutputPaths.checkCreatable(file, option: option)
        if let realDir, realDir.hasPrefix(resolvedPath + "/") {
            throw OutputLocationError(
                .clash,
                "\(option) \(file) is inside a folder of --out \(path), which is replaced as a whole; write it "
                    + "directly into \(path) or elsewhere")
        }
        return file
    }

    /// Writes the manifest and swaps the staging directory in as the output directory, then removes the
    /// previous contents and releases the lock.
    /// - Throws: `OutputLocationError` (the previous result is then untouched) or `AtomicFileError`.
    public func commit() throws {
        precondition(!committed, "commit() twice")
        try writeManifest()
        OutputDirectory.syncDirectory(stagingPath)
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: resolvedPath, isDirectory: &isDirectory)
        if exists {
            // Files may have been added while the run was computing: never delete what is not ours.
            try OutputDirectory.checkReplaceable(resolvedPath, display: path)
            if OutputDirectory.exchange(stagingPath, resolvedPath) != 0 {
                let code = errno
                guard code == EINVAL || code == ENOSYS || code == ENOTSUP else {
                    throw OutputLocationError(
                        .cannotCreate, "cannot replace \(path): \(String(cString: strerror(code)))")
                }
                // No atomic exchange on this file system: two renames.
                let previous = parent + "/." + name + ".dubblett-staging-\(getpid())-previous-" + runID
                guard rename(resolvedPath, previous) == 0 else {
                    throw OutputLocationError(
                        .cannotCreate, "cannot replace \(path): \(String(cString: strerror(errno)))")
                }
                guard rename(stagingPath, resolvedPath) == 0 else {
                    let reason = String(cString: strerror(errno))
                    _ = rename(previous, resolvedPath)
                    throw OutputLocationError(.cannotCreate, "cannot replace \(path): \(reason)")
                }
                _ = rename(previous, stagingPath)
            }
        } else if OutputDirectory.renameNoReplace(stagingPath, resolvedPath) != 0 {
            throw OutputLocationError(.cannotCreate, "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        committed = true
        OutputDirectory.syncDirectory(parent)
        // The staging path now holds the previous result (or nothing).
        try? FileManager.default.removeItem(atPath: stagingPath)
        releaseLock()
    }

    private func releaseLock() {
        guard lockFD >= 0 else { return }
        unlink(lockPath)  // while holding it; `lock` checks that the file it locked is still the one named
        close(lockFD)
        lockFD = -1
    }

    deinit {
        if !committed { try? FileManager.default.removeItem(atPath: stagingPath) }
        releaseLock()
    }

    // MARK: Manifest

    /// The manifest: which run wrote the directory and its complete list of files.
    public struct Manifest: Codable, Sendable {
        public struct File: Codable, Sendable {
            public var name: String
            public var bytes: Int
        }
        public var schema: String
        public var command: String
        public var run: String
        public var pid: Int32
        public var finished: String
        public var files: [File]
    }

    private func writeManifest() throws {
        let fm = FileManager.default
        var files: [Manifest.File] = []
        for entry in try fm.contentsOfDirectory(atPath: stagingPath).sorted() where !entry.hasPrefix(".") {
            let size = (try? fm.attributesOfItem(atPath: file(entry)))?[.size] as? Int
            files.append(Manifest.File(name: entry, bytes: size ?? 0))
        }
        let manifest = Manifest(
            schema: Self.manifestSchema, command: command, run: runID, pid: getpid(),
            finished: ISO8601DateFormatter().string(from: Date()), files: files)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let w = try AtomicFileWriter(path: file(Self.manifestName))
        w.write(Array(try encoder.encode(manifest)))
        w.write("\n")
        try w.commit()
    }

    /// The manifest of a result directory, or `nil` when it has none (or an unreadable one).
    public static func manifest(in directory: String) -> Manifest? {
        guard let data = FileManager.default.contents(atPath: directory + "/" + manifestName),
            let m = try? JSONDecoder().decode(Manifest.self, from: data), m.schema.hasPrefix("dubblett-output/")
        else { return nil }
        return m
    }

    /// Whether `name` is a temporary file `AtomicFileWriter` leaves when killed (`.NAME.tmp-PID-RANDOM`).
    static func isTemporary(_ name: String) -> Bool { name.hasPrefix(".") && name.contains(".tmp-") }

    /// Throws unless `dir` is empty or holds only a Dubblett result (its manifest's files, an older
    /// Dubblett's result files, temporary files of killed writers).
    static func checkReplaceable(_ dir: String, display: String) throws {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        if entries.isEmpty { return }
        let ours: Set<String>
        if let m = manifest(in: dir) {
            ours = Set(m.files.map(\.name) + [manifestName])
        } else if entries.contains("summary.json"),
            let data = FileManager.default.contents(atPath: dir + "/summary.json"),
            (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["report"] != nil
        {
            ours = legacyResultFiles
        } else {
            ours = []
        }
        let foreign = entries.filter { !ours.contains($0) && !isTemporary($0) }.sorted()
        guard foreign.isEmpty else {
            let listed = foreign.prefix(3).joined(separator: ", ") + (foreign.count > 3 ? ", ..." : "")
            let why = ours.isEmpty
                ? "is not empty and is not a Dubblett result (it has no \(manifestName))"
                : "holds files that are not part of the Dubblett result in it"
            throw OutputLocationError(
                .notAResult,
                "--out \(display) \(why): \(listed). Dubblett replaces its output directory as a whole and never "
                    + "deletes files it did not write; choose a new or empty directory.")
        }
    }

    // MARK: Paths, lock, leftovers

    /// The absolute path with symbolic links resolved, or `nil` when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    /// (parent, last component) of a path: `.` for a bare name (`PathText`).
    static func splitPath(_ path: String) -> (String, String) {
        let parent = PathText.parent(path)
        return (parent.isEmpty ? "." : parent, PathText.last(path))
    }

    /// (resolved path, its parent, its last component); creates missing parents.
    private static func resolve(_ path: String) throws -> (String, String, String) {
        var trimmed = path
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        if let real = realPath(trimmed) {
            guard real != "/" else { throw OutputLocationError(.cannotCreate, "--out / : name a directory") }
            let (parent, last) = splitPath(real)
            return (real, parent, last)
        }
        let (dir, name) = splitPath(trimmed)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw OutputLocationError(.cannotCreate, "cannot create --out \(path): \(dir) is not a directory")
            }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            } catch {
                throw OutputLocationError(
                    .cannotCreate, "cannot create --out \(path): \(OutputPaths.plainReason(error, path: dir))")
            }
        }
        guard let parent = realPath(dir) else {
            throw OutputLocationError(.cannotCreate, "cannot create --out \(path): \(dir) cannot be resolved")
        }
        return ((parent == "/" ? "" : parent) + "/" + name, parent, name)
    }

    /// Opens and exclusively locks the lock file, or throws `.inUse` naming the holder.
    private static func lock(_ lockPath: String, display: String) throws -> Int32 {
        while true {
            let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw OutputLocationError(
                    .cannotCreate,
                    "cannot write to the folder of --out \(display): \(String(cString: strerror(errno))) "
                        + "(creating \(lockPath))")
            }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let code = errno
                var bytes = [UInt8](repeating: 0, count: 32)
                let n = pread(fd, &bytes, 31, 0)
                close(fd)
                if code == EWOULDBLOCK {
                    let pid = n > 0 ? String(decoding: bytes[..<n], as: UTF8.self)
                        .trimmingCharacters(in: .whitespacesAndNewlines) : "?"
                    throw OutputLocationError(
                        .inUse,
                        "--out \(display) is in use by process \(pid) (another dubblett run writing there); wait "
                            + "for it to finish or choose another --out")
                }
                throw OutputLocationError(
                    .cannotCreate, "cannot lock \(lockPath): \(String(cString: strerror(code)))")
            }
            // The holder before us may have unlinked the file after we opened it: lock the current one.
            var held = stat(), named = stat()
            if fstat(fd, &held) == 0, stat(lockPath, &named) == 0, held.st_ino == named.st_ino,
                held.st_dev == named.st_dev
            {
                let text = Array("\(getpid())\n".utf8)
                _ = ftruncate(fd, 0)
                _ = pwrite(fd, text, text.count, 0)
                return fd
            }
            close(fd)
        }
    }

    /// Removes `.NAME.dubblett-staging-*` beside the output directory (staging directories and previous
    /// results of runs that were killed). The caller holds the lock, so none belongs to a live run.
    private static func removeLeftovers(parent: String, name: String) {
        let prefix = "." + name + ".dubblett-staging-"
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where entry.hasPrefix(prefix) {
            try? FileManager.default.removeItem(atPath: parent + "/" + entry)
        }
    }

    static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY)
        if fd >= 0 {
            _ = fsync(fd)
            close(fd)
        }
    }

    // MARK: System calls

    #if os(Linux)
    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32)
        -> Int32
    /// glibc's `renameat2(2)` (2.28+), found at run time so the build does not depend on `_GNU_SOURCE`.
    private static let renameat2: RenameAt2? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
    }()
    #endif

    /// Swaps two paths in one step; sets `errno` and returns −1 on failure. `renameat2(RENAME_EXCHANGE)`.
    static func exchange(_ a: String, _ b: String) -> Int32 {
        #if os(Linux)
        guard let renameat2 else {
            errno = ENOSYS
            return -1
        }
        return renameat2(AT_FDCWD, a, AT_FDCWD, b, 1 << 1)  // RENAME_EXCHANGE
        #else
        return renamex_np(a, b, UInt32(RENAME_SWAP))
        #endif
    }

    /// Renames `a` to `b` unless `b` exists. `renameat2(RENAME_NOREPLACE)`, else `rename(2)`.
    static func renameNoReplace(_ a: String, _ b: String) -> Int32 {
        #if os(Linux)
        if let renameat2 {
            let r = renameat2(AT_FDCWD, a, AT_FDCWD, b, 1 << 0)  // RENAME_NOREPLACE
            if r == 0 || (errno != EINVAL && errno != ENOSYS) { return r }
        }
        return rename(a, b)
        #else
        return renamex_np(a, b, UInt32(RENAME_EXCL))
        #endif
    }
}

/// A file's device and inode: two paths with the same identity are the same file, whatever links lead there.
public struct FileIdentity: Hashable, Sendable {
    public let device: UInt64
    public let inode: UInt64

    /// The identity of the file `path` names, following symbolic links (`stat(2)`); `nil` if it does not exist.
    public static func of(_ path: String) -> FileIdentity? {
        var s = stat()
        guard stat(path, &s) == 0 else { return nil }
        return FileIdentity(device: UInt64(s.st_dev), inode: UInt64(s.st_ino))
    }
}

/// Checks of single output files against the inputs of a command.
public enum OutputPaths {
    /// Throws `OutputLocationError.Kind.clash` when `output` is the same file as one of `inputs` (same device
    /// and inode, so a symbolic or hard link to an input is caught too).
    public static func check(output: String, option: String, inputs: [String]) throws {
        guard output != "-", let o = FileIdentity.of(output) else { return }
        for input in inputs where input != "-" {
            if FileIdentity.of(input) == o {
                let how = input == output ? "" : " (same device and inode)"
                throw OutputLocationError(
                    .clash,
                    "\(option) \(output) is the input \(input)\(how); an input is never overwritten. Choose "
                        + "another path.")
            }
        }
    }

    /// Throws `OutputLocationError.Kind.cannotCreate` (exit 73) unless `file` could be created: its nearest
    /// existing folder is a writable directory and `file` is not a directory. Call it before the work, so a
    /// read-only location fails in milliseconds instead of after the run.
    /// - Parameter createsFolders: the writer creates missing folders; otherwise the file's folder must exist.
    public static func checkCreatable(_ file: String, option: String, createsFolders: Bool = false) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), isDirectory.boolValue {
            throw OutputLocationError(.cannotCreate, "\(option) \(file) is a directory; name a file")
        }
        var dir = PathText.parent(file)
        if dir.isEmpty { dir = "." }
        if !createsFolders && !FileManager.default.fileExists(atPath: dir) {
            throw OutputLocationError(.cannotCreate, "cannot create \(option) \(file): the folder \(dir) does not exist")
        }
        while !FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory) {
            let up = PathText.parent(dir)
            let next = up.isEmpty ? "." : up
            if next == dir { break }
            dir = next
        }
        guard isDirectory.boolValue else {
            throw OutputLocationError(.cannotCreate, "cannot create \(option) \(file): \(dir) is not a directory")
        }
        if access(dir, W_OK) != 0 {
            throw OutputLocationError(
                .cannotCreate, "cannot create \(option) \(file): \(String(cString: strerror(errno))) (\(dir))")
        }
    }

    /// A plain reason for a file-system error from Foundation (no `NSCocoaErrorDomain` codes).
    public static func plainReason(_ error: any Error, path: String) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        switch ns.code {
        case NSFileWriteFileExistsError: return "a file is in the way (\(path) exists and is not a directory)"
        case NSFileWriteVolumeReadOnlyError: return "the file system is read-only"
        case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: return "permission denied"
        case NSFileWriteOutOfSpaceError: return "no space left on the device"
        case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return "no such file or directory"
        default: return ns.localizedDescription
        }
    }
}

/// An output location that cannot be used; the message names the path and says what to do.
public struct OutputLocationError: Error, CustomStringConvertible {
    public enum Kind: Sendable {
        /// An output is an input, or would replace one.
        case clash
        /// The output directory holds files that are not a Dubblett result.
        case notAResult
        /// Another process holds the output directory's lock.
        case inUse
        /// The location cannot be created or written.
        case cannotCreate
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// The exit status: 64 for a clash (a usage error), 73 when the output cannot be created or holds
    /// foreign files, 75 (try again later) when another run holds it.
    public var exitCode: Int32 {
        switch kind {
        case .clash: 64
        case .notAResult, .cannotCreate: 73
        case .inUse: 75
        }
    }
}
