import Dubblett
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The server's data directory and the one rule for paths clients name inside it.
///
/// ```
/// DATA/
///   uploads/<id>.csv          files uploaded with POST /v1/uploads (or with a job)
///   uploads/.<id>.part        an upload still arriving (removed at start-up)
///   jobs/<id>/job.json        a job's metadata, rewritten atomically at each change of state
///   jobs/<id>/result/         its result directory (OutputDirectory: swapped in whole)
/// ```
/// A client names an input by a path relative to DATA. `resolve(_:field:)` refuses absolute paths,
/// `..`, NUL bytes and any path whose real location (after symbolic links) is outside DATA.
struct DataDirectory: Sendable {
    /// The directory's real absolute path (no symbolic links).
    let root: String

    /// Creates the directory and its `uploads` and `jobs` folders if missing.
    /// - Throws: `ConfigurationError` naming the path when it cannot be created.
    init(path: String) throws {
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: path, withIntermediateDirectories: true)
            for sub in ["uploads", "jobs"] {
                try fm.createDirectory(atPath: path + "/" + sub, withIntermediateDirectories: true)
            }
        } catch {
            throw ConfigurationError(
                message: "--data-dir \(path): cannot create it (\(OutputPaths.plainReason(error, path: path)))")
        }
        guard let real = Self.realPath(path) else {
            throw ConfigurationError(message: "--data-dir \(path): cannot resolve it")
        }
        root = real
        // Uploads that were arriving when the server stopped.
        for name in (try? fm.contentsOfDirectory(atPath: uploads)) ?? [] where name.hasSuffix(".part") {
            try? fm.removeItem(atPath: uploads + "/" + name)
        }
    }

    var uploads: String { root + "/uploads" }
    var jobs: String { root + "/jobs" }

    /// The real path of `relative` inside the data directory, which must name an existing regular file.
    ///
    /// - Parameter field: the request field that named it (`inputs.register`), for messages.
    /// - Throws: `APIError` 400 `path_outside_data_dir`, `input_not_found` or `input_not_a_file`.
    func resolve(_ relative: String, field: String) throws(APIError) -> String {
        guard !relative.isEmpty else { throw .invalidField(field, "empty; give a path inside the data directory") }
        let outside = APIError(
            .badRequest, "path_outside_data_dir",
            "field '\(field)': must be a relative path inside the server's data directory (no leading '/', "
                + "no '..', no symbolic link leading out)")
        if relative.hasPrefix("/") || relative.hasPrefix("~") || relative.utf8.contains(0) { throw outside }
        let parts = relative.split(separator: "/", omittingEmptySubsequences: true)
        if parts.contains("..") { throw outside }
        let joined = root + "/" + parts.joined(separator: "/")
        var st = stat()
        guard lstat(joined, &st) == 0 else {
            // Whether a missing file would be outside is told by its deepest existing folder, so an answer
            // never says what exists beyond the data directory.
            var prefix = parts.dropLast()
            while !prefix.isEmpty, Self.realPath(root + "/" + prefix.joined(separator: "/")) == nil { prefix.removeLast() }
            let folder = Self.realPath(root + "/" + prefix.joined(separator: "/")) ?? root
            guard folder == root || folder.hasPrefix(root + "/") else { throw outside }
            throw APIError(
                .badRequest, "input_not_found",
                "field '\(field)': no such file in the data directory; upload it with POST /v1/uploads first")
        }
        guard let real = Self.realPath(joined), real.hasPrefix(root + "/") else { throw outside }
        guard stat(real, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            throw APIError(.badRequest, "input_not_a_file", "field '\(field)': not a regular file")
        }
        // Hidden files are the server's own (uploads still arriving, staging directories).
        if real.dropFirst(root.count).split(separator: "/").contains(where: { $0.hasPrefix(".") }) { throw outside }
        return real
    }

    /// `realpath(3)`, or `nil` when the path does not exist.
    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    /// A fresh random identifier with a prefix: `j_3f9c…` (16 hex digits).
    static func newID(_ prefix: String) -> String {
        var g = SystemRandomNumberGenerator()
        let n = g.next() as UInt64
        let hex = String(n, radix: 16)
        return prefix + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Whether `id` has the shape of an identifier made by `newID` (so it can name a path).
    static func isID(_ id: Substring, prefix: String) -> Bool {
        id.count == prefix.count + 16 && id.hasPrefix(prefix)
            && id.dropFirst(prefix.count).allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }
}
