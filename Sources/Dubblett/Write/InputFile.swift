import Foundation

/// Reads a small input file (a model, a settings file) whole, with a plain reason when it cannot.
public enum InputFile {
    /// The bytes of the regular file `path`.
    /// - Parameter what: what the file is for, used in the message (`model`, `settings`).
    /// - Throws: `InputFileError` saying what is wrong in plain words: missing, a directory or device
    ///   rather than a file, not readable.
    public static func contents(of path: String, what: String) throws -> Data {
        var s = stat()
        guard stat(path, &s) == 0 else { throw InputFileError(path: path, what: what, errno: errno) }
        let type = s.st_mode & mode_t(S_IFMT)
        guard type == mode_t(S_IFREG) else {
            let kinds: [(mode_t, String)] = [
                (mode_t(S_IFDIR), "a directory"), (mode_t(S_IFCHR), "a character device"),
                (mode_t(S_IFBLK), "a block device"), (mode_t(S_IFIFO), "a pipe"), (mode_t(S_IFSOCK), "a socket"),
            ]
            let kind = kinds.first { $0.0 == type }?.1 ?? "not a regular file"
            throw InputFileError(path: path, what: what, reason: "\(kind), not a file", exitCode: 66)
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw InputFileError(path: path, what: what, errno: errno) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            return try handle.readToEnd() ?? Data()
        } catch {
            throw InputFileError(path: path, what: what, reason: describe(error), exitCode: 74)
        }
    }

    /// A Foundation or decoding error in a few plain words (no `NSCocoaErrorDomain` codes).
    public static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let c): return c.underlyingError.map(describe) ?? c.debugDescription
        case DecodingError.keyNotFound(let k, _): return "missing \"\(k.stringValue)\""
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c): return c.debugDescription
        default:
            let ns = error as NSError
            if let u = ns.userInfo[NSUnderlyingErrorKey] as? NSError, u.domain == NSPOSIXErrorDomain {
                return String(cString: strerror(Int32(u.code)))
            }
            if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
            return ns.localizedDescription
        }
    }
}

/// An input file cannot be read; the message names the file and the reason.
public struct InputFileError: Error, CustomStringConvertible {
    public let path: String
    public let what: String
    public let reason: String
    /// 66 when the file is missing or not a file, 74 for an I/O error.
    public let exitCode: Int32

    public init(path: String, what: String, reason: String, exitCode: Int32) {
        self.path = path
        self.what = what
        self.reason = reason
        self.exitCode = exitCode
    }

    init(path: String, what: String, errno code: Int32) {
        self.init(path: path, what: what, reason: String(cString: strerror(code)), exitCode: code == EIO ? 74 : 66)
    }

    public var description: String { "cannot read the \(what) \(path): \(reason)" }
}
