import DubblettStore
import Foundation
import Hummingbird

/// The review side of a stored register: the uncertain pairs, most informative first, and people's
/// decisions on them (same / not the same / skip / undo), which go to the register store and are obeyed
/// by every later batch (`RegisterStore.decide`). The page at `/review/{name}` (`ReviewPage`) uses these.
///
/// Responses carry both records' values (the person deciding must see them); the request log holds only
/// the route pattern, never the register name, an id or a value.
extension ServerAPI {
    /// The review operations, added to `operations`.
    static let reviewOperations: [(method: HTTPRequest.Method, path: String)] = [
        (.get, "/v1/registers/{name}/review/next"), (.post, "/v1/registers/{name}/review/decisions"),
        (.get, "/v1/registers/{name}/review/progress"), (.get, "/review/{name}"),
    ]

    /// Answers a review operation, or nil when `path` is not one.
    func handleReview(_ method: HTTPRequest.Method, _ path: String, _ request: Request, _ context: Context)
        async throws -> Response?
    {
        switch (method, path) {
        case (.get, "/review/{name}"):
            try rejectReviewQuery(request, allowed: [])
            _ = try await shelf.store(context.parameters.get("name") ?? "")
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                    .contentSecurityPolicy:
                        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:",
                ],
                body: .init(byteBuffer: ByteBuffer(string: ReviewPage.html)))
        case (.get, "/v1/registers/{name}/review/next"):
            try rejectReviewQuery(request, allowed: ["limit"])
            let limit = try reviewLimit(request)
            let store = try await shelf.store(context.parameters.get("name") ?? "")
            let (pairs, progress) = try await Self.offloop {
                (try store.reviewQueue(limit: limit), try store.reviewProgress())
            }
            return Self.reviewJSON(NextPairs(pairs: pairs, progress: progress))
        case (.get, "/v1/registers/{name}/review/progress"):
            try rejectReviewQuery(request, allowed: [])
            let store = try await shelf.store(context.parameters.get("name") ?? "")
            return Self.reviewJSON(try await Self.offloop { try store.reviewProgress() })
        case (.post, "/v1/registers/{name}/review/decisions"):
            try rejectReviewQuery(request, allowed: [])
            let body = try await JSONBody.decode(ReviewDecision.self, from: request, limit: config.maxBodyBytes)
            let store = try await shelf.store(context.parameters.get("name") ?? "")
            let outcome = try await Self.offloop { () throws -> DecisionOutcome in
                let before = try store.reviewProgress()
                var events = 0
                switch body.decision {
                case .same, .notSame:
                    let summary = try store.decide(
                        [.init(idA: body.idA!, idB: body.idB!, same: body.decision == .same)], source: "<review>")
                    guard summary.updated == 1 else { throw Self.unknownIDs }
                    events = summary.events
                case .skip:
                    let summary = try store.skip(idA: body.idA!, idB: body.idB!)
                    guard summary.updated == 1 else { throw Self.unknownIDs }
                case .undo:
                    guard try store.undoLastDecision() != nil else {
                        throw APIError(.conflict, "nothing_to_undo", "there is no decision to undo")
                    }
                }
                let after = try store.reviewProgress()
                return DecisionOutcome(
                    progress: after, clusterEvents: events, reestimated: after.reestimations > before.reestimations,
                    movedUp: after.movedUp - before.movedUp, movedDown: after.movedDown - before.movedDown)
            }
            return Self.reviewJSON(outcome, status: .ok)
        default:
            return nil
        }
    }

    /// 404 for a decision naming an id the register does not hold (the id itself is not repeated).
    static let unknownIDs = APIError(
        .notFound, "record_not_found", "field 'id_a' or 'id_b' names no record of this register (or both are the same)")

    /// Runs store work (SQLite, seconds on a large register) off the server's event loops.
    static func offloop<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    private func reviewLimit(_ request: Request) throws(APIError) -> Int {
        guard let text = request.uri.queryParameters["limit"] else { return 1 }
        guard let n = Int(String(text)), (1...100).contains(n) else {
            throw .invalidField("limit", "must be a whole number from 1 to 100")
        }
        return n
    }

    private func rejectReviewQuery(_ request: Request, allowed: Set<String>) throws(APIError) {
        for (key, _) in request.uri.queryParameters where !allowed.contains(String(key)) {
            throw APIError(
                .badRequest, "unknown_parameter",
                "unknown query parameter '\(key)'"
                    + (allowed.isEmpty ? "; this operation takes none" : "; it takes: " + allowed.sorted().joined(separator: ", ")))
        }
    }

    /// JSON with snake_case keys (sorted), like the rest of the API.
    static func reviewJSON(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    struct NextPairs: Encodable {
        var pairs: [ReviewPair]
        var progress: ReviewProgress
    }

    /// What one decision changed.
    struct DecisionOutcome: Encodable, Sendable {
        var progress: ReviewProgress
        /// Cluster events the decision wrote (joined, split, …).
        var clusterEvents: Int
        /// Whether this decision re-estimated the model.
        var reestimated: Bool
        /// Pairs the decision moved above / below the match threshold (through a re-estimation).
        var movedUp: Int
        var movedDown: Int
    }
}

