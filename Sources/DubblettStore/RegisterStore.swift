import Dubblett
import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A register that lives on: one SQLite file holding the records, their features, the model, the scored
/// pairs, stable clusters, decisions and the history of batches.
///
/// ```swift
/// let store = try RegisterStore(path: "kunder.dubblett", mode: .create)
/// try store.initialise(from: CSVFile(path: "kunder.csv"))          // full dedupe, clusters get ids
/// try store.add(CSVFile(path: "nya.csv"))                            // match only the new records
/// try store.remove(ids: ["1042"])                                    // erasure: values leave the file
/// let status = try store.status()
/// ```
///
/// This type is the only way in: the CLI (`dubblett register …`) and servers call it. One process at a
/// time may open a store for writing (an exclusive lock on the file; another gets
/// `RegisterStoreError.inUse`); readers (`mode: .readOnly`) never wait. Every batch is one SQLite
/// transaction in WAL mode, so a kill at any moment leaves the store at the previous or the next batch.
/// Field values are written only into the store file, never to logs, events or errors.
public final class RegisterStore: @unchecked Sendable {
    /// How a store is opened.
    public enum Mode: Sendable {
        /// A new store; the file must not exist, be empty, or be a store that holds no register yet.
        case create
        /// An existing store, for reading and writing (exclusive).
        case write
        /// An existing store, for reading only (never blocks a writer, never waits for one).
        case readOnly
    }

    /// The store's path.
    public let path: String
    let db: DatabaseQueue
    private let lockDescriptor: Int32

    /// Opens (or with `.create` creates) the store at `path`.
    /// - Throws: `RegisterStoreError` (`inUse`, `notFound`, `exists`, `newerSchema`, `notAStore`).
    public init(path: String, mode: Mode) throws {
        self.path = path
        let exists = FileManager.default.fileExists(atPath: path)
        if mode != .create && !exists { throw RegisterStoreError.notFound(path) }
        var lock: Int32 = -1
        if mode != .readOnly {
            // An exclusive lock on the file itself (flock, apart from SQLite's own POSIX locks), held open
            // until the store closes: a second writer fails at once instead of waiting or interleaving.
            lock = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard lock >= 0 else { throw RegisterStoreError.cannotOpen(path, String(cString: strerror(errno))) }
            if flock(lock, LOCK_EX | LOCK_NB) != 0 {
                close(lock)
                throw RegisterStoreError.inUse(path)
            }
        }
        lockDescriptor = lock
        var config = Configuration()
        config.readonly = mode == .readOnly
        config.busyMode = .immediateError
        if mode != .readOnly { config.journalMode = .wal }
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA secure_delete = ON")
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            // Every check runs before the last stored property is set: a throw leaves no half-made object
            // (and no deinit), so the lock is closed here exactly once.
            let queue = try DatabaseQueue(path: path, configuration: config)
            let migrator = RegisterSchema.migrator
            if try queue.read({ try migrator.hasBeenSuperseded($0) }) { throw RegisterStoreError.newerSchema(path) }
            if mode != .readOnly {
                try migrator.migrate(queue)
                // `create` accepts an empty store (an init killed before its commit leaves one), not a register.
                if mode == .create,
                    try queue.read({ try Data.fetchOne($0, sql: "SELECT value FROM meta WHERE key = 'config'") }) != nil
                {
                    throw RegisterStoreError.exists(path)
                }
            } else if try queue.read({ try !$0.tableExists("meta") }) {
                throw RegisterStoreError.notAStore(path)
            }
            db = queue
        } catch let e as DatabaseError {
            if lock >= 0 { close(lock) }
            let error = RegisterStoreError.from(e, path: path)
            // Never a register store: `create` refuses to touch a file that holds something else.
            if mode == .create, case .notAStore = error { throw RegisterStoreError.exists(path) }
            throw error
        } catch {
            if lock >= 0 { close(lock) }
            throw error
        }
    }

    deinit {
        try? db.close()
        if lockDescriptor >= 0 { close(lockDescriptor) }
    }

    /// Runs `body` in one write transaction, mapping SQLite errors to `RegisterStoreError`.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try db.write(body)
        } catch let e as DatabaseError {
            throw RegisterStoreError.from(e, path: path)
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try db.read(body)
        } catch let e as DatabaseError {
            throw RegisterStoreError.from(e, path: path)
        }
    }
}

