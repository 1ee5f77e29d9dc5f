import Dispatch
import Dubblett
import DubblettStore
import Foundation
import Hummingbird
import Logging

/// The registers the server holds open: `{data}/registers/{name}.sqlite` register stores (made with
/// `dubblett register init`), each opened on first use as a `LiveRegister` and kept open, its buckets in
/// memory, until the server stops.
///
/// Opening (about 1.5 s per million records) and writes run on their own threads, never on the event
/// loop or Swift's cooperative pool; a match is a few microseconds of work and runs in the request's task.
final class RegisterHost: @unchecked Sendable {
    let directory: String
    let workers: Int
    let maxRecords: Int
    private let lock = NSLock()
    private var open: [String: Task<LiveRegister, any Error>] = [:]
    private let blocking = DispatchQueue(label: "dubblett.registers", attributes: .concurrent)

    init(data: DataDirectory, workers: Int, maxRecords: Int = 10_000) throws {
        directory = data.root + "/registers"
        self.workers = workers
        self.maxRecords = maxRecords
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ConfigurationError(message: "\(directory): cannot create it (\(error.localizedDescription))")
        }
    }

    /// A register name: 1 to 64 of A–Z, a–z, 0–9, `_` and `-`, starting with a letter or digit.
    static func isName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...64).contains(bytes.count) else { return false }
        for (i, b) in bytes.enumerated() {
            let alnum = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            if !(alnum || (i > 0 && (b == UInt8(ascii: "_") || b == UInt8(ascii: "-")))) { return false }
        }
        return true
    }

    /// The open register `name`, opening it on first use (concurrent first requests share one opening).
    func register(_ name: String) async throws -> LiveRegister {
        guard Self.isName(name) else {
            throw APIError(
                .badRequest, "invalid_register_name",
                "path parameter 'name': 1 to 64 letters A-Z, digits, '_' or '-', starting with a letter or digit")
        }
        let path = directory + "/" + name + ".sqlite"
        let task = opening(name, path: path)
        do {
            return try await task.value
        } catch {
            // A failed opening is not kept: the next request tries again (the file may appear later).
            forget(name)
            throw Self.apiError(error)
        }
    }

    private func forget(_ name: String) {
        lock.lock()
        open[name] = nil
        lock.unlock()
    }

    private func opening(_ name: String, path: String) -> Task<LiveRegister, any Error> {
        lock.lock()
        defer { lock.unlock() }
        if let t = open[name] { return t }
        let workers = self.workers
        let t = Task { try await self.run { try LiveRegister(path: path, workers: workers) } }
        open[name] = t
        return t
    }

    /// Runs `body` on a thread of its own (writes and openings block for seconds).
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { c in
            blocking.async { c.resume(with: Result { try body() }) }
        }
    }

    /// A store error as the API's error (paths are the server's own; the message names no value).
    static func apiError(_ error: any Error) -> any Error {
        guard let e = error as? RegisterStoreError else { return error }
        switch e {
        case .notFound, .notInitialised:
            return APIError(
                .notFound, "register_not_found",
                "no register with the name in the path parameter 'name' (create it with `dubblett register init "
                    + "DATA/registers/NAME.sqlite --from FILE`)")
        case .inUse:
            return APIError(.conflict, "register_in_use", "the register is open for writing in another process")
        case .columnsDiffer(_, _, let extra):
            return APIError(
                .badRequest, "unknown_column",
                "column(s) the register does not have: \(extra.joined(separator: ", "))")
        case .badIDs(_, let lines, let reason):
            let shown = lines.prefix(10).map { "records[\($0 - 2)]" }.joined(separator: ", ")
            return APIError(.badRequest, "invalid_field", "field 'id': \(reason) in \(shown)")
        case .badInput(_, let why): return APIError(.badRequest, "invalid_field", why)
        case .database:
            return APIError(.internalServerError, "storage_error", "the register could not be written; it is as it was")
        default:
            return APIError(.internalServerError, "register_unusable", "the register file cannot be served by this server")
        }
    }
}