/// `POST …/review/decisions`: `{"decision": "same" | "not_same" | "skip" | "undo", "id_a": …, "id_b": …}`
/// (`undo` takes no ids: it takes back the latest decision or skip).
struct ReviewDecision: Decodable, Sendable {
    enum Kind: String, Decodable, Sendable { case same, notSame = "not_same", skip, undo }
    var decision: Kind
    var idA: String?
    var idB: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case decision, idA = "id_a", idB = "id_b"
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        decision = try c.decode(Kind.self, forKey: .decision)
        idA = try c.decodeIfPresent(String.self, forKey: .idA)
        idB = try c.decodeIfPresent(String.self, forKey: .idB)
        if decision != .undo {
            guard let a = idA, !a.isEmpty else { throw APIError.invalidField("id_a", "required for '\(decision.rawValue)'") }
            guard let b = idB, !b.isEmpty else { throw APIError.invalidField("id_b", "required for '\(decision.rawValue)'") }
        }
    }
}

extension OpenAPI {
    /// The review operations' paths (inserted at the top of the document's `paths`).
    static let reviewPaths = #"""
    "/review/{name}": {
      "parameters": [{"$ref": "#/components/parameters/RegisterName"}],
      "get": {
        "operationId": "reviewPage",
        "summary": "The review page of a register (HTML, self-contained; it holds no data and calls the review API, with a token given as #token=… in its URL when the server requires one).",
        "security": [],
        "responses": {"200": {"description": "The page.", "content": {"text/html": {}}}, "404": {"$ref": "#/components/responses/Error"}}
      }
    },
    "/v1/registers/{name}/review/next": {
      "parameters": [{"$ref": "#/components/parameters/RegisterName"}],
      "get": {
        "operationId": "reviewNext",
        "summary": "The undecided pairs of the review band, most informative first (closest to the match threshold), with both records' values, the per-field weights and the review's progress.",
        "parameters": [{"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 1}}],
        "responses": {
          "200": {"description": "Pairs and progress.", "content": {"application/json": {"schema": {"type": "object", "required": ["pairs", "progress"], "properties": {"pairs": {"type": "array", "items": {"$ref": "#/components/schemas/ReviewPair"}}, "progress": {"$ref": "#/components/schemas/ReviewProgress"}}}}}},
          "400": {"$ref": "#/components/responses/Error"},
          "401": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/registers/{name}/review/decisions": {
      "parameters": [{"$ref": "#/components/parameters/RegisterName"}],
      "post": {
        "operationId": "reviewDecide",
        "summary": "A person's decision on a pair: same (must-link), not_same (cannot-link, also through chains), skip (leaves the queue), or undo (takes back the latest). Stored in the register and obeyed by every later batch; enough decisions re-estimate the model.",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["decision"], "additionalProperties": false, "properties": {"decision": {"type": "string", "enum": ["same", "not_same", "skip", "undo"]}, "id_a": {"type": "string"}, "id_b": {"type": "string"}}}}}},
        "responses": {
          "200": {"description": "Stored; what it changed.", "content": {"application/json": {"schema": {"type": "object", "required": ["progress", "cluster_events", "reestimated", "moved_up", "moved_down"], "properties": {"progress": {"$ref": "#/components/schemas/ReviewProgress"}, "cluster_events": {"type": "integer"}, "reestimated": {"type": "boolean"}, "moved_up": {"type": "integer"}, "moved_down": {"type": "integer"}}}}}},
          "400": {"$ref": "#/components/responses/Error"},
          "401": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"},
          "409": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/registers/{name}/review/progress": {
      "parameters": [{"$ref": "#/components/parameters/RegisterName"}],
      "get": {
        "operationId": "reviewProgress",
        "summary": "Decision counts, pairs left, and what the decisions changed (re-estimations, pairs moved across the match threshold, estimated precision).",
        "responses": {
          "200": {"description": "The progress.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReviewProgress"}}}},
          "401": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}
        }
      }
    },

"""#

    /// The review schemas and parameter (inserted into `components`).
    static let reviewComponents = (
        parameters: #""RegisterName": {"name": "name", "in": "path", "required": true, "description": "A register in the data directory (registers/<name>.sqlite).", "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"}}, "#,
        schemas: #"""
      "ReviewPair": {
        "type": "object",
        "properties": {
          "id_a": {"type": "string"}, "id_b": {"type": "string"}, "weight": {"type": "number"},
          "probability": {"type": "number"}, "other_weight": {"type": "number"},
          "fields": {"type": "array", "items": {"type": "object", "properties": {"field": {"type": "string"}, "level": {"type": "integer"}, "weight": {"type": "number"}}}},
          "columns": {"type": "array", "items": {"type": "string"}},
          "values_a": {"type": "array", "items": {"type": "string"}}, "values_b": {"type": "array", "items": {"type": "string"}}
        }
      },
      "ReviewProgress": {
        "type": "object",
        "properties": {
          "same": {"type": "integer"}, "not_same": {"type": "integer"}, "skipped": {"type": "integer"},
          "remaining": {"type": "integer"}, "match_pairs": {"type": "integer"}, "match_threshold": {"type": "number"},
          "review_threshold": {"type": "number"}, "reestimations": {"type": "integer"},
          "decisions_at_last_fit": {"type": "integer"}, "reestimate_at": {"type": "integer"},
          "reestimate_per_side": {"type": "integer"}, "moved_up": {"type": "integer"}, "moved_down": {"type": "integer"},
          "estimated_precision": {"type": "number"}, "decided_above": {"type": "integer"}, "decided_above_same": {"type": "integer"}
        }
      },

"""#)
}