/// Why a store cannot be used, without any field value.
public enum RegisterStoreError: Error, Sendable, CustomStringConvertible, Equatable {
    /// Another process has the store open for writing.
    case inUse(String)
    case notFound(String)
    /// `create` on a file that already holds data.
    case exists(String)
    case cannotOpen(String, String)
    /// The file was written by a newer Dubblett (a schema this build does not know).
    case newerSchema(String)
    /// The file is not a register store.
    case notAStore(String)
    /// `add`, `remove` or `export` on a store that was never initialised.
    case notInitialised(String)
    /// `init` on a store that already holds a register.
    case alreadyInitialised(String)
    /// The register has no id column (records are found by id in later batches).
    case noIDColumn(String)
    /// Two records share an id, or a record has none (file lines, never the id values).
    case badIDs(String, lines: [Int], reason: String)
    /// A batch whose columns differ from the register's.
    case columnsDiffer(String, missing: [String], extra: [String])
    /// A file of ids or decisions that cannot be used.
    case badInput(String, String)
    /// SQLite failed (the store is unchanged: the batch's transaction was rolled back).
    case database(String, String)

    public var description: String {
        switch self {
        case .inUse(let p):
            return "\(p): the register is in use by another process (try again when it has finished)"
        case .notFound(let p): return "\(p): no such register store (create one with `dubblett register init`)"
        case .exists(let p): return "\(p): already exists and holds a register or other data; give a new file to create a register store"
        case .cannotOpen(let p, let why): return "\(p): cannot open the register store: \(why)"
        case .newerSchema(let p): return "\(p): written by a newer Dubblett; this version cannot open it"
        case .notAStore(let p): return "\(p): not a Dubblett register store"
        case .notInitialised(let p): return "\(p): holds no register yet (run `dubblett register init` first)"
        case .alreadyInitialised(let p): return "\(p): already holds a register; use `dubblett register add`"
        case .noIDColumn(let p):
            return "\(p): no id column; a register store finds records by id (name it id or kundnummer, or give --column id=HEADER)"
        case .badIDs(let p, let lines, let reason):
            let shown = lines.prefix(10).map(String.init).joined(separator: ", ")
            return "\(p): \(reason) on line(s) \(shown)\(lines.count > 10 ? " and \(lines.count - 10) more" : "")"
        case .columnsDiffer(let p, let missing, let extra):
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing column(s) \(missing.joined(separator: ", "))") }
            if !extra.isEmpty { parts.append("column(s) the register does not have: \(extra.joined(separator: ", "))") }
            return "\(p): the columns differ from the register's: \(parts.joined(separator: "; "))"
        case .badInput(let p, let why): return "\(p): \(why)"
        case .database(let p, let why): return "\(p): \(why); the store is as it was before this batch"
        }
    }

    /// The process exit code for this error (sysexits).
    public var exitCode: Int32 {
        switch self {
        case .inUse: return 75
        case .notFound: return 66
        case .exists, .cannotOpen: return 73
        case .newerSchema, .notAStore, .badIDs, .columnsDiffer, .badInput, .noIDColumn: return 65
        case .notInitialised, .alreadyInitialised: return 64
        case .database: return 74
        }
    }

    static func from(_ e: DatabaseError, path: String) -> RegisterStoreError {
        switch e.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .inUse(path)
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: return .notAStore(path)
        case .SQLITE_CANTOPEN: return .cannotOpen(path, "SQLite cannot open the file")
        default:
            // SQLite's message names tables and constraints, never bound values.
            return .database(path, "SQLite error \(e.resultCode.rawValue): \(e.message ?? "")")
        }
    }
}
