import Foundation
import Hummingbird
import Synchronization

/// Receiving a file as a request body: streamed to disk chunk by chunk, never held whole in memory.
enum Upload {
    /// A received file.
    struct Received: Sendable, Codable {
        /// The path to name it by in a job, relative to the data directory (`uploads/u_….csv`).
        var path: String
        /// Its size.
        var bytes: Int
    }

    /// Streams `request`'s body into a new file under `DATA/uploads` and returns where it is.
    ///
    /// The body is written to a hidden `.part` file through NIO's thread pool and renamed when complete,
    /// so a half-received file is never visible under its final name.
    /// - Throws: `APIError` 413 past `limit` (at once when `Content-Length` says so), 400 for an empty body;
    ///   the connection's errors.
    static func receive(
        _ request: Request, into data: DataDirectory, limit: Int, fileIO: FileIO, context: some RequestContext
    ) async throws -> Received {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw APIError.tooLarge("upload", limit: limit, option: "--max-upload-bytes")
        }
        let id = DataDirectory.newID("u_")
        let part = data.uploads + "/." + id + ".part"
        let final = data.uploads + "/" + id + ".csv"
        let counted = CountedBody(base: request.body, limit: limit)
        do {
            try await fileIO.writeFile(contents: counted, path: part, context: context)
        } catch {
            try? FileManager.default.removeItem(atPath: part)
            if let e = error as? APIError { throw e }
            if counted.count.load() > limit {
                throw APIError.tooLarge("upload", limit: limit, option: "--max-upload-bytes")
            }
            throw error
        }
        let bytes = counted.count.load()
        if bytes == 0 {
            try? FileManager.default.removeItem(atPath: part)
            throw APIError(.badRequest, "empty_body", "the uploaded file is empty; send the file as the request body")
        }
        guard rename(part, final) == 0 else {
            try? FileManager.default.removeItem(atPath: part)
            throw APIError(.internalServerError, "storage_error", "the upload could not be stored in the data directory")
        }
        return Received(path: "uploads/" + id + ".csv", bytes: bytes)
    }
}

/// A request body that counts its bytes and fails once they pass a limit.
struct CountedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let base: RequestBody
    let limit: Int
    /// Bytes seen so far (shared with the iterator).
    let count = Counter()

    final class Counter: Sendable {
        private let value = Atomic<Int>(0)
        func add(_ n: Int) -> Int { value.add(n, ordering: .relaxed).newValue }
        func load() -> Int { value.load(ordering: .relaxed) }
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: RequestBody.AsyncIterator
        let limit: Int
        let count: Counter

        mutating func next() async throws -> ByteBuffer? {
            guard let buffer = try await base.next() else { return nil }
            if count.add(buffer.readableBytes) > limit {
                throw APIError.tooLarge("upload", limit: limit, option: "--max-upload-bytes")
            }
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), limit: limit, count: count)
    }
}
