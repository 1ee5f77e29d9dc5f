import DubblettStore
import Foundation
import Synchronization

/// The register stores the server holds open, by name: `DATA/registers/<name>.sqlite`.
///
/// A store takes an exclusive lock when opened for writing, so the server opens each one once and every
/// route shares it. A name is 1–64 letters, digits, `-` or `_` (it becomes a file name).
final class RegisterShelf: Sendable {
    let directory: String
    private let open = Mutex<[String: RegisterStore]>([:])

    init(data: DataDirectory) {
        directory = data.root + "/registers"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// Whether `name` can name a register.
    static func isName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64
            && name.utf8.allSatisfy { c in
                (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x5F
            }
    }

    /// The file of register `name`.
    func path(_ name: String) -> String { directory + "/" + name + ".sqlite" }

    /// The open store of register `name`.
    /// - Throws: `APIError` 404 `register_not_found`, 409 `register_in_use`, 500 `storage_error`.
    func store(_ name: String) throws(APIError) -> RegisterStore {
        guard Self.isName(name) else { throw Self.notFound }
        return try open.withLock { (stores) throws(APIError) -> RegisterStore in
            if let s = stores[name] { return s }
            guard FileManager.default.fileExists(atPath: path(name)) else { throw Self.notFound }
            do {
                let s = try RegisterStore(path: path(name), mode: .write)
                stores[name] = s
                return s
            } catch RegisterStoreError.inUse {
                throw APIError(.conflict, "register_in_use", "the register named in the path is open in another process")
            } catch {
                throw APIError(.internalServerError, "storage_error", "the register named in the path cannot be opened")
            }
        }
    }

    static let notFound = APIError(
        .notFound, "register_not_found", "no register with the name given in the path parameter 'name'")
}
