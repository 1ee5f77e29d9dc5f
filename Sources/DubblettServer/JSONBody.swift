import Foundation
import Hummingbird

/// A coding key for any field name, to list the fields a JSON object really holds.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// The dotted path of a field for messages: `options.match_threshold`, `inputs.register`.
func fieldPath(_ codingPath: [any CodingKey]) -> String {
    var s = ""
    for key in codingPath {
        if let i = key.intValue {
            s += "[\(i)]"
        } else {
            s += s.isEmpty ? key.stringValue : "." + key.stringValue
        }
    }
    return s.isEmpty ? "(body)" : s
}

extension Decoder {
    /// Throws `APIError.unknownField` for the first field of this object that `Keys` does not name.
    func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_: Keys.Type) throws {
        let container = try self.container(keyedBy: AnyKey.self)
        for key in container.allKeys.sorted(by: { $0.stringValue < $1.stringValue })
        where Keys(stringValue: key.stringValue) == nil {
            throw APIError.unknownField(
                fieldPath(codingPath + [key]), known: Keys.allCases.map(\.stringValue))
        }
    }
}

/// A body type with a fast reader for its well-formed bodies (see `FlatJSON`); nil sends the body to the
/// ordinary decoder, which gives the errors.
protocol FlatDecodable {
    init?(flat bytes: UnsafeBufferPointer<UInt8>)
}

/// Reading request bodies as JSON: bounded, syntax-checked with a position, strictly decoded.
enum JSONBody {
    /// Decodes `T` from `request`'s body, read up to `limit` bytes.
    ///
    /// - Throws: `APIError` 413 over the limit, 400 `malformed_json` with the byte position, 400
    ///   `unknown_field` / `invalid_field` naming the field, 415 when the content type is not JSON.
    static func decode<T: Decodable>(_: T.Type, from request: Request, limit: Int) async throws -> T {
        if let type = request.headers[.contentType], !type.lowercased().hasPrefix("application/json") {
            throw APIError(
                .unsupportedMediaType, "unsupported_media_type",
                "header 'Content-Type' must be application/json for this request")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw APIError.tooLarge("JSON body", limit: limit, option: "--max-body-bytes")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError.tooLarge("JSON body", limit: limit, option: "--max-body-bytes")
        }
        if let flat = T.self as? any FlatDecodable.Type,
            let value = buffer.withUnsafeReadableBytes({ flat.init(flat: $0.assumingMemoryBound(to: UInt8.self)) }) as? T
        {
            return value
        }
        return try decode(T.self, from: Data(buffer: buffer))
    }

    /// Decodes `T` from `data` with the same checks as `decode(_:from:limit:)` (except the size).
    static func decode<T: Decodable>(_: T.Type, from data: Data) throws -> T {
        if data.isEmpty { throw APIError(.badRequest, "empty_body", "the request needs a JSON body") }
        if let failure = JSONSyntax.firstError(in: data) { throw APIError.malformedJSON(failure) }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as APIError {
            throw error
        } catch let error as DecodingError {
            throw describe(error)
        }
    }

    /// A decoding error as an `APIError` naming the field (never the value).
    static func describe(_ error: DecodingError) -> APIError {
        switch error {
        case .keyNotFound(let key, let context):
            return .invalidField(fieldPath(context.codingPath + [key]), "required, but missing")
        case .valueNotFound(let type, let context):
            return .invalidField(fieldPath(context.codingPath), "expected \(typeName(type)), found null")
        case .typeMismatch(let type, let context):
            return .invalidField(fieldPath(context.codingPath), "expected \(typeName(type))")
        case .dataCorrupted(let context):
            return .invalidField(fieldPath(context.codingPath), context.debugDescription)
        @unknown default:
            return APIError(.badRequest, "invalid_body", "the request body does not have the expected shape")
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Double.Type, is Float.Type: "a number"
        case is Int.Type: "an integer"
        case is Bool.Type: "true or false"
        case is [String].Type: "an array of strings"
        default: type is any Collection.Type ? "an array" : "an object"
        }
    }
}
