import DubblettStore
import Foundation

/// The review routes' access to the registers the server holds open (`RegisterHost`).
///
/// A store takes an exclusive lock when opened for writing, so every route goes through the one host:
/// the register's matcher, its records routes and its review queue share one open store.
struct RegisterShelf: Sendable {
    let host: RegisterHost

    /// The open store of register `name`.
    /// - Throws: `APIError` 400 `invalid_register_name`, 404 `register_not_found`, 409 `register_in_use`.
    func store(_ name: String) async throws -> RegisterStore {
        try await host.register(name).store
    }
}