/// The register operations of the API (`/v1/registers/…`).
enum RegisterRoutes {
    static let operations: [(method: HTTPRequest.Method, path: String)] = [
        (.post, "/v1/registers/{name}/match"), (.post, "/v1/registers/{name}/records"),
        (.delete, "/v1/registers/{name}/records/{id}"), (.get, "/v1/registers/{name}/clusters/{id}"),
        (.get, "/v1/registers/{name}/events"),
    ]

    /// `POST …/match` body.
    struct MatchRequest: Decodable, FlatDecodable {
        var record: [String: String]
        var limit: Int?
        var minWeight: Double?

        init?(flat bytes: UnsafeBufferPointer<UInt8>) {
            var record: [String: String]?, limit: Int?, minWeight: Double?
            let read = FlatJSON.object(bytes) { key, reader in
                switch key {
                case "record": record = reader.stringObject(); return record != nil
                case "limit": limit = reader.integer(); return limit.map { (1...100).contains($0) } ?? false
                case "min_weight": minWeight = reader.number(); return minWeight.map { (-100...100).contains($0) } ?? false
                default: return false
                }
            }
            guard read, let record else { return nil }
            (self.record, self.limit, self.minWeight) = (record, limit, minWeight)
        }
        enum CodingKeys: String, CodingKey, CaseIterable {
            case record, limit
            case minWeight = "min_weight"
        }
        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            record = try c.decode([String: String].self, forKey: .record)
            limit = try c.decodeIfPresent(Int.self, forKey: .limit)
            minWeight = try c.decodeIfPresent(Double.self, forKey: .minWeight)
            if let l = limit, !(1...100).contains(l) { throw APIError.invalidField("limit", "must be 1 to 100") }
            if let w = minWeight, !(-100...100).contains(w) {
                throw APIError.invalidField("min_weight", "must be between -100 and 100")
            }
        }
    }

    /// `POST …/records` body.
    struct RecordsRequest: Decodable {
        var records: [[String: String]]
        enum CodingKeys: String, CodingKey, CaseIterable { case records }
        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            records = try decoder.container(keyedBy: CodingKeys.self).decode([[String: String]].self, forKey: .records)
        }
    }

    /// `{"candidates":[…]}` as `JSONEncoder` with sorted keys writes it, without its generic machinery (a
    /// third of a match's time on Linux).
    static func matchJSON(_ found: [LiveRegister.Match]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + found.count * 700)
        func put(_ s: String) { out.append(contentsOf: s.utf8) }
        func string(_ s: String) {
            out.append(UInt8(ascii: "\""))
            for b in s.utf8 {
                switch b {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                    out.append(UInt8(ascii: "\\"))
                    out.append(b)
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: Array("\\u00".utf8))
                    out.append(hex[Int(b >> 4)])
                    out.append(hex[Int(b & 0xF)])
                default: out.append(b)
                }
            }
            out.append(UInt8(ascii: "\""))
        }
        put(#"{"candidates":["#)
        for (i, m) in found.enumerated() {
            if i > 0 { put(",") }
            put("{")
            if let c = m.cluster { put(#""cluster":\#(c),"#) }
            put(#""fields":["#)
            for (j, f) in m.fields.enumerated() {
                if j > 0 { put(",") }
                put(#"{"field":"#)
                string(f.field)
                put(#","level":"#)
                string(f.level)
                put(#","weight":\#(f.weight.isFinite ? f.weight : 0)}"#)
            }
            put(#"],"id":"#)
            string(m.id)
            put(#","probability":\#(m.probability.isFinite ? m.probability : 0),"weight":\#(m.weight.isFinite ? m.weight : 0)}"#)
        }
        put("]}")
        return out
    }

    struct BatchResponse: Encodable {
        var batch: Int64
        var inserted, updated, unchanged, removed, newPairs, events: Int
        var seconds: Double
        var records: [Assignment]
        enum CodingKeys: String, CodingKey {
            case batch, inserted, updated, unchanged, removed, events, seconds, records
            case newPairs = "new_pairs"
        }
        struct Assignment: Encodable {
            var id: String
            var cluster: Int64?
        }
        init(_ s: BatchSummary, records: [Assignment]) {
            (batch, inserted, updated, unchanged, removed) = (s.batch, s.inserted, s.updated, s.unchanged, s.removed)
            (newPairs, events, seconds, self.records) = (s.newPairs, s.events, s.seconds, records)
        }
    }

    struct ClusterResponse: Encodable {
        var id: Int64
        var size: Int
        var createdBatch: Int64
        var retiredBatch: Int64?
        var members: [String]
        enum CodingKeys: String, CodingKey {
            case id, size, members
            case createdBatch = "created_batch"
            case retiredBatch = "retired_batch"
        }
    }

    struct EventsResponse: Encodable {
        var events: [Event]
        /// The sequence number to ask after next time.
        var next: Int64
        struct Event: Encodable {
            var seq, batch: Int64
            var kind: String
            var cluster, otherCluster: Int64?
            var record: String?
            enum CodingKeys: String, CodingKey {
                case seq, batch, kind, cluster, record
                case otherCluster = "other_cluster"
            }
        }
    }
}

extension ServerAPI {
    /// Dispatches a register operation of `RegisterRoutes.operations`.
    func handleRegister(_ method: HTTPRequest.Method, _ path: String, _ request: Request, _ context: Context)
        async throws -> Response
    {
        let name = context.parameters.get("name") ?? ""
        switch (method, path) {
        case (.post, "/v1/registers/{name}/match"):
            try rejectRegisterQuery(request, allowed: [])
            let body = try await JSONBody.decode(RegisterRoutes.MatchRequest.self, from: request, limit: config.maxBodyBytes)
            let live = try await registers.register(name)
            do {
                let found = try live.match(body.record, minimumWeight: body.minWeight, limit: body.limit ?? 10)
                return Response(
                    status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(bytes: RegisterRoutes.matchJSON(found))))
            } catch {
                throw RegisterHost.apiError(error)
            }
        case (.post, "/v1/registers/{name}/records"):
            try rejectRegisterQuery(request, allowed: [])
            let body = try await JSONBody.decode(RegisterRoutes.RecordsRequest.self, from: request, limit: config.maxBodyBytes)
            guard !body.records.isEmpty, body.records.count <= registers.maxRecords else {
                throw APIError.invalidField("records", "give 1 to \(registers.maxRecords) records")
            }
            let live = try await registers.register(name)
            for (i, r) in body.records.enumerated() where (r[live.idColumn] ?? "").isEmpty {
                throw APIError.invalidField("records[\(i)].\(live.idColumn)", "required: the record's id in the register")
            }
            let records = body.records
            do {
                let (summary, assigned) = try await registers.run { () throws -> (BatchSummary, [(String, Int64?)]) in
                    let s = try live.upsert(records)
                    let ids = records.map { $0[live.idColumn] ?? "" }
                    return (s, try ids.map { ($0, try live.store.clusterID(ofRecord: $0)) })
                }
                return Self.json(
                    RegisterRoutes.BatchResponse(summary, records: assigned.map { .init(id: $0.0, cluster: $0.1) }))
            } catch {
                throw RegisterHost.apiError(error)
            }
        case (.delete, "/v1/registers/{name}/records/{id}"):
            try rejectRegisterQuery(request, allowed: [])
            let id = context.parameters.get("id") ?? ""
            let live = try await registers.register(name)
            let summary: BatchSummary
            do {
                summary = try await registers.run { try live.remove(ids: [id]) }
            } catch {
                throw RegisterHost.apiError(error)
            }
            guard summary.removed == 1 else {
                throw APIError(.notFound, "record_not_found", "no record with the id in the path parameter 'id'")
            }
            return Self.json(RegisterRoutes.BatchResponse(summary, records: []))
        case (.get, "/v1/registers/{name}/clusters/{id}"):
            try rejectRegisterQuery(request, allowed: [])
            let live = try await registers.register(name)
            guard let id = Int64(context.parameters.get("id") ?? ""), id > 0,
                let c = try live.cluster(id)
            else {
                throw APIError(.notFound, "cluster_not_found", "no cluster with the id in the path parameter 'id'")
            }
            return Self.json(
                RegisterRoutes.ClusterResponse(
                    id: c.id, size: c.size, createdBatch: c.createdBatch, retiredBatch: c.retiredBatch, members: c.members))
        case (.get, "/v1/registers/{name}/events"):
            try rejectRegisterQuery(request, allowed: ["after", "limit"])
            let q = request.uri.queryParameters
            let after = try q["after"].map { s -> Int64 in
                guard let v = Int64(String(s)), v >= 0 else {
                    throw APIError.invalidField("after", "query parameter must be a whole number ≥ 0")
                }
                return v
            } ?? 0
            let limit = try q["limit"].map { s -> Int in
                guard let v = Int(String(s)), (1...10_000).contains(v) else {
                    throw APIError.invalidField("limit", "query parameter must be 1 to 10000")
                }
                return v
            } ?? 1_000
            let live = try await registers.register(name)
            let events = try live.events(after: after, limit: limit)
            return Self.json(
                RegisterRoutes.EventsResponse(
                    events: events.map {
                        .init(
                            seq: $0.sequence, batch: $0.batch, kind: $0.kind, cluster: $0.cluster,
                            otherCluster: $0.otherCluster, record: $0.record)
                    },
                    next: events.last?.sequence ?? after))
        default: throw HTTPError(.notFound)
        }
    }

    private func rejectRegisterQuery(_ request: Request, allowed: Set<String>) throws(APIError) {
        for (key, _) in request.uri.queryParameters where !allowed.contains(String(key)) {
            throw APIError(
                .badRequest, "unknown_parameter",
                "unknown query parameter '\(key)'"
                    + (allowed.isEmpty ? "; this operation takes none" : "; it takes: " + allowed.sorted().joined(separator: ", ")))
        }
    }
}

extension RegisterRoutes {
    /// A committed batch's counts and the clusters of its records.
    static let batchSchema = #"""
{"type": "object", "required": ["batch", "inserted", "updated", "unchanged", "removed", "new_pairs", "events", "seconds", "records"], "properties": {"batch": {"type": "integer"}, "inserted": {"type": "integer"}, "updated": {"type": "integer"}, "unchanged": {"type": "integer"}, "removed": {"type": "integer"}, "new_pairs": {"type": "integer"}, "events": {"type": "integer"}, "seconds": {"type": "number"}, "records": {"type": "array", "items": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "cluster": {"type": "integer"}}}}}}
"""#

    /// The register operations' entries of the OpenAPI document's `paths` (spliced into `OpenAPI.document`).
    static let openAPIPaths = #"""
    "/v1/registers/{name}/match": {
      "parameters": [{"$ref": "#/components/parameters/RegisterName"}],
      "post": {
        "operationId": "matchRecord",
        "summary": "Is this record already in the register? Its candidate duplicates, best first, with match weight, probability and each field's level and weight. Blocked and scored with the register's own rules and model, against buckets held in memory.",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {
          "type": "object", "required": ["record"], "additionalProperties": false,
          "properties": {
            "record": {"type": "object", "additionalProperties": {"type": "string"}, "description": "Column name → value, the register's column names; missing columns are empty, unknown ones are refused (unknown_column)."},
            "limit": {"type": "integer", "minimum": 1, "maximum": 100, "default": 10},
            "min_weight": {"type": "number", "minimum": -100, "maximum": 100, "description": "Default: the register's review threshold."}
          }}}}},
        "responses": {
          "200": {"description": "The candidates (possibly none).", "content": {"application/json": {"schema": {
            "type": "object", "required": ["candidates"], "properties": {"candidates": {"type": "array", "items": {
              "type": "object", "required": ["id", "weight", "probability", "fields"],
              "properties": {
                "id": {"type": "string"}, "cluster": {"type": "integer", "description": "Stable cluster id, when the record is in a cluster."},
                "weight": {"type": "number"}, "probability": {"type": "number"},
                "fields": {"type": "array", "items": {"type": "object", "required": ["field", "level", "weight"], "properties": {"field": {"type": "string"}, "level": {"type": "string"}, "weight": {"type": "number"}}}}
              }}}}}}}},
          "400": {"$ref": "#/components/responses/Error"},
          "401": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"},
          "409": {"$ref": "#/components/responses/Error"},
          "413": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/registers/{name}/records": {
      "parameters": [{"$ref": "#/components/parameters/RegisterName"}],
      "post": {
        "operationId": "upsertRecords",
        "summary": "Add or update records by id, as one batch: only they are matched against the register, clusters keep their stable ids, every change is an event. Writes run one at a time; matching goes on meanwhile.",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {
          "type": "object", "required": ["records"], "additionalProperties": false,
          "properties": {"records": {"type": "array", "minItems": 1, "maxItems": 10000, "items": {"type": "object", "additionalProperties": {"type": "string"}, "description": "Column → value; the register's id column is required."}}}}}}},
        "responses": {
          "200": {"description": "The batch, committed.", "content": {"application/json": {"schema": \#(batchSchema)}}},
          "400": {"$ref": "#/components/responses/Error"},
          "401": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"},
          "409": {"$ref": "#/components/responses/Error"},
          "413": {"$ref": "#/components/responses/Error"},
          "500": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/registers/{name}/records/{id}": {
      "parameters": [{"$ref": "#/components/parameters/RegisterName"}, {"name": "id", "in": "path", "required": true, "description": "The record's register id.", "schema": {"type": "string"}}],
      "delete": {
        "operationId": "eraseRecord",
        "summary": "Erase a record (right to be forgotten): its values leave the register file (secure delete, vacuum); the event says only that the id was removed.",
        "responses": {
          "200": {"description": "Erased.", "content": {"application/json": {"schema": \#(batchSchema)}}},
          "401": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/registers/{name}/clusters/{id}": {
      "parameters": [{"$ref": "#/components/parameters/RegisterName"}, {"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}}],
      "get": {
        "operationId": "getCluster",
        "summary": "A stable cluster: its members' ids, size, and the batches that created and (when it has no members left) retired it.",
        "responses": {
          "200": {"description": "The cluster.", "content": {"application/json": {"schema": {"type": "object", "required": ["id", "size", "created_batch", "members"], "properties": {"id": {"type": "integer"}, "size": {"type": "integer"}, "created_batch": {"type": "integer"}, "retired_batch": {"type": "integer"}, "members": {"type": "array", "items": {"type": "string"}}}}}}},
          "401": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/registers/{name}/events": {
      "parameters": [{"$ref": "#/components/parameters/RegisterName"}],
      "get": {
        "operationId": "listEvents",
        "summary": "Cluster events after a sequence number, for followers: created, joined, left, merged, split, dissolved, removed. Ask again with after=next.",
        "parameters": [
          {"name": "after", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 0, "default": 0}},
          {"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 1000}}
        ],
        "responses": {
          "200": {"description": "The events, in order.", "content": {"application/json": {"schema": {"type": "object", "required": ["events", "next"], "properties": {
            "next": {"type": "integer"},
            "events": {"type": "array", "items": {"type": "object", "required": ["seq", "batch", "kind"], "properties": {"seq": {"type": "integer"}, "batch": {"type": "integer"}, "kind": {"type": "string"}, "cluster": {"type": "integer"}, "other_cluster": {"type": "integer"}, "record": {"type": "string"}}}}}}}}},
          "400": {"$ref": "#/components/responses/Error"},
          "401": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}
        }
      }
    }
"""#
}

extension RegisterRoutes {
    /// The register operations' shared parameter and schema, spliced into the document's components.
    static let openAPIComponents = #"""
"RegisterName": {"name": "name", "in": "path", "required": true, "description": "A register store DATA/registers/NAME.sqlite, made with `dubblett register init`. Errors: invalid_register_name, register_not_found, register_in_use, unknown_column, record_not_found, cluster_not_found.", "schema": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"}}
"""#
}
